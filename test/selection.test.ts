// The set of nodes we execute-or-reuse must be exactly what dbt itself executes for the same arguments.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { copyBuilt } from './helpers/fixtures.js';
import { copyExample, DBT, editFile, orchestrate, PYTHON, runResults, type CliRun } from './helpers/project.js';

// Plain dbt (`dbt deps`, then every command) in one Python process (dbt's programmatic entry, dbtRunner, is the CLI's own):
// the unique_ids of each command's run_results.json, in order. A failing node still leaves run_results.json;
// the set is what matters here.
const DBT_EXECUTED = String.raw`
import json, os, sys
from dbt.cli.main import dbtRunner
project, cases = sys.argv[1], json.loads(sys.argv[2])
if not dbtRunner().invoke(['deps', '--project-dir', project, '--profiles-dir', project, '--quiet']).success:
    sys.exit('dbt deps failed')
out = []
for args in cases:
    path = os.path.join(project, 'target', 'run_results.json')
    if os.path.exists(path):
        os.remove(path)
    dbtRunner().invoke([*args, '--project-dir', project, '--profiles-dir', project, '--quiet'])
    with open(path) as f:
        out.append(sorted(r['unique_id'] for r in json.load(f)['results']))
print(json.dumps(out))
`;

function dbtExecutedAll(project: string, cases: string[][]): string[][] {
  const lines = execFileSync(PYTHON, ['-c', DBT_EXECUTED, project, JSON.stringify(cases)], { cwd: project, encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 }).trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as string[][];
}

async function ourSelected(project: string, args: string[]): Promise<string[]> {
  const run = await orchestrate(project, args);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  return runResults(project)
    .results.map((r) => r.unique_id)
    .sort();
}

describe('selection parity with dbt', () => {
  let ours: string;
  let executedByDbt: string[][];

  const cases: string[][] = [
    ['build'],
    ['build', '-s', 'tag:daily'],
    ['build', '--selector', 'smoke'],
    ['build', '-s', 'stg_orders+', '--exclude', 'customers'],
    ['build', '-s', '+customers', '--exclude', 'resource_type:unit_test'],
    ['build', '-s', 'path:models/marts', 'config.materialized:incremental'],
    ['seed'],
    ['run', '-s', 'stg_orders+'],
    ['snapshot'],
    ['test', '-s', 'orders'],
  ];
  before(() => {
    const theirs = copyExample();
    ours = copyExample();
    executedByDbt = dbtExecutedAll(theirs, cases);
  });

  for (const [i, args] of cases.entries()) {
    it(args.join(' '), async () => {
      const expected = executedByDbt[i];
      assert.ok(expected.length > 0, 'dbt executed nothing: the case proves nothing');
      assert.deepEqual(await ourSelected(ours, args), expected);
    });
  }
});

// One cold build of the example for the tests below; each test works on its own copy (copyBuilt).
let built: Promise<{ project: string; build: CliRun }> | undefined;
async function builtExample(): Promise<{ project: string; build: CliRun }> {
  built ??= (async () => {
    const project = copyExample();
    return { project, build: await orchestrate(project, ['build']) };
  })();
  const { project, build } = await built;
  return { project: copyBuilt(project), build };
}

describe('state:modified+ against a saved manifest', () => {
  it('plan lists exactly what dbt selects, with our reasons', async () => {
    const { project, build } = await builtExample();
    assert.equal(build.code, 0, build.stderr);
    const prod = join(project, '..', 'prod-state');
    mkdirSync(prod, { recursive: true });
    cpSync(join(project, 'target/manifest.json'), join(prod, 'manifest.json'));
    editFile(project, 'models/staging/stg_orders.sql', (t) => t.replace('status,', 'status,\n    lower(status) as status_lower,'));

    const plan = await orchestrate(project, ['plan', '-s', 'state:modified+', '--state', prod, '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    const nodes = JSON.parse(plan.stdout).nodes as Array<{ uniqueId: string; decision: string; reason: string }>;
    const listed = JSON.parse(
      `[${execFileSync(DBT, ['ls', '-s', 'state:modified+', '--state', prod, '--resource-types', 'model', 'seed', 'snapshot', 'test', 'unit_test', '--output', 'json', '--output-keys', 'unique_id', '--project-dir', project, '--profiles-dir', project], { cwd: project, encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .join(',')}]`,
    ).map((n: { unique_id: string }) => n.unique_id);
    assert.deepEqual(nodes.map((n) => n.uniqueId).sort(), [...listed].sort());
    const stgOrders = nodes.find((n) => n.uniqueId === 'model.jaffle_shop.stg_orders')!;
    assert.deepEqual([stgOrders.decision, stgOrders.reason], ['run', 'code changed']);
    // The plan ran nothing: the relation still has the old columns.
    assert.doesNotMatch(readFileSync(join(project, 'target/run_results.json'), 'utf8'), /status_lower/);
  });
});

describe('hash:modified+ sees what state:modified cannot', () => {
  it('a changed var value selects its readers and their children', async () => {
    const { project, build } = await builtExample();
    assert.equal(build.code, 0, build.stderr);
    const prod = join(project, '..', 'prod-hash-state');
    mkdirSync(prod, { recursive: true });
    for (const f of ['manifest.json', 'orchestrator.json']) cpSync(join(project, 'target', f), join(prod, f));
    const vars = ['--vars', '{start_date: "2017-06-01"}'];

    const byDbt = await orchestrate(project, ['plan', '-s', 'state:modified+', '--state', prod, '--json', ...vars]);
    assert.equal(byDbt.code, 0, byDbt.stderr);
    assert.deepEqual(JSON.parse(byDbt.stdout).nodes, [], 'dbt state:modified does not see var values');

    const byHash = await orchestrate(project, ['plan', '-s', 'hash:modified+', '--state', prod, '--json', ...vars]);
    assert.equal(byHash.code, 0, byHash.stderr);
    const nodes = JSON.parse(byHash.stdout).nodes as Array<{ uniqueId: string; resourceType: string; reason: string }>;
    const models = nodes.filter((n) => ['model', 'snapshot'].includes(n.resourceType)).map((n) => n.uniqueId).sort();
    assert.deepEqual(models, ['model.jaffle_shop.customers', 'model.jaffle_shop.fct_daily_revenue', 'model.jaffle_shop.orders', 'model.jaffle_shop.stg_orders', 'snapshot.jaffle_shop.orders_snapshot']);
    assert.equal(nodes.find((n) => n.uniqueId === 'model.jaffle_shop.stg_orders')!.reason, 'var `start_date` changed');
    assert.ok(nodes.some((n) => n.resourceType === 'test'), 'tests of the selected nodes come along');

    const missing = await orchestrate(project, ['plan', '-s', 'hash:modified+']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /hash:modified compares against the orchestrator\.json/);
  });
});
