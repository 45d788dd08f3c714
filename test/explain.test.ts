// `explain NODE` on the real example project with real dbt: after one cold build, each spec edits one hash
// input, asks `explain` (a plan: no model SQL runs, nothing is recorded) and restores the edit. The store
// keeps display texts (code, macros, non-secret var values) so old → new can be shown; never a secret.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { copyExample, duckdb, orchestrate, type CliRun } from './helpers/project.js';

const COLD_SECRET = 'cold-secret-value-7f3a';
const COLD_ENV = 'cold-env-value-91bd';
const COLD_VARS = `{probe_label: first, api_token: ${COLD_SECRET}}`;
const COLD_ENVIRONMENT = { PROBE_REGION: COLD_ENV };

const PROBE = `{{ config(materialized='table') }}
select
    '{{ var("probe_label", "none") }}' as label,
    '{{ var("api_token", "none") }}' as token,
    '{{ var("probe_extra", "none") }}' as extra,
    '{{ env_var("PROBE_REGION", "none") }}' as region
`;

const LOADER_SOURCES = `sources:
  - name: loader
    schema: loader
    tables:
      - name: events
        config:
          loaded_at_field: loaded_at
          freshness:
            warn_after: {count: 1, period: hour}
`;

function assertOk(run: CliRun): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

/** Applies `edit` to a file for the duration of `fn`, then puts the original back. */
async function withEdit<T>(project: string, relative: string, edit: (text: string) => string, fn: () => Promise<T>): Promise<T> {
  const path = join(project, relative);
  const original = readFileSync(path, 'utf8');
  const changed = edit(original);
  assert.notEqual(changed, original, `edit of ${relative} changed nothing`);
  writeFileSync(path, changed);
  try {
    return await fn();
  } finally {
    writeFileSync(path, original);
  }
}

function explain(project: string, node: string, extra: string[] = [], env: NodeJS.ProcessEnv = COLD_ENVIRONMENT): Promise<CliRun> {
  return orchestrate(project, ['explain', node, '--vars', COLD_VARS, ...extra], env);
}

/** The line of one input in the explanation ("  code   changed"). */
function inputLine(run: CliRun, label: string): string {
  const line = run.stdout.split('\n').find((l) => new RegExp(`^  ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`).test(l));
  assert.ok(line, `no line for ${label} in:\n${run.stdout}`);
  return line;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('explain NODE', () => {
  let project: string;

  before(async () => {
    project = copyExample();
    writeFileSync(join(project, 'models/probe.sql'), PROBE);
    duckdb(project, 'create schema if not exists loader');
    duckdb(project, "create table loader.events as select 1 as id, timestamp '2026-01-01 10:00:00' as loaded_at");
    writeFileSync(join(project, 'models/loader_sources.yml'), LOADER_SOURCES);
    writeFileSync(join(project, 'models/stg_events.sql'), "select * from {{ source('loader', 'events') }}\n");
    assertOk(await orchestrate(project, ['build', '--vars', COLD_VARS], COLD_ENVIRONMENT));
  });

  it('an unchanged node: decision reuse, every input unchanged', async () => {
    const run = await explain(project, 'stg_customers');
    assertOk(run);
    assert.match(run.stdout, /^model stg_customers \(model\.jaffle_shop\.stg_customers\)$/m);
    assert.match(run.stdout, /^decision: reuse — unchanged since /m);
    assert.match(inputLine(run, 'code'), /unchanged$/);
    assert.doesNotMatch(run.stdout, / changed/);
  });

  it('a code change: the unified diff of the raw code, and the children name it as the root cause', async () => {
    await withEdit(project, 'models/staging/stg_customers.sql', (t) => t.replace('full_name,', 'full_name,\n    length(first_name) as first_name_length,'), async () => {
      const run = await explain(project, 'stg_customers');
      assertOk(run);
      assert.match(run.stdout, /^decision: run — code changed$/m);
      assert.match(inputLine(run, 'code'), /changed$/);
      assert.match(run.stdout, /^ {4}@@ -\d+,\d+ \+\d+,\d+ @@$/m);
      assert.match(run.stdout, /^ {4}\+ {4}length\(first_name\) as first_name_length,$/m);
      assert.match(run.stdout, /^ {4}--- models\/staging\/stg_customers\.sql \(as built /m);

      const child = await explain(project, 'model.jaffle_shop.customers');
      assertOk(child);
      assert.match(child.stdout, /^decision: run — upstream `stg_customers` changed$/m);
      assert.match(inputLine(child, 'upstream stg_customers'), /changed$/);
      assert.match(child.stdout, /^ {4}stg_customers: code changed$/m);
    });
  });

  it('a macro change: the macro named, with its diff', async () => {
    await withEdit(project, 'macros/cents_to_dollars.sql', (t) => t.replace('* 0.01', '/ 100.0'), async () => {
      const run = await explain(project, 'stg_payments');
      assertOk(run);
      assert.match(run.stdout, /^decision: run — macro `cents_to_dollars` changed$/m);
      assert.match(inputLine(run, 'macro cents_to_dollars'), /changed$/);
      assert.match(run.stdout, /^ {4}- {4}cast\(\(\{\{ column \}\}\) \* 0\.01 as decimal/m);
      assert.match(run.stdout, /^ {4}\+ {4}cast\(\(\{\{ column \}\}\) \/ 100\.0 as decimal/m);
    });
  });

  it('a var change and an env var change say "changed", never a value (var values are never stored or printed)', async () => {
    const run = await orchestrate(project, ['explain', 'probe', '--vars', '{probe_label: second, api_token: new-secret-4c2e, probe_extra: more}'], { PROBE_REGION: 'new-env-value-55aa' });
    assertOk(run);
    assert.match(inputLine(run, 'var probe_label'), /changed \(var values are never stored or shown\)$/);
    assert.match(inputLine(run, 'var api_token'), /changed \(var values are never stored or shown; the name looks secret\)$/);
    assert.ok(!run.stdout.includes('"first"') && !run.stdout.includes('second"'), 'no var value printed');
    assert.match(inputLine(run, 'env PROBE_REGION'), /changed \(env var values are never shown\)$/);
    for (const value of [COLD_SECRET, 'new-secret-4c2e', COLD_ENV, 'new-env-value-55aa']) assert.ok(!run.stdout.includes(value) && !run.stderr.includes(value), `${value} printed`);
    // Four changes: the plan's reason says "(+1 more)"; explain names them all.
    assert.match(run.stdout, /^decision: run — var `api_token` changed; var `probe_extra` changed; var `probe_label` changed; env var `PROBE_REGION` changed$/m);
    const plan = await orchestrate(project, ['plan', '--select', 'probe', '--vars', '{probe_label: second, api_token: new-secret-4c2e, probe_extra: more}'], { PROBE_REGION: 'new-env-value-55aa' });
    assert.match(plan.stdout, /var `probe_label` changed \(\+1 more\)$/m);
  });

  it('the store never holds a secret-looking var value or an env var value (not even in compiled SQL)', () => {
    const store = filesUnder(join(project, '.dbt-orchestrator')).map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.ok(!store.includes('"var:probe_label": "'), 'no var value is kept, not even a harmless-looking one');
    assert.ok(!store.includes('"first"'), 'the var value itself appears nowhere in the store');
    assert.ok(!store.includes(COLD_SECRET), 'secret-looking var value stored');
    assert.ok(!store.includes(COLD_ENV), 'env var value stored');
  });

  it('a data change: the source data state old → new', async () => {
    duckdb(project, "update loader.events set loaded_at = timestamp '2026-01-02 12:00:00'");
    try {
      const run = await explain(project, 'stg_events');
      assertOk(run);
      assert.match(inputLine(run, 'data loader.events'), /changed: max_loaded_at 2026-01-01[ T]10:00:00.* → max_loaded_at 2026-01-02[ T]12:00:00/);
      assert.match(run.stdout, /^decision: run — `loader\.events` /m);
    } finally {
      duckdb(project, "update loader.events set loaded_at = timestamp '2026-01-01 10:00:00'");
    }
  });

  it('plan --explain prints the same explanation', async () => {
    const run = await orchestrate(project, ['plan', '--explain', 'stg_customers', '--vars', COLD_VARS], COLD_ENVIRONMENT);
    assertOk(run);
    assert.match(run.stdout, /^decision: reuse — /m);
    assert.doesNotMatch(run.stdout, /^DECISION/m);
  });

  it('an unknown node exits 2 with a clear message', async () => {
    const run = await explain(project, 'no_such_model');
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /no node named 'no_such_model'/);
  });
});
