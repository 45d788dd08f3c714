// JSON files parsed at the door (src/util/json-file.ts and each kind's shape parser): dbt's manifest.json, the
// production manifest the impact report reads, and the workflow event payload. A truncated or foreign file is
// a reason naming the file and the field, never a TypeError deep inside.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifest, parseManifestNodes, readManifest } from '../../src/dbt/manifest.js';
import { InputError } from '../../src/errors.js';
import { prNumberFromEvent } from '../../src/github/comment.js';
import { parseEventPayload } from '../../src/github/event-payload.js';
import { headShaOf } from '../../src/github/pr-impact.js';
import { readProduction } from '../../src/impact/collect.js';
import { parseJsonText } from '../../src/util/json-file.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'json-doors-'));

function model(name: string): Record<string, unknown> {
  return {
    unique_id: `model.p.${name}`,
    resource_type: 'model',
    name,
    package_name: 'p',
    fqn: ['p', name],
    path: `${name}.sql`,
    original_file_path: `models/${name}.sql`,
    database: null,
    schema: 'main',
    config: { materialized: 'table' },
    depends_on: { nodes: [], macros: [] },
  };
}

function manifest(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metadata: { dbt_version: '1.12.6', project_name: 'p' },
    nodes: { 'model.p.a': model('a') },
    sources: {},
    macros: { 'macro.p.m': { unique_id: 'macro.p.m', name: 'm', package_name: 'p', original_file_path: 'macros/m.sql', macro_sql: '{% macro m() %}{% endmacro %}' } },
    child_map: { 'model.p.a': [] },
    ...extra,
  };
}

describe("dbt's manifest.json at the door", () => {
  it('a manifest with what the engine dereferences parses to the same value', () => {
    const value = manifest();
    const parsed = parseManifest(value, 'manifest.json');
    assert.ok(parsed.ok);
    assert.equal(parsed.value, value);
  });

  it('a node without its config is a reason naming the node and the field', () => {
    const { config: _config, ...bare } = model('b');
    const parsed = parseManifest(manifest({ nodes: { 'model.p.b': bare } }), 'manifest.json');
    assert.equal(parsed.ok, false);
    assert.match((parsed as { reason: string }).reason, /^manifest\.json nodes\["model\.p\.b"\] has no "config" object \(is it a dbt manifest\.json, schema v12\?\)$/);
  });

  it('missing sections, a macro without its SQL and a malformed child_map are reasons too', () => {
    const reason = (value: unknown): string => {
      const parsed = parseManifest(value, 'm.json');
      assert.equal(parsed.ok, false, JSON.stringify(value).slice(0, 100));
      return (parsed as { reason: string }).reason;
    };
    assert.match(reason([]), /m\.json is not a JSON object/);
    assert.match(reason(manifest({ metadata: {} })), /no "metadata" with a "dbt_version"/);
    assert.match(reason(manifest({ sources: undefined })), /has no "sources" mapping/);
    assert.match(reason(manifest({ macros: { 'macro.p.m': { unique_id: 'macro.p.m', name: 'm', package_name: 'p', original_file_path: 'x' } } })), /macros\["macro\.p\.m"\] has no "macro_sql" string/);
    assert.match(reason(manifest({ child_map: { 'model.p.a': 'model.p.b' } })), /"child_map" that is not a mapping of lists/);
  });

  it('a truncated manifest.json from dbt is bad environment (InputError, exit 2) naming the file, not a SyntaxError', async () => {
    const path = join(dir(), 'manifest.json');
    writeFileSync(path, JSON.stringify(manifest()).slice(0, 40));
    await assert.rejects(readManifest(path), (e: unknown) => e instanceof InputError && e.input === 'dbt' && e.message.includes(`the manifest.json dbt wrote (${path}) is not valid JSON`) && /supported dbt-core version/.test(e.message));
  });
});

describe("production's manifest.json for the impact report", () => {
  it('only its nodes are read and checked: a file of nodes parses, nodes that are not a mapping are the reason', () => {
    const ok = parseManifestNodes({ nodes: { 'model.p.a': model('a') } }, "production's manifest.json");
    assert.ok(ok.ok);
    assert.deepEqual(Object.keys(ok.value), ['model.p.a']);
    const state = dir();
    writeFileSync(join(state, 'manifest.json'), JSON.stringify({ nodes: [model('a')] }));
    assert.equal(readProduction(state), `production's manifest.json has no "nodes" mapping (is it a dbt manifest.json?)`);
    assert.match(String(readProduction(dir())), /^cannot read production's manifest\.json \(ENOENT\)$/);
  });
});

describe('the workflow event payload', () => {
  it("a pull request's number and head commit are read; anything else of the payload is ignored", () => {
    const parsed = parseEventPayload({ action: 'opened', pull_request: { number: 7, head: { sha: 'abc1234' } } }, 'event');
    assert.deepEqual(parsed, { ok: true, value: { pullRequest: { number: 7, headSha: 'abc1234' } } });
    assert.deepEqual(parseEventPayload({ pull_request: { number: '7', head: 'x' } }, 'event'), { ok: true, value: { pullRequest: { number: undefined, headSha: undefined } } });
    assert.deepEqual(parseEventPayload({ schedule: '0 5 * * *' }, 'event'), { ok: true, value: {} });
    assert.equal(parseEventPayload(null, 'event').ok, false);
    assert.equal(parseJsonText('{"pull_request": 3}', 'event', parseEventPayload).ok, false);
  });

  it('an unreadable payload falls back: no pull request to comment on, the run commit for file links', () => {
    const path = join(dir(), 'event.json');
    writeFileSync(path, '{"pull_request": {"number": 7, "head": {"sha": "abc12');
    assert.equal(prNumberFromEvent(path, { GITHUB_EVENT_NAME: 'pull_request' }), undefined);
    assert.equal(headShaOf({ GITHUB_EVENT_PATH: path, GITHUB_SHA: 'def5678' }), 'def5678');
    writeFileSync(path, JSON.stringify({ pull_request: { number: 7, head: { sha: 'abc1234' } } }));
    assert.equal(prNumberFromEvent(path, { GITHUB_EVENT_NAME: 'pull_request' }), 7);
    assert.equal(headShaOf({ GITHUB_EVENT_PATH: path, GITHUB_SHA: 'def5678' }), 'abc1234');
  });
});
