// The CLI spawns dbt's Python before it loads the rest of the program (src/dbt/prestart.ts), and the engine
// adopts that process only when it is exactly the one it would spawn. Real Python, real dbt, the bundled CLI.

import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { prestartBridge } from '../src/dbt/prestart.js';
import { bridgeScriptPath } from '../src/dbt/spawn.js';
import { copyExample, DBT, PYTHON, REPO } from './helpers/project.js';

const CLI = join(REPO, 'dist/cli.js');

/** A folder that looks like a project that has run before: dbt_project.yml and the orchestrator's log. */
function ranBefore(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prestart-'));
  writeFileSync(join(dir, 'dbt_project.yml'), "name: p\nversion: '1.0'\nprofile: p\n");
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'dbt-orchestrator.log'), '');
  return dir;
}

const sameOptions = (dir: string) => ({ python: PYTHON, bridgeScript: bridgeScriptPath(), projectDir: dir, env: process.env, logFile: join(dir, 'logs', 'dbt-orchestrator.log') });

function exited(child: ChildProcess): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(String(child.signalCode ?? child.exitCode));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(String(signal ?? code))));
}

/** Processes whose working directory is `dir` (the bridge runs in the project directory). */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function noProcessesIn(dir: string): Promise<number[]> {
  for (let i = 0; i < 100; i++) {
    const left = processesIn(dir);
    if (left.length === 0) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
  return processesIn(dir);
}

describe('early start of the dbt process', () => {
  it('the engine gets the early process when it would spawn exactly that one', async () => {
    const dir = ranBefore();
    const early = prestartBridge(['plan', '--project-dir', dir, '--dbt', DBT], process.env, REPO);
    assert.ok(early, 'no early start for a project that ran before');
    const child = early.take(sameOptions(dir));
    assert.ok(child?.pid, 'the same options did not get the early process');
    assert.equal(child.exitCode, null);
    assert.equal(early.take(sameOptions(dir)), undefined, 'the early process is handed out once');
    child.kill('SIGKILL');
    await exited(child);
  });

  it('other options (another environment) stop the early process and get none', async () => {
    const dir = ranBefore();
    const early = prestartBridge([`plan`, `--project-dir=${dir}`, '--dbt', DBT], process.env, REPO);
    assert.ok(early);
    assert.equal(early.take({ ...sameOptions(dir), env: { ...process.env, DBT_TARGET_PATH: 'elsewhere' } }), undefined);
    assert.deepEqual(await noProcessesIn(dir), [], 'the early process is still running');
  });

  it('a discarded early process is stopped', async () => {
    const dir = ranBefore();
    const early = prestartBridge(['build', '--project-dir', dir, '--dbt', DBT], process.env, REPO);
    assert.ok(early);
    early.discard();
    assert.equal(early.take(sameOptions(dir)), undefined);
    assert.deepEqual(await noProcessesIn(dir), []);
  });

  it('no early start where it could create files or start the wrong process', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'prestart-'));
    writeFileSync(join(fresh, 'dbt_project.yml'), "name: p\nversion: '1.0'\nprofile: p\n");
    assert.equal(prestartBridge(['plan', '--project-dir', fresh, '--dbt', DBT], process.env, REPO), undefined, 'a project that never ran');
    assert.equal(existsSync(join(fresh, 'logs')), false, 'logs/ was created');
    const dir = ranBefore();
    assert.equal(prestartBridge(['stats', '--project-dir', dir, '--dbt', DBT], process.env, REPO), undefined, 'a command without dbt');
    assert.equal(prestartBridge(['build', '--shard', '1/2', '--project-dir', dir, '--dbt', DBT], process.env, REPO), undefined, 'a shard run');
    assert.equal(prestartBridge(['plan', '--project-dir', dir, '--dbt', join(dir, 'no-dbt')], process.env, REPO), undefined, 'no dbt there');
    assert.equal(prestartBridge(['plan', '--project-dir', join(dir, 'missing')], process.env, REPO), undefined, 'no project there');
  });

  it('the bundled CLI runs its plan in the early process: one dbt process, the same plan', () => {
    const project = copyExample();
    const count = join(mkdtempSync(join(tmpdir(), 'prestart-count-')), 'count.txt');
    const run = (env: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [CLI, 'plan', '--project-dir', project, '--profiles-dir', project, '--dbt', DBT], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });
    const first = run();
    assert.equal(first.status, 0, first.stderr);
    assert.ok(existsSync(join(project, 'logs', 'dbt-orchestrator.log')));
    const second = run({ DBT_TEST_COUNT: count, PYTHONPATH: [join(REPO, 'test/helpers/python-site'), process.env.PYTHONPATH].filter(Boolean).join(':') });
    assert.equal(second.status, 0, second.stderr);
    const table = (stdout: string): string => stdout.slice(stdout.indexOf('DECISION'));
    assert.ok(table(first.stdout).includes('no previous result'), first.stdout);
    assert.equal(table(second.stdout), table(first.stdout));
    const starts = readFileSync(count, 'utf8').split('\n').filter((l) => l === 'bridge');
    assert.equal(starts.length, 1, `dbt processes started: ${starts.length}`);
  });

  it('a command line the CLI rejects leaves no dbt process behind', async () => {
    const project = copyExample();
    mkdirSync(join(project, 'logs'));
    writeFileSync(join(project, 'logs', 'dbt-orchestrator.log'), '');
    const run = spawnSync(process.execPath, [CLI, 'plan', '--project-dir', project, '--profiles-dir', project, '--dbt', DBT, '--threads', 'many'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /--threads/);
    assert.deepEqual(await noProcessesIn(project), []);
  });
});
