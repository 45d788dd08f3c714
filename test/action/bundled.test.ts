// The GitHub Action end to end: the bundled dist/index.js under Node 24 against a loopback server that
// speaks the real cache v2 and artifact protocols (real @actions/cache and @actions/artifact clients),
// on the example project with real dbt. Cache and artifact faults: cache-faults.test.ts.

import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBundledAction, type ActionRun } from '../helpers/action.js';
import { startFakeActionsServer, type FakeActionsServer } from '../helpers/fake-actions-server.js';
import { TINY, workspaceWith } from '../helpers/fixtures.js';
import { EXAMPLE } from '../helpers/project.js';
import { validateRunResults } from '../helpers/schema.js';

const workspaceWithExample = (): string => workspaceWith(EXAMPLE);

const INPUTS = { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', threads: '4' };
const TINY_INPUTS = { ...INPUTS, 'project-dir': 'tiny', 'profiles-dir': 'tiny' };

function assertStep(run: ActionRun, ok: boolean): void {
  const failed = run.commands.some((c) => c.command === 'error' && c.properties === '' && run.code !== 0);
  assert.equal(run.code === 0, ok, `exit ${run.code}${failed ? ' (failed)' : ''}\n${run.stdout}\n${run.stderr}`);
}

describe('bundled action, two consecutive runs', () => {
  let server: FakeActionsServer;
  let workspace: string;
  let first: ActionRun;
  let second: ActionRun;
  let storeEntriesAfterFirst: Array<{ key: string; finalized: boolean }>;

  before(async () => {
    workspace = workspaceWithExample();
    server = await startFakeActionsServer({ workspace });
    first = await runBundledAction({ workspace, inputs: INPUTS, serviceEnv: server.env(), runId: server.run.runId });
    storeEntriesAfterFirst = server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-store-v1-'));
    // The second run starts on a runner without the first run's local store: only the cache can help.
    rmSync(join(workspace, 'jaffle_shop/.dbt-orchestrator'), { recursive: true, force: true });
    server.newRun();
    second = await runBundledAction({ workspace, inputs: INPUTS, serviceEnv: server.env(), runId: server.run.runId });
  });
  after(() => server.close());

  it('the first run builds everything and saves one cache entry for the store', () => {
    assertStep(first, true);
    assert.equal(first.outputs.status, 'success');
    assert.equal(first.outputs['cache-hit'], 'false');
    assert.equal(Number(first.outputs.built), 44);
    assert.equal(first.outputs.reused, '0');
    assert.equal(first.outputs.failed, '0');
    assert.equal(first.outputs.skipped, '0');
    assert.ok(first.outputs['run-results-path'].endsWith('jaffle_shop/target/run_results.json'));
    assert.ok(first.outputs['manifest-path'].endsWith('jaffle_shop/target/manifest.json'));
    const storeEntries = storeEntriesAfterFirst;
    assert.equal(storeEntries.length, 1);
    assert.ok(storeEntries[0].finalized);
    // Only hashes, ids and the prefix: no input values (they may be secrets).
    assert.match(storeEntries[0].key, /^dbt-orchestrator-store-v1-[0-9a-f]{16}-\d+-1-[0-9a-f]{8}$/);
  });

  it('the second run restores that state and reuses every node', () => {
    assertStep(second, true);
    assert.equal(second.outputs['cache-hit'], 'true');
    assert.equal(second.outputs.built, '0');
    assert.equal(Number(second.outputs.reused), 44);
    assert.equal(server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-store-v1-')).length, 2);
    // dbt's partial-parse file travels too, so warm runs parse fast.
    assert.ok(server.cacheEntries().some((e) => e.key.startsWith('dbt-orchestrator-parse-v1-')));
    assert.match(second.stdout, /result store restored from dbt-orchestrator-store-v1-/);
  });

  it('each run uploads one artifact with schema-valid run_results', () => {
    const artifacts = server.artifacts();
    assert.equal(artifacts.length, 2, 'one artifact per run');
    const artifact = artifacts.find((a) => String(a.id) === second.outputs['artifact-id'])!;
    assert.ok(artifact, `artifact ${second.outputs['artifact-id']} not uploaded`);
    assert.notEqual(first.outputs['artifact-id'], second.outputs['artifact-id']);
    assert.equal(artifact.name, 'dbt-orchestrator');
    assert.equal(String(artifact.id), second.outputs['artifact-id']);
    for (const f of ['target/manifest.json', 'target/run_results.json', 'target/orchestrator.json', 'logs/dbt-orchestrator.log']) {
      assert.ok(artifact.files.includes(f), `${f} missing from ${artifact.files.join(', ')}`);
    }
    const runResults = JSON.parse(artifact.read('target/run_results.json').toString());
    const validation = validateRunResults(runResults);
    assert.ok(validation.valid, validation.errors.join('\n'));
    assert.equal(runResults.results.length, 44);
    assert.ok(runResults.results.every((r: { status: string }) => r.status === 'reused'));
  });

  it('writes a job summary with the totals and log groups per phase', () => {
    assert.match(first.summary, /44 built/);
    assert.match(second.summary, /44 reused/);
    for (const group of ['dbt-orchestrator: restore cache', 'dbt: parse', 'dbt-orchestrator: plan', 'dbt-orchestrator: execute', 'dbt-orchestrator: report']) {
      assert.ok(first.commands.some((c) => c.command === 'group' && c.message === group), group);
    }
    assert.match(first.stdout, /^OK {5}model customers/m);
  });
});

describe('a failing node in the action', () => {
  it('fails the step, annotates the model file, and reports the failure in outputs and summary', async () => {
    // The tiny project: the subject is how the action reports a failure, not the size of the project.
    const workspace = workspaceWith(TINY);
    writeFileSync(join(workspace, 'tiny/models/broken.sql'), "{{ config(materialized='table') }}\nselect error('boom: broken on purpose') as id\n");
    writeFileSync(join(workspace, 'tiny/models/broken_child.sql'), "select id from {{ ref('broken') }}\n");
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({ workspace, inputs: TINY_INPUTS, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(run, false);
      assert.equal(run.outputs.status, 'failed');
      assert.equal(run.outputs.failed, '1');
      assert.equal(run.outputs.skipped, '1');
      const annotation = run.commands.find((c) => c.command === 'error' && c.properties.includes('file=tiny/models/broken.sql'));
      assert.ok(annotation, run.commands.map((c) => `${c.command} ${c.properties}`).join('\n'));
      assert.match(annotation.message, /boom: broken on purpose/);
      assert.match(run.summary, /broken on purpose/);
      assert.match(run.summary, /<details>/);
      assert.match(run.summary, /error\('boom: broken on purpose'\)/);
    } finally {
      await server.close();
    }
  });

  it('bad input fails before anything runs, naming the input', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({ workspace, inputs: { ...INPUTS, threads: 'many', reuse: 'maybe' }, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(run, false);
      assert.equal(run.outputs.status, 'error');
      assert.ok(run.commands.some((c) => c.command === 'error' && /Input 'reuse': 'maybe' is not one of 'true', 'false', 'read-only'/.test(c.message)), run.stdout);
      assert.equal(existsSync(join(workspace, 'jaffle_shop/jaffle_shop.duckdb')), false);
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

describe('command: freshness in the action', () => {
  it('reports the table in the summary, uploads sources.json, and fails only with on-stale: fail', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    try {
      const inputs = { command: 'freshness', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop' };
      const warn = await runBundledAction({ workspace, inputs, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(warn, true);
      assert.equal(warn.outputs.status, 'success');
      // Nothing was loaded yet: the freshness query of raw.orders fails, which is reported, never hidden.
      // A Markdown table like the build summary's: icon, source, max_loaded_at, age, thresholds, status.
      assert.match(warn.summary, /^## ❌ dbt source freshness: 0 fresh, 0 warn, 0 error, 1 not measurable, 2 without freshness config$/m);
      assert.match(warn.summary, /^\| 💥 \| `raw\.orders` \| – \| – \| 12 hours \| 24 hours \| not measurable: .+ \|$/m);
      assert.match(warn.summary, /^\| ➖ \| `raw\.payments` \| – \| – \| – \| – \| no freshness config \|$/m);
      assert.match(warn.summary, /on-stale: `warn`/);
      assert.ok(warn.commands.some((c) => c.command === 'warning' && /source raw\.orders is not measurable/.test(c.message)), warn.stdout);
      const artifact = server.artifacts().find((a) => String(a.id) === warn.outputs['artifact-id'])!;
      assert.deepEqual(artifact.files, ['target/sources.json']);
      server.newRun();
      const fail = await runBundledAction({ workspace, inputs: { ...inputs, 'on-stale': 'fail' }, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(fail, false);
      assert.equal(fail.outputs.status, 'failed');
    } finally {
      await server.close();
    }
  });
});
