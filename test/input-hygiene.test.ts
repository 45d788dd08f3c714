// Argument hygiene: what the user types reaches dbt only as what it is. A selection token never becomes a
// dbt flag, numbers have bounds, a selection that matches nothing says so, and project paths with quotes
// or pointing at a file behave as plain dbt (or say what is wrong).

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { needsDeps, startDbt } from '../src/dbt/start.js';
import { InputError } from '../src/errors.js';
import { LIMITS, validateOptions } from '../src/options.js';
import { runBundledAction } from './helpers/action.js';
import { startFakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample, DBT, duckdb, EXAMPLE, orchestrate, report, runResults } from './helpers/project.js';

/** Files anywhere under `dir` (names only), to see that dbt wrote nothing it was not asked to. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function assertNothingRan(project: string): void {
  assert.equal(existsSync(join(project, 'jaffle_shop.duckdb')), false, 'the database was created: SQL ran');
  assert.equal(existsSync(join(project, '.dbt-orchestrator')), false, 'the store was touched');
  assert.equal(existsSync(join(project, 'target/run_results.json')), false, 'run results were written');
}

describe('a selection token never reaches dbt as a flag', () => {
  it("-s 'orders --record-timing-info FILE' is exit 2 naming --select, and dbt writes no file", async () => {
    const project = copyExample();
    mkdirSync(join(project, 'some'));
    const run = await orchestrate(project, ['build', '-s', 'orders --record-timing-info some/profile.out']);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /error: --select: '--record-timing-info' is not a selector: a selection value may not start with '-'/);
    assert.deepEqual(readdirSync(join(project, 'some')), [], 'dbt wrote the timing file');
    assert.ok(!allFiles(project).some((f) => f.endsWith('profile.out')));
    assertNothingRan(project);
  });

  it("--exclude 'orders --exclude orders' and --selector '--x' are exit 2 naming the option", async () => {
    const project = copyExample();
    const exclude = await orchestrate(project, ['build', '--exclude', 'stg_orders --select orders']);
    assert.equal(exclude.code, 2, exclude.stdout + exclude.stderr);
    assert.match(exclude.stderr, /error: --exclude: '--select' is not a selector/);
    const selector = await orchestrate(project, ['plan', '--selector', '--x']);
    assert.equal(selector.code, 2, selector.stdout + selector.stderr);
    assert.match(selector.stderr, /error: --selector: '--x' is not a selector/);
    assertNothingRan(project);
  });
});

describe('the bridge never puts a selection token on dbt argv as a flag', () => {
  it("ls rejects a token starting with '-' (kind selection) and relays dbt's zero-match warning", async () => {
    const project = copyExample();
    const bridge = await startDbt({ projectDir: project, dbtPath: DBT }, { env: process.env, cwd: project });
    try {
      const args = { projectDir: project, profilesDir: project };
      if (needsDeps(project)) await bridge.deps(args);
      await bridge.parse(args);
      await assert.rejects(bridge.ls({ select: ['orders', '--record-timing-info', 'timing.out'] }), { name: 'BridgeError', kind: 'selection', message: /--select: '--record-timing-info' is not a selector/ });
      await assert.rejects(bridge.ls({ exclude: ['--select'] }), { kind: 'selection', message: /--exclude/ });
      assert.equal(existsSync(join(project, 'timing.out')), false);
      const none = await bridge.ls({ select: ['orders', 'nosuchmodel'] });
      assert.deepEqual(none.uniqueIds.filter((id) => id === 'model.jaffle_shop.orders'), ['model.jaffle_shop.orders']);
      assert.deepEqual(none.warnings, ["The selection criterion 'nosuchmodel' does not match any enabled nodes"]);
    } finally {
      await bridge.close();
    }
  });
});

describe('numbers have bounds', () => {
  it('beyond the maxima, or not written as plain decimals, is exit 2 before dbt starts', async () => {
    const project = copyExample();
    for (const [args, message] of [
      [['--threads', '1e20'], /--threads: expected a whole number >= 1 \(at most 512\), got '1e20'/],
      [['--threads', '513'], /--threads: 513 is above the maximum of 512/],
      [['--threads', '0x10'], /--threads: expected a whole number/],
      [['--retries', '1e300'], /--retries: expected a whole number >= 0 \(at most 100\)/],
      [['--retries', '101'], /--retries: 101 is above the maximum of 100/],
      [['--retry-delay', '2200000'], /--retry-delay: 2200000 seconds is above the maximum of 3600 \(1 h\)/],
      [['--retry-delay', 'Infinity'], /--retry-delay: expected a number of seconds >= 0/],
    ] as Array<[string[], RegExp]>) {
      const run = await orchestrate(project, ['build', ...args]);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
    assertNothingRan(project);
  });

  it('the maxima themselves are accepted', () => {
    const options = validateOptions({ command: 'build', projectDir: EXAMPLE, threads: String(LIMITS.threads), retries: String(LIMITS.retries), retryDelay: String(LIMITS.retryDelaySeconds) });
    assert.deepEqual([options.threads, options.retries, options.retryDelaySeconds], [512, 100, 3600]);
    assert.equal(validateOptions({ command: 'build', projectDir: EXAMPLE, retryDelay: '0.5' }).retryDelaySeconds, 0.5);
    assert.throws(() => validateOptions({ command: 'build', projectDir: EXAMPLE, select: ['-x'] }), InputError);
  });
});

describe('a selection that matches nothing', () => {
  it("prints dbt's warning and ours, exits 0 as dbt does, and writes an empty run_results.json of this run", async () => {
    const project = copyExample();
    const run = await orchestrate(project, ['build', '-s', 'nosuchmodel', 'tag:']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /warning: The selection criterion 'nosuchmodel' does not match any enabled nodes/);
    assert.match(run.stderr, /warning: The selection criterion 'tag:' does not match any enabled nodes/);
    assert.match(run.stderr, /warning: nothing to build: the selection \(--select nosuchmodel tag:\) matches no buildable node; nothing ran, and run_results\.json lists no results/);
    const results = runResults(project);
    assert.deepEqual(results.results, []);
    assert.deepEqual((results.args as { select: string[] }).select, ['nosuchmodel', 'tag:'], 'run_results.json says which selection it is the result of');
    assert.equal(report(project).totals.selected, 0);
    assert.equal(existsSync(join(project, 'jaffle_shop.duckdb')), false, 'no SQL for an empty selection');
  });

  it('one criterion that matches nothing among others is still warned about', async () => {
    const project = copyExample();
    const run = await orchestrate(project, ['seed', '-s', 'raw_customers', 'raw_nothing']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /warning: The selection criterion 'raw_nothing' does not match any enabled nodes/);
    assert.doesNotMatch(run.stderr, /nothing to seed/);
    assert.match(run.stdout, /Done: 1 built/);
  });
});

describe('project paths', () => {
  it("a project under a folder whose name has a quote seeds and builds as plain dbt does", async () => {
    const parent = join(mkdtempSync(join(tmpdir(), 'quote-')), "it's here");
    mkdirSync(parent);
    const project = join(parent, 'jaffle_shop');
    cpSync(copyExample(), project, { recursive: true });
    const run = await orchestrate(project, ['build']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Done: \d+ built, 0 warned, 0 reused, 0 failed, 0 skipped/);
    const csvRows = readFileSync(join(project, 'seeds/raw_customers.csv'), 'utf8').trim().split('\n').length - 1;
    assert.equal(JSON.parse(duckdb(project, 'select count(*) from main_raw.raw_customers'))[0][0], csvRows);
  });

  it('--project-dir pointing at a file says it is a file, and which folder to pass', async () => {
    const project = copyExample();
    const run = await orchestrate(project, ['build', '--project-dir', join(project, 'dbt_project.yml')]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /--project-dir: '.*dbt_project\.yml' is a file, not a directory; pass the folder that holds it: '.*jaffle_shop'/);
    assert.doesNotMatch(run.stderr, /does not exist/);
  });
});

describe('bundled action: selection inputs and zero matches', () => {
  it("select/exclude tokens that start with '-' fail the step naming the input, before dbt starts", async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'hygiene-action-'));
    cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
    const server = await startFakeActionsServer({ workspace });
    try {
      const base = { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop' };
      for (const [inputs, message] of [
        [{ select: 'orders --record-timing-info timing.out' }, /Input 'select': '--record-timing-info' is not a selector/],
        [{ exclude: 'orders\n--select orders' }, /Input 'exclude': '--select' is not a selector/],
        [{ selector: '--full-refresh' }, /Input 'selector': '--full-refresh' is not a selector/],
      ] as Array<[Record<string, string>, RegExp]>) {
        const run = await runBundledAction({ workspace, inputs: { ...base, ...inputs }, serviceEnv: server.env(), runId: server.run.runId });
        assert.notEqual(run.code, 0);
        assert.equal(run.outputs.status, 'error');
        assert.ok(run.commands.some((c) => c.command === 'error' && message.test(c.message)), run.stdout);
      }
      assert.ok(!allFiles(workspace).some((f) => f.endsWith('timing.out')));
      assert.equal(existsSync(join(workspace, 'jaffle_shop/jaffle_shop.duckdb')), false);
      assert.equal(server.requests.length, 0, 'no cache or artifact request');
    } finally {
      await server.close();
    }
  });

  it("a selection that matches nothing is a warning annotation with dbt's words, and the step passes", async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'zero-action-'));
    cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({ workspace, inputs: { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', select: 'nosuchmodel' }, serviceEnv: server.env(), runId: server.run.runId });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.outputs.status, 'success');
      const warnings = run.commands.filter((c) => c.command === 'warning').map((c) => c.message);
      assert.ok(warnings.some((w) => /The selection criterion 'nosuchmodel' does not match any enabled nodes/.test(w)), warnings.join('\n'));
      assert.ok(warnings.some((w) => /nothing to build: the selection \(--select nosuchmodel\)/.test(w)), warnings.join('\n'));
      assert.equal(run.outputs.built, '0');
    } finally {
      await server.close();
    }
  });
});
