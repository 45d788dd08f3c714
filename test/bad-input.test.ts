// Bad input and environment: a clear message, exit 2, no SQL executed, the store untouched.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../src/cli.js';
import { copyExample, orchestrate } from './helpers/project.js';

function assertNothingRan(project: string): void {
  assert.equal(existsSync(join(project, 'jaffle_shop.duckdb')), false, 'the database was created: SQL ran');
  assert.equal(existsSync(join(project, '.dbt-orchestrator')), false, 'the store was touched');
  assert.equal(existsSync(join(project, 'target/run_results.json')), false, 'run results were written');
}

async function cli(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const sink = (collect: boolean) =>
    new Writable({
      write(chunk, _e, done) {
        if (collect) stderr += chunk.toString();
        done();
      },
    });
  const code = await main({ argv, env, stdout: sink(false), stderr: sink(true), cwd });
  return { code, stderr };
}

describe('bad input exits 2 before any SQL', () => {
  const project = copyExample();

  it('unknown selector', async () => {
    const run = await orchestrate(project, ['build', '--selector', 'no_such_selector']);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /dbt rejected the selection: .*no_such_selector/s);
    assertNothingRan(project);
  });

  it('bad selection syntax', async () => {
    const run = await orchestrate(project, ['build', '--select', 'nosuchmethod:foo']);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /selection/);
    assertNothingRan(project);
  });

  it('missing profile', async () => {
    const profiles = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(join(profiles, 'profiles.yml'), 'other_profile:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: x.duckdb}\n');
    const run = await orchestrate(project, ['build', '--profiles-dir', profiles]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /profile.*jaffle_shop/is);
    assertNothingRan(project);
  });

  it('missing dbt', async () => {
    const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME };
    const run = await cli(['build', '--project-dir', project, '--profiles-dir', project], env, project);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /dbt not found/);
    assert.match(run.stderr, /--dbt/);
    assertNothingRan(project);
  });

  it('a --dbt path that does not exist', async () => {
    const run = await cli(['build', '--project-dir', project, '--dbt', '/nonexistent/dbt'], process.env, project);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--dbt: '\/nonexistent\/dbt' does not exist/);
  });

  it('invalid --vars YAML', async () => {
    const run = await orchestrate(project, ['build', '--vars', '{start_date: [unclosed']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--vars: not valid YAML/);
    const list = await orchestrate(project, ['build', '--vars', '- a\n- b']);
    assert.equal(list.code, 2);
    assert.match(list.stderr, /--vars: must be a YAML mapping/);
    assertNothingRan(project);
  });

  it('unknown command and unknown flag', async () => {
    const command = await cli(['frobnicate'], process.env, project);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command 'frobnicate'/);
    const flag = await orchestrate(project, ['build', '--frobnicate']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option '--frobnicate'/);
    assertNothingRan(project);
  });

  it('invalid numbers and missing directories', async () => {
    for (const [args, message] of [
      [['--threads', '0'], /--threads: expected a whole number >= 1/],
      [['--retries', 'two'], /--retries: expected a whole number >= 0/],
      [['--retry-delay', '-1'], /--retry-delay: expected a number of seconds >= 0/],
      [['--state', join(project, 'nope')], /--state: directory .* does not exist/],
      [['--defer'], /--defer: needs --state/],
    ] as Array<[string[], RegExp]>) {
      const run = await orchestrate(project, ['build', ...args]);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
    const noProject = await cli(['build', '--project-dir', tmpdir()], process.env, project);
    assert.equal(noProject.code, 2);
    assert.match(noProject.stderr, /--project-dir: .* has no dbt_project.yml/);
    assertNothingRan(project);
    assert.deepEqual(readdirSync(project).filter((f) => f.endsWith('.duckdb')), []);
  });
});
