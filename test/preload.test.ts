// The test preload (test/helpers/python-site/): a dbt process handed to a server that has imported dbt already
// must be indistinguishable, to whoever started it, from the same process started normally — same output and
// exit code, same signals, and killed when its stand-in is killed. This file starts its own server.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { DBT, PYTHON, REPO } from './helpers/project.js';

const SITE = join(REPO, 'test/helpers/python-site');
const BRIDGE = join(REPO, 'python/dbt_bridge');

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('the test preload server', () => {
  let dir: string;
  let serverLog = '';
  let server: ReturnType<typeof spawn>;
  // A clean environment of our own: only the hook's variables differ between the two ways of starting.
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', PYTHONPATH: SITE, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
  let preloaded: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'preload-'));
    preloaded = { ...base, DBT_TEST_PRELOAD: dir };
    server = spawn(PYTHON, [join(SITE, 'preload_server.py'), dir], { env: base, stdio: ['ignore', 'ignore', 'pipe'] });
    server.stderr!.on('data', (c: Buffer) => (serverLog += c.toString()));
    for (let i = 0; i < 600 && !readdirSync(dir).some((f) => f.endsWith('.sock')); i++) await delay(100);
    assert.ok(readdirSync(dir).some((f) => f.endsWith('.sock')), `the server never listened:\n${serverLog}`);
  });

  after(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  const forked = (): string[] => serverLog.split('\n').filter((l) => l.startsWith('forked '));
  const forks = (): number => forked().length;
  // Asynchronous, so that the server's log keeps arriving while dbt runs.
  const run = (env: NodeJS.ProcessEnv, args: string[], cwd = dir): Promise<Ran> =>
    new Promise((resolve) => {
      const child = spawn(DBT, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (status) => setTimeout(() => resolve({ status, stdout, stderr }), 100));
    });

  it('a dbt command run through it has the exit code, stdout and stderr of the same command run normally', async () => {
    const args = ['parse', '--project-dir', join(dir, 'no-such-project'), '--profiles-dir', dir, '--no-use-colors'];
    const before = forks();
    const normal = await run(base, args);
    const through = await run(preloaded, args);
    assert.equal(forks(), before + 1, 'the second run was forked from the server');
    assert.equal(through.status, normal.status);
    assert.notEqual(normal.status, 0);
    const strip = (text: string): string => text.replace(/\d\d:\d\d:\d\d/g, 'hh:mm:ss');
    assert.equal(strip(through.stdout), strip(normal.stdout));
    assert.equal(strip(through.stderr), strip(normal.stderr));
  });

  it('a dbt parse of a project through it logs what it logs normally: nothing of the warm-up\'s own run is left', async () => {
    // Two copies of one project, each parsed from scratch; the warm-up's dbt run logged to a file of its own
    // project (a Python logger by name), which a forked parse must not write to.
    const project = (name: string): string => {
      const root = join(dir, name);
      mkdirSync(join(root, 'models'), { recursive: true });
      writeFileSync(join(root, 'dbt_project.yml'), 'name: tiny_parse\nversion: "1.0"\nconfig-version: 2\nprofile: tiny_parse\n');
      writeFileSync(join(root, 'profiles.yml'), `tiny_parse:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${join(root, 'db.duckdb')}\n`);
      writeFileSync(join(root, 'models/one.sql'), 'select 1 as id\n');
      return root;
    };
    const parse = (env: NodeJS.ProcessEnv, root: string): Promise<Ran> => run(env, ['parse', '--project-dir', root, '--profiles-dir', root, '--no-use-colors'], root);
    const before = forks();
    const normal = await parse(base, project('parse-normal'));
    const through = await parse(preloaded, project('parse-through'));
    assert.equal(forks(), before + 1);
    assert.equal(through.status, 0, through.stdout + through.stderr);
    const strip = (text: string): string => text.replace(/parse-(normal|through)/g, 'parse-x').replace(/\d+(\.\d+)?/g, 'n');
    assert.equal(strip(through.stderr), strip(normal.stderr));
    assert.equal(strip(through.stdout), strip(normal.stdout));
    assert.match(readFileSync(join(dir, 'parse-through/logs/dbt.log'), 'utf8'), /Running with dbt=/);
  });

  it('`python -c` helpers run through it too: argv, stdin, stdout, a traceback without its own frames, the exit code', async () => {
    const code = "import sys, json; print(json.dumps([sys.argv, json.load(sys.stdin)])); sys.stdout.flush(); raise SystemExit(int(sys.argv[1])) if sys.argv[1] != '9' else 1/0";
    const py = (env: NodeJS.ProcessEnv, exit: string): Promise<Ran> =>
      new Promise((resolve) => {
        const child = spawn(PYTHON, ['-c', code, exit], { env, cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.stdin.end('{"k": [1, 2]}');
        child.on('close', (status) => setTimeout(() => resolve({ status, stdout, stderr }), 100));
      });
    for (const exit of ['3', '9']) {
      const before = forks();
      const normal = await py(base, exit);
      const through = await py(preloaded, exit);
      assert.equal(forks(), before + 1);
      assert.deepEqual(through, normal);
    }
  });

  it('it has run dbt once before it serves, and left nothing a forked process cannot use (dbt_extractor\'s thread pool)', async () => {
    assert.match(serverLog, /^warm-up: deps=ok, parse=ok, build=ok, ls=ok, parse postgres=ok$/m, `the server did not warm up single-threaded:\n${serverLog}`);
    // A thread pool created in the server would not exist in a fork: its first use there would hang.
    // (A source with a config() call is one that it parses on that pool.)
    const code = "from dbt_extractor import py_extract_from_source as x; print(x(\"{{ config(materialized='table') }} {{ ref('a') }}\")['refs'])";
    const before = forks();
    const through = await new Promise<Ran>((resolve) => {
      const child = spawn(PYTHON, ['-c', code], { env: preloaded, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (status) => (clearTimeout(timer), resolve({ status, stdout, stderr })));
    });
    assert.equal(forks(), before + 1);
    assert.deepEqual(through, { status: 0, stdout: "[{'name': 'a'}]\n", stderr: '' });
  });

  it('it runs in the working directory and with the environment it was started with', async () => {
    // dbt reads DBT_PROFILES_DIR from the environment and resolves the project from the working directory.
    const env = { ...preloaded, DBT_PROFILES_DIR: join(dir, 'profiles-from-env') };
    const normal = await run({ ...base, DBT_PROFILES_DIR: env.DBT_PROFILES_DIR }, ['debug', '--config-dir', '--no-use-colors'], tmpdir());
    const through = await run(env, ['debug', '--config-dir', '--no-use-colors'], tmpdir());
    assert.match(through.stdout, /profiles-from-env/);
    assert.equal(through.stdout.replace(/\d\d:\d\d:\d\d/g, ''), normal.stdout.replace(/\d\d:\d\d:\d\d/g, ''));
    assert.equal(through.status, normal.status);
  });

  it('a bridge whose stand-in is killed outright is killed too; SIGTERM to the stand-in reaches the bridge', async () => {
    // The bridge's stdin is a FIFO this test keeps open: the bridge never sees end of file, so only the
    // preload's own handling of its stand-in (a forwarded SIGTERM, a kill when the stand-in's socket closes)
    // can stop it.
    const fifo = join(dir, 'stdin.fifo');
    execFileSync('mkfifo', [fifo]);
    const stdin = openSync(fifo, constants.O_RDWR);
    try {
      for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
        const before = forks();
        const child = spawn(PYTHON, [BRIDGE], { env: preloaded, cwd: dir, stdio: [stdin, 'ignore', 'ignore', 'pipe'] });
        let wire = '';
        child.stdio[3]!.on('data', (c: Buffer) => (wire += c.toString()));
        for (let i = 0; i < 600 && !wire.includes('"ready"'); i++) await delay(100);
        assert.match(wire, /"event": ?"ready"/);
        for (let i = 0; i < 50 && forks() === before; i++) await delay(100);
        assert.equal(forks(), before + 1);
        const pid = Number(/forked (\d+)/.exec(forked().at(-1)!)![1]);
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
        child.kill(signal);
        const outcome = await exited;
        if (signal === 'SIGKILL') assert.equal(outcome.signal, 'SIGKILL');
        else assert.ok(outcome.code !== null || outcome.signal !== null);
        let alive = true;
        for (let i = 0; i < 100 && alive; i++) {
          alive = existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(safeRead(`/proc/${pid}/status`));
          if (alive) await delay(50);
        }
        child.stdio[3]!.destroy();
        if (alive) process.kill(pid, 'SIGKILL'); // fail, not hang on its open pipe
        assert.equal(alive, false, `the forked bridge ${pid} outlived its stand-in (${signal})`);
      }
    } finally {
      closeSync(stdin);
    }
  });
});

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

