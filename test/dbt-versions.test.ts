// Compatibility: every supported dbt-core minor (1.10, 1.11; 1.12 runs the full suite) in a venv of its own,
// against real DuckDB: build, reuse, a code edit, the retry of a flaky node, plan, state:modified+ with --defer,
// freshness, and the bridge's pinned coupling to dbt internals.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { main } from '../src/cli.js';
import { COMPAT_MINORS, compatVenv, requireVenv, type DbtVersionVenv } from './helpers/dbt-versions.js';
import { copyExample, duckdb, editFile, REPO, report, runResults } from './helpers/project.js';
import { validateRunResults } from './helpers/schema.js';

const V1_STATUSES_AND_REUSED = new Set(['success', 'error', 'skipped', 'pass', 'fail', 'warn', 'runtime error', 'partial success', 'no-op', 'reused']);

const m = (name: string): string => `model.jaffle_shop.${name}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _enc, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

async function orchestrateWith(venv: DbtVersionVenv, project: string, args: string[]): Promise<Run> {
  const out = sink();
  const err = sink();
  const [command, ...rest] = args;
  const argv = [command, '--project-dir', project, '--profiles-dir', project, '--dbt', venv.dbt, ...rest];
  const code = await main({ argv, env: { ...process.env }, stdout: out.stream, stderr: err.stream, cwd: project });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** A private copy of a built project: database file, target/ and store included. */
function copyBuilt(project: string): string {
  const dest = join(mkdtempSync(join(tmpdir(), 'compat-')), basename(project));
  cpSync(project, dest, { recursive: true });
  return dest;
}

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

function ranModels(project: string): string[] {
  return report(project)
    .nodes.filter((n) => n.decision === 'run' && !['test', 'unit_test'].includes(n.resourceType))
    .map((n) => n.uniqueId)
    .sort();
}

// Errors on its first execution, succeeds on the second (the pre-hook's counter survives the failed attempt).
const FLAKY = `{{ config(materialized='table', pre_hook=before_begin("create table if not exists main.flaky_attempts (n integer); insert into main.flaky_attempts values (1)")) }}
select case when (select count(*) from main.flaky_attempts) < 2 then error('flaky: first attempt fails') else 1 end as id
`;

for (const minor of COMPAT_MINORS) {
  const venv = compatVenv(minor);

  describe(`dbt-core ${minor}`, () => {
    let built: string;
    let cold: Run;

    before(async () => {
      requireVenv(venv);
      built = copyExample();
      cold = await orchestrateWith(venv, built, ['build', '--threads', '4']);
    });

    it('reports its own dbt version and builds every node of the example', () => {
      assert.equal(cold.code, 0, cold.stdout + cold.stderr);
      const version = execFileSync(venv.python, ['-c', 'import dbt.version; print(dbt.version.__version__)'], { encoding: 'utf8' }).trim();
      assert.ok(version.startsWith(`${minor}.`), version);
      assert.equal((runResults(built).metadata as { dbt_version: string }).dbt_version, version);
      const nodes = report(built).nodes.filter((n) => n.decision !== 'ephemeral');
      assert.equal(nodes.length, 44);
      assert.ok(nodes.every((n) => n.decision === 'run' && ['success', 'pass'].includes(n.status)), JSON.stringify(nodes.filter((n) => !['success', 'pass'].includes(n.status))));
      assert.ok(validateRunResults(runResults(built)).valid);
      // Readable by tools that know only the v1 statuses plus `reused` (which dbt 2 itself emits).
      assert.equal((runResults(built).metadata as { dbt_schema_version: string }).dbt_schema_version, 'https://schemas.getdbt.com/dbt/run-results/v6.json');
      assert.ok(runResults(built).results.every((r) => V1_STATUSES_AND_REUSED.has(r.status)));
    });

    it('a re-run with nothing changed reuses every node', async () => {
      const project = copyBuilt(built);
      const run = await orchestrateWith(venv, project, ['build']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.ok(report(project).nodes.filter((n) => n.decision !== 'ephemeral').every((n) => n.status === 'reused'));
      assert.ok(runResults(project).results.every((r) => r.status === 'reused'));
      assert.ok(validateRunResults(runResults(project)).valid);
    });

    it('a code edit rebuilds exactly the edited model and its descendants', async () => {
      const project = copyBuilt(built);
      editFile(project, 'models/staging/stg_orders.sql', (t) => t.replace('status,', 'status,\n    upper(status) as status_code,'));
      const run = await orchestrateWith(venv, project, ['build']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.deepEqual(ranModels(project), [m('customers'), m('fct_daily_revenue'), m('orders'), m('stg_orders'), 'snapshot.jaffle_shop.orders_snapshot']);
      const columns = JSON.parse(duckdb(project, "select column_name from information_schema.columns where table_schema = 'main' and table_name = 'stg_orders'")).map((r: string[]) => r[0]);
      assert.ok(columns.includes('status_code'));
    });

    it('a model that errors once is retried and succeeds on attempt 2, then its child runs', async () => {
      const project = copyBuilt(built);
      addFile(project, 'models/flaky/flaky.sql', FLAKY);
      addFile(project, 'models/flaky/flaky_child.sql', "select id from {{ ref('flaky') }}\n");
      const run = await orchestrateWith(venv, project, ['build', '-s', 'flaky+', '--retries', '1']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /RETRY {2}flaky in 0s/);
      const flaky = report(project).nodes.find((n) => n.uniqueId === m('flaky'))!;
      assert.deepEqual([flaky.status, flaky.attempts], ['success', 2]);
      assert.equal(report(project).nodes.find((n) => n.uniqueId === m('flaky_child'))!.status, 'success');
    });

    it('plan runs no SQL and says what would run and why', async () => {
      const project = copyBuilt(built);
      // A real SQL change (a comment-only edit is reused once dbt compiles it to the same SQL).
      editFile(project, 'models/marts/core/customers.sql', (t) => `${t.trimEnd()}\nwhere 1 = 1\n`);
      const run = await orchestrateWith(venv, project, ['plan', '--json']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const plan = JSON.parse(run.stdout) as { nodes: Array<{ uniqueId: string; decision: string; reason: string }> };
      const toRun = plan.nodes.filter((n) => n.decision === 'run').map((n) => n.uniqueId);
      assert.ok(toRun.includes(m('customers')));
      assert.match(plan.nodes.find((n) => n.uniqueId === m('customers'))!.reason, /code changed/);
      assert.ok(!toRun.includes(m('stg_orders')));
      assert.ok(!toRun.some((id) => id.startsWith('seed.')), toRun.join(', '));
    });

    it('state:modified+ with --defer builds the change into another schema and reads unchanged parents from production', async () => {
      const project = copyBuilt(built);
      const state = mkdtempSync(join(tmpdir(), 'compat-state-'));
      cpSync(join(project, 'target', 'manifest.json'), join(state, 'manifest.json'));
      editFile(project, 'models/staging/stg_orders.sql', (t) => t.replace('status,', 'status,\n    upper(status) as status_code,'));
      const run = await orchestrateWith(venv, project, ['build', '-t', 'ci', '--vars', '{raw_schema: main_raw}', '-s', 'state:modified+', '--defer', '--state', state]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.deepEqual(ranModels(project), [m('customers'), m('fct_daily_revenue'), m('orders'), m('stg_orders'), 'snapshot.jaffle_shop.orders_snapshot']);
      const tables = JSON.parse(duckdb(project, "select table_schema || '.' || table_name from information_schema.tables order by 1")).map((r: string[]) => r[0]);
      assert.ok(tables.includes('ci.stg_orders') && tables.includes('ci.customers'), tables.join(', '));
      assert.ok(!tables.includes('ci.stg_payments'), 'an unchanged parent was deferred to production, not rebuilt');
    });

    it('freshness measures a source and writes sources.json', async () => {
      const project = copyBuilt(built);
      const run = await orchestrateWith(venv, project, ['freshness', '-s', 'source:raw.orders']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      // The seed's loaded_at values are years old: past error_after, reported (not failed) under the default on-stale warn.
      assert.match(run.stdout, /^raw\.orders\s+\S+\s+\S+\s+error$/m);
    });

    it("the bridge's coupling to dbt internals holds for this version", () => {
      const out = execFileSync(venv.python, [join(REPO, 'python', 'dbt_bridge'), '--check-internals'], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out), { problems: [] });
    });
  });
}
