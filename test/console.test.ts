// What the terminal shows: pure formatting rules (no dbt), then real dbt runs on the example project.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DbtNodeResult } from '../src/dbt/protocol.js';
import { useColour } from '../src/report/colour.js';
import { completedLine, doneLine, errorBlock, finishText, LiveView, MAX_ERROR_LINES, reuseSummary, startText, timeLine } from '../src/report/live.js';
import { palette } from '../src/report/colour.js';
import type { NodeOutcome } from '../src/types.js';
import { addFile } from './helpers/flaky.js';
import { copyExample, decisionOf, editFile, orchestrate } from './helpers/project.js';

const ANSI = /\u001b\[\d+m/;

function result(status: string, seconds = 0.5): DbtNodeResult {
  return { unique_id: 'model.p.a', status, timing: [], thread_id: 't', execution_time: seconds, adapter_response: {}, message: null, failures: null };
}

function outcome(status: string, decision: NodeOutcome['decision'] = 'run'): NodeOutcome {
  return { uniqueId: `model.p.${status}`, resourceType: 'model', name: status, decision, reason: '', hash: 'h', attempts: 1, status };
}

describe('colour', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('on a terminal only; plain in pipes, files and CI logs', () => {
    assert.equal(useColour(tty, {}), true);
    assert.equal(useColour(pipe, {}), false);
    assert.equal(useColour({}, { CI: 'true', GITHUB_ACTIONS: 'true' }), false);
  });
  it('NO_COLOR turns it off, FORCE_COLOR on (and wins), FORCE_COLOR=0 off, TERM=dumb off', () => {
    assert.equal(useColour(tty, { NO_COLOR: '1' }), false);
    assert.equal(useColour(tty, { NO_COLOR: '' }), true);
    assert.equal(useColour(pipe, { FORCE_COLOR: '1' }), true);
    assert.equal(useColour(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }), true);
    assert.equal(useColour(tty, { FORCE_COLOR: '0' }), false);
    assert.equal(useColour(tty, { TERM: 'dumb' }), false);
  });
  it('plain lines carry no escape codes; coloured ones do', () => {
    assert.equal(finishText('model a', result('success'), 1, 3, 12), 'OK     model a [3/12] 0.50s');
    assert.match(finishText('model a', result('error'), 1, 3, 12, palette(true)), ANSI);
  });
});

describe('live lines', () => {
  it('START names the reason, or the attempt on a retry', () => {
    assert.equal(startText('model orders', 'code changed', 1), 'START  model orders (code changed)');
    assert.equal(startText('model orders', 'code changed', 2), 'START  model orders (attempt 2)');
  });
  it('a finished node has the [n/N] counter, its time and the attempt', () => {
    assert.equal(finishText('test t', result('fail', 1.234), 2, 1, 4), 'FAIL   test t [1/4] 1.23s (attempt 2)');
  });
  it('reused nodes are one line unless verbose', () => {
    assert.equal(reuseSummary(41, false), 'REUSE  41 nodes reused (-v lists them with the reason)');
    assert.equal(reuseSummary(0, false), undefined);
  });
});

describe('live view', () => {
  function view(verbose = false): { live: LiveView; lines: string[] } {
    const lines: string[] = [];
    const live = new LiveView(
      { line: (l) => lines.push(l), warn: () => undefined, verbose },
      {
        logPath: 'logs/x.log',
        displayOf: (id) => `model ${id.split('.').pop()}`,
        compiledPathOf: () => undefined,
        blockedBy: (failed) => new Set(failed.includes('model.p.a') ? ['model.p.b'] : []),
      },
    );
    return { live, lines };
  }

  it('no START for a node dbt will skip because a node failed earlier in the same invocation', () => {
    const { live, lines } = view();
    live.plan(3, [{ uniqueId: 'model.p.a', reason: 'code changed' }, { uniqueId: 'model.p.b', reason: 'upstream `a` changed' }, { uniqueId: 'model.p.c', reason: 'no previous result' }], []);
    live.start('model.p.a', 1);
    live.finish('model.p.a', { ...result('error'), message: 'boom' }, 1);
    live.start('model.p.b', 1);
    live.start('model.p.c', 1);
    assert.deepEqual(lines.filter((l) => l.startsWith('START')), ['START  model a (code changed)', 'START  model c (no previous result)']);
    assert.ok(lines.includes('    boom'));
  });

  it('a retry round starts a new [n/N] counter', () => {
    const { live, lines } = view();
    live.plan(2, [{ uniqueId: 'model.p.a', reason: 'r' }, { uniqueId: 'model.p.c', reason: 'r' }], []);
    live.finish('model.p.c', result('success'), 1);
    live.retry(['a'], 0, 2, 1);
    live.finish('model.p.a', result('success'), 2);
    assert.deepEqual(lines.filter((l) => l.startsWith('OK')), ['OK     model c [1/2] 0.50s', 'OK     model a [1/1] 0.50s (attempt 2)']);
  });

  it('-v lists every reused node with its reason', () => {
    const quiet = view();
    quiet.live.plan(2, [], [{ uniqueId: 'model.p.a', reason: 'unchanged' }, { uniqueId: 'model.p.b', reason: 'unchanged' }]);
    assert.deepEqual(quiet.lines.slice(1), ['REUSE  2 nodes reused (-v lists them with the reason)']);
    const verbose = view(true);
    verbose.live.plan(2, [], [{ uniqueId: 'model.p.a', reason: 'unchanged' }, { uniqueId: 'model.p.b', reason: 'unchanged' }]);
    assert.deepEqual(verbose.lines.slice(1), ['REUSE  2 nodes reused', 'REUSE  model a (unchanged)', 'REUSE  model b (unchanged)']);
  });
});

describe('error block', () => {
  it("indents dbt's whole error, drops blank ends and names the compiled SQL", () => {
    const message = '\nRuntime Error in model orders (models/orders.sql)\n  Binder Error: no column "statuss"\n\n  LINE 3: select statuss\n                 ^\n\n';
    assert.deepEqual(errorBlock(message, { compiledPath: 'target/compiled/p/models/orders.sql', logPath: 'logs/x.log' }), [
      '    Runtime Error in model orders (models/orders.sql)',
      '      Binder Error: no column "statuss"',
      '    ',
      '      LINE 3: select statuss',
      '                     ^',
      '    compiled SQL: target/compiled/p/models/orders.sql',
    ]);
  });
  it(`caps at ${MAX_ERROR_LINES} lines and points to the log for the rest`, () => {
    const lines = errorBlock(Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n'), { logPath: 'logs/x.log' });
    assert.equal(lines.length, MAX_ERROR_LINES + 1);
    assert.equal(lines[MAX_ERROR_LINES], '    … 30 more lines in logs/x.log');
  });
  it('an empty message points to the log', () => {
    assert.deepEqual(errorBlock('', { logPath: 'logs/x.log' }), ['    dbt gave no message; see logs/x.log']);
  });
});

describe('recap', () => {
  it('Completed line as dbt words it', () => {
    assert.equal(completedLine([outcome('success')], false), 'Completed successfully');
    assert.equal(completedLine([outcome('error'), outcome('warn'), outcome('warn')], false), 'Completed with 1 error and 2 warnings:');
    assert.equal(completedLine([outcome('warn')], false), 'Completed with 1 warning:');
  });
  it('Done counts warnings and not-run nodes', () => {
    const line = doneLine([outcome('success'), outcome('warn'), outcome('reused', 'reuse'), outcome('error'), outcome('skipped', 'skip'), outcome('not-run')]);
    assert.equal(line, 'Done: 2 built, 1 warned, 1 reused, 1 failed, 1 skipped, 1 not run');
  });
  it('time line: wall, running nodes, saved', () => {
    assert.equal(timeLine(75, 12.34, 3), 'Time: 1m 15s wall, 12.3s running nodes, 3.0s saved by reuse');
  });
});

describe('console of a real run', () => {
  it("a failing model shows dbt's full error with the caret line and the compiled SQL; no START for what is skipped; a recap", async () => {
    const project = copyExample();
    editFile(project, 'models/marts/core/orders.sql', (sql) => sql.replace('orders.status,', 'orders.statuss,'));
    const run = await orchestrate(project, ['build', '--threads', '1']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const out = run.stdout;
    assert.match(out, /^Parsing dbt project /);
    assert.match(out, /^START {2}model stg_orders \(no previous result\)$/m);
    assert.match(out, /^OK {5}model stg_orders \[\d+\/\d+\] \d+\.\d\ds$/m);
    assert.match(out, /^ERROR {2}model orders \[\d+\/\d+\] /m);
    assert.match(out, /^ {6}Binder Error: .*column named "statuss"/m);
    assert.match(out, /^ {6}LINE \d+:/m);
    assert.match(out, /^ +\^+$/m);
    assert.match(out, /^ {4}compiled SQL: target\/compiled\/jaffle_shop\/models\/marts\/core\/orders\.sql$/m);
    // customers depends on orders: dbt skips it, so it gets a SKIP line and no START.
    assert.doesNotMatch(out, /^START {2}model customers/m);
    assert.match(out, /^SKIP {3}model customers \(skipped: upstream `orders` failed\)$/m);
    const recap = out.slice(out.indexOf('Completed with'));
    assert.match(recap, /^Completed with 1 error:$/m);
    assert.match(recap, /^ERROR {2}model orders$/m);
    assert.match(recap, /column named "statuss"/);
    assert.match(recap, /^Done: \d+ built, 0 warned, 0 reused, 1 failed, 11 skipped$/m);
    assert.match(recap, /^Time: .* wall, .* running nodes, .* saved by reuse$/m);
    assert.match(recap, /^Log: logs\/dbt-orchestrator\.log$/m);
    assert.doesNotMatch(out, ANSI);
  });

  it('an undefined macro: the Jinja error is on screen', async () => {
    const project = copyExample();
    addFile(project, 'models/marts/core/uses_missing_macro.sql', "select {{ undefined_macro() }} as x\n");
    const run = await orchestrate(project, ['build', '-s', 'uses_missing_macro']);
    assert.notEqual(run.code, 0);
    assert.match(run.stdout + run.stderr, /'undefined_macro' is undefined/);
  });

  it('reused nodes are one line; -v lists each with its reason; a warning is counted; FORCE_COLOR colours', async () => {
    const project = copyExample();
    addFile(project, 'tests/warn_on_orders.sql', "{{ config(severity='warn') }}\nselect * from {{ ref('stg_orders') }} limit 1\n");
    const first = await orchestrate(project, ['build'], { FORCE_COLOR: '1' });
    assert.equal(first.code, 0, first.stdout);
    assert.match(first.stdout, ANSI);
    const plain = first.stdout.replace(/\u001b\[\d+m/g, '');
    assert.match(plain, /^WARN {3}test warn_on_orders \[\d+\/\d+\] /m);
    assert.match(plain, /^Completed with 1 warning:/m);
    assert.match(plain, /^Done: \d+ built, 1 warned, 0 reused, 0 failed, 0 skipped$/m);

    const quiet = await orchestrate(project, ['build'], { NO_COLOR: '1' });
    assert.doesNotMatch(quiet.stdout, ANSI);
    assert.match(quiet.stdout, /^REUSE {2}\d+ nodes reused \(-v lists them with the reason\)$/m);
    assert.doesNotMatch(quiet.stdout, /^REUSE {2}model /m);
    assert.match(quiet.stdout, /^Time: .* saved by reuse$/m);

    const verbose = await orchestrate(project, ['build', '-v']);
    assert.match(verbose.stdout, /^REUSE {2}model orders \(.+\)$/m);
  });

  it('when the dbt process dies, the console says so and points to the log', async () => {
    const project = copyExample();
    addFile(project, 'models/crash/crash.py', 'import os\n\ndef model(dbt, session):\n    os._exit(3)\n    return dbt.ref("stg_orders").df()\n');
    addFile(project, 'models/crash/after_crash.sql', "select * from {{ ref('crash') }}\n");
    const run = await orchestrate(project, ['build', '-s', '+crash+', '--exclude', 'test_type:generic', 'assert_order_amount_matches_payments', '--retries', '1']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^dbt stopped: dbt bridge exited unexpectedly \(exit code 3\)$/m);
    assert.match(run.stdout, /^ {4}see logs\/dbt-orchestrator\.log for dbt's full output$/m);
    // The dbt process is gone: nothing is retried, the node it was running errored, the rest did not run.
    assert.doesNotMatch(run.stdout, /^RETRY/m);
    assert.equal(decisionOf(project, 'model.jaffle_shop.crash').status, 'error');
    assert.equal(decisionOf(project, 'model.jaffle_shop.after_crash').status, 'not-run');
    assert.match(run.stdout, /^dbt stopped before the run finished \(1 error\):$/m);
  });
});
