// dbt-core 1.12's partial parsing checksums files on whitespace-normalised contents, so a whitespace
// change inside a string literal ('gold tier' → 'gold  tier') would keep the old SQL in the manifest and
// the engine would reuse a table built from other code. The bridge makes dbt re-read such files in the
// same parse (python/partial_parse_guard.py). Real dbt, real DuckDB, test/fixtures/shop.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { copyExample, editFile, executedIds, orchestrate, REPO, type CliRun } from './helpers/project.js';
import { duckdbOf, snapshotWarehouse } from './helpers/warehouse.js';

const FIXTURE = join(REPO, 'test/fixtures/shop');
const model = (name: string): string => `model.shop.${name}`;
const REREAD = /^Partial parsing: re-read (\d+) file\(s\)[^:]*: (.*)$/m;

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(dirname(join(project, relative)), { recursive: true });
  writeFileSync(join(project, relative), text);
}

/** Non-test nodes that ran. */
function rebuilt(project: string): string[] {
  return executedIds(project).filter((id) => !id.startsWith('test.'));
}

function labels(project: string, relation: string, column: number): string[] {
  return snapshotWarehouse(duckdbOf(project, 'shop.duckdb'))[relation].rows.map((r) => JSON.parse(r)[column] as string).sort();
}

/** The bridge's log of the last run only (the file is appended to by every run). */
function lastLog(project: string, before: number): string {
  return readFileSync(join(project, 'logs/dbt-orchestrator.log'), 'utf8').slice(before);
}

function logSize(project: string): number {
  try {
    return readFileSync(join(project, 'logs/dbt-orchestrator.log'), 'utf8').length;
  } catch {
    return 0;
  }
}

describe('whitespace inside string literals under partial parsing', () => {
  // Every test works at the same path (tests of a file run one after another), on its own fresh copy of the
  // built project (database, store and dbt's partial-parse file), whose first run was done once, here.
  const work = join(mkdtempSync(join(tmpdir(), 'ws-')), 'jaffle_shop');
  const primed = join(mkdtempSync(join(tmpdir(), 'ws-primed-')), 'jaffle_shop');

  before(async () => {
    const built = copyExample(FIXTURE);
    addFile(built, 'macros/tier_name.sql', "{% macro tier_name(column) -%}\n    case when {{ column }} = 'silver' then 'silver tier' else {{ column }} end\n{%- endmacro %}\n");
    addFile(built, 'models/marts/tier_names.sql', "select customer_id, {{ tier_name('tier') }} as tier_name from {{ ref('stg_customers') }}\n");
    addFile(built, 'models/marts/tier_meta.sql', "select '{{ model.config.meta.label }}' as label\n");
    addFile(built, 'models/marts/marts.yml', "models:\n  - name: tier_meta\n    config:\n      meta:\n        label: 'top tier'\n");
    cpSync(built, work, { recursive: true });
    assertOk(await orchestrate(work, ['build']));
    // A copy of the built project, its first run done.
    const saved = join(mkdtempSync(join(tmpdir(), 'ws-built-')), 'jaffle_shop');
    cpSync(work, saved, { recursive: true });
    rmSync(work, { recursive: true });
    cpSync(saved, work, { recursive: true });
    assertOk(await orchestrate(work, ['build']));
    assert.deepEqual(executedIds(work), [], 'the copy starts with everything reused');
    cpSync(work, primed, { recursive: true });
  });

  /** A fresh copy of the primed project at the shared path. */
  async function clone(): Promise<string> {
    rmSync(work, { recursive: true, force: true });
    cpSync(primed, work, { recursive: true });
    return work;
  }

  it('in a model: the model rebuilds and its table holds the new text', async () => {
    const project = await clone();
    editFile(project, 'models/marts/customers.sql', (t) => t.replace("'gold tier'", "'gold  tier'"));
    const run = await orchestrate(project, ['build']);
    assertOk(run);
    assert.equal(REREAD.exec(run.stdout)?.[2], 'models/marts/customers.sql');
    assert.deepEqual(rebuilt(project), [model('customers')]);
    assert.ok(labels(project, 'main.customers', 2).includes('gold  tier'), JSON.stringify(labels(project, 'main.customers', 2)));
  });

  it('in a macro: every model calling it rebuilds with the new text', async () => {
    const project = await clone();
    editFile(project, 'macros/tier_name.sql', (t) => t.replace("'silver tier'", "'silver  tier'"));
    const run = await orchestrate(project, ['build']);
    assertOk(run);
    assert.equal(REREAD.exec(run.stdout)?.[2], 'macros/tier_name.sql');
    assert.deepEqual(rebuilt(project), [model('tier_names')]);
    assert.ok(labels(project, 'main.tier_names', 1).includes('silver  tier'));
  });

  it('in a YAML config value: the configured model rebuilds with the new value', async () => {
    const project = await clone();
    editFile(project, 'models/marts/marts.yml', (t) => t.replace("'top tier'", "'top  tier'"));
    const run = await orchestrate(project, ['build']);
    assertOk(run);
    assert.equal(REREAD.exec(run.stdout)?.[2], 'models/marts/marts.yml');
    assert.deepEqual(rebuilt(project), [model('tier_meta')]);
    assert.deepEqual(labels(project, 'main.tier_meta', 0), ['top  tier']);
  });

  it('a no-change run re-reads nothing and stays a partial parse, also right after a re-read', async () => {
    const project = await clone();
    const quiet = async (): Promise<void> => {
      const size = logSize(project);
      const run = await orchestrate(project, ['build']);
      assertOk(run);
      assert.doesNotMatch(run.stdout, REREAD);
      const log = lastLog(project, size);
      assert.doesNotMatch(log, /partial parsing: re-read/);
      assert.doesNotMatch(log, /Unable to do partial parsing/, 'a full parse would pay for every file');
      assert.deepEqual(executedIds(project), []);
    };
    await quiet();
    editFile(project, 'models/marts/customers.sql', (t) => t.replace("'gold tier'", "'gold\ttier'"));
    const changed = await orchestrate(project, ['build']);
    assertOk(changed);
    assert.match(changed.stdout, REREAD);
    await quiet();
  });
});
