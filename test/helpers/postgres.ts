// A throwaway PostgreSQL cluster for one test file: initdb in a temp dir, a server on a free loopback port,
// one database per test, stopped and removed in `after` (and when the test process exits, whatever happens).
// Real PostgreSQL from Debian's `postgresql` package (scripts/setup.sh installs it when it is missing).

import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PYTHON } from './project.js';
import type { PostgresWarehouse } from './warehouse.js';

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  /** Directory holding initdb and pg_ctl that started this server. */
  bindir: string;
  /** Creates an empty database (a fresh name per test keeps tests independent) and returns its name. */
  createDatabase(name: string): string;
  /** Environment for the example's `postgres` / `postgres_ci` targets (examples/jaffle_shop/profiles.yml). */
  env(dbname: string): Record<string, string>;
  /** Runs SQL in `dbname`; a query's rows come back as JSON-compatible values (dates and decimals as strings). */
  query(dbname: string, sql: string): unknown[][];
  /** `dbname` on this server, as test/helpers/warehouse.ts describes a warehouse (dumps, plain builds). */
  warehouse(dbname: string): PostgresWarehouse;
  /**
   * Takes advisory locks `keys` in `dbname` in a session of its own and holds each until it is released (or, so
   * that a test whose release never comes fails instead of hanging, for at most `maxSeconds`): SQL that takes one
   * (`pg_advisory_xact_lock_shared(key)`) waits until then, however fast or slow the machine is.
   */
  holdLocks(dbname: string, keys: number[], maxSeconds?: number): Promise<HeldLocks>;
  stop(): void;
}

export interface HeldLocks {
  /** Unlocks `key` (SQL waiting for it goes on); resolves once it is free. */
  release(key: number): Promise<void>;
  /** Unlocks every key still held and ends the session. */
  releaseAll(): Promise<void>;
}

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const hasServer = (dir: string): boolean => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl'));

/**
 * Where initdb and pg_ctl live, in the same order as scripts/postgres.sh: $PG_BIN, PATH, then the newest
 * Debian /usr/lib/postgresql/<version>/bin (Debian keeps the server binaries off PATH). `libRoot` is for tests.
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env, libRoot = '/usr/lib/postgresql'): string | undefined {
  if (env.PG_BIN && hasServer(env.PG_BIN)) return env.PG_BIN;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) if (hasServer(dir)) return dir;
  const versions = existsSync(libRoot) ? readdirSync(libRoot).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const dir = join(libRoot, version, 'bin');
    if (hasServer(dir)) return dir;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** The server refuses to run as root: as root, run its binaries as the `postgres` user Debian's package creates. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find(isExecutable) ?? 'runuser';
  return isRoot() ? [runuser, ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function run(bin: string, args: string[]): string {
  const [command, argv] = asServerUser(bin, args);
  return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// One psycopg2 connection per call; results as JSON (str() for dates, decimals, timestamps).
const QUERY = `
import json, sys, psycopg2
conn = psycopg2.connect(host=sys.argv[1], port=int(sys.argv[2]), user=sys.argv[3], dbname=sys.argv[4])
conn.autocommit = True
cur = conn.cursor()
cur.execute(sys.argv[5])
rows = cur.fetchall() if cur.description else []
print(json.dumps([list(r) for r in rows], default=str))
`;

// Locks the keys argv[6:], prints `locked`; then each stdin line `<key>` unlocks that key and prints `unlocked <key>`.
// At EOF, or argv[5] seconds after it started, it unlocks every key and exits.
const HOLD_LOCKS = `
import select, sys, time, psycopg2
conn = psycopg2.connect(host=sys.argv[1], port=int(sys.argv[2]), user=sys.argv[3], dbname=sys.argv[4])
conn.autocommit = True
cur = conn.cursor()
until = time.monotonic() + float(sys.argv[5])
for key in sys.argv[6:]:
    cur.execute('select pg_advisory_lock(%s)', (int(key),))
print('locked', flush=True)
while True:
    ready, _, _ = select.select([sys.stdin], [], [], max(0.0, until - time.monotonic()))
    line = sys.stdin.readline() if ready else ''
    if not line:
        break
    cur.execute('select pg_advisory_unlock(%s)', (int(line),))
    print('unlocked', int(line), flush=True)
cur.execute('select pg_advisory_unlock_all()')
`;

function holdLocks(connection: string[], keys: number[], maxSeconds: number): Promise<HeldLocks> {
  const child = spawn(PYTHON, ['-c', HOLD_LOCKS, ...connection, String(maxSeconds), ...keys.map(String)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting = new Map<number, () => void>();
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const held = new Set(keys);
  return new Promise<HeldLocks>((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop()!;
      for (const line of lines) {
        if (line === 'locked') {
          resolve({
            release: (key) => {
              if (!held.delete(key)) return Promise.resolve();
              const done = new Promise<void>((r) => waiting.set(key, r));
              child.stdin.write(`${key}\n`);
              return Promise.race([done, exited.then((code) => Promise.reject(new Error(`the lock holder exited ${code}: ${stderr}`)))]);
            },
            releaseAll: async () => {
              held.clear();
              child.stdin.end();
              const code = await exited;
              if (code !== 0) throw new Error(`the lock holder exited ${code}: ${stderr}`);
            },
          });
        }
        const unlocked = /^unlocked (\d+)$/.exec(line);
        if (unlocked) waiting.get(Number(unlocked[1]))?.();
      }
    });
    void exited.then((code) => reject(new Error(`the lock holder exited ${code} before it held the locks: ${stderr}`)));
  });
}

/** Starts a cluster owned by the `postgres` user in a fresh temp dir, on a free port of 127.0.0.1. */
export async function startPostgres(): Promise<PostgresServer> {
  const bindir = findPostgresBin();
  if (!bindir) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: run `bash scripts/setup.sh` (it installs Debian\'s postgresql package) or set PG_BIN');
  const base = mkdtempSync(join(tmpdir(), 'orch-pg-'));
  chmodSync(base, 0o700);
  if (isRoot()) {
    let ids: number[];
    try {
      ids = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()));
    } catch {
      rmSync(base, { recursive: true, force: true });
      throw new Error('the PostgreSQL server refuses to run as root and there is no `postgres` user to run it as: install Debian\'s postgresql package (bash scripts/setup.sh) or run the tests as a non-root user');
    }
    chownSync(base, ids[0], ids[1]);
    try {
      run('test', ['-w', base]);
    } catch {
      rmSync(base, { recursive: true, force: true });
      throw new Error(`user postgres cannot reach ${base} (a parent directory is private): set TMPDIR to a directory it can traverse, e.g. TMPDIR=/tmp`);
    }
  }
  const data = join(base, 'data');
  const log = join(base, 'server.log');
  const pgCtl = join(bindir, 'pg_ctl');
  let running = false;
  const stop = (): void => {
    if (running) {
      running = false;
      try {
        run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already gone; the directory is removed anyway
      }
    }
    rmSync(base, { recursive: true, force: true });
    process.removeListener('exit', stop);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  // A test process ended by a signal runs no 'exit' handlers: stop the server, then die of the same signal.
  const onSignal = (signal: NodeJS.Signals): void => {
    stop();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('exit', stop);
  for (const signal of SIGNALS) process.on(signal, onSignal);

  try {
    run(join(bindir, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  } catch (error) {
    stop();
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? error}`);
  }
  // Throwaway data: no fsync, small buffers (the machine is shared).
  const options = '-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB';
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      run(pgCtl, ['-D', data, '-l', log, '-o', `-p ${port} -k ${base} ${options}`, '-w', '-t', '60', 'start']);
      running = true;
      break;
    } catch (error) {
      // Another process may have taken the port between probing and binding: try another one.
      if (attempt >= 3) {
        const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
        stop();
        throw new Error(`pg_ctl start failed: ${(error as { stderr?: string }).stderr ?? error}\n${serverLog}`);
      }
    }
  }

  const host = '127.0.0.1';
  const user = 'postgres';
  const query = (dbname: string, sql: string): unknown[][] =>
    JSON.parse(execFileSync(PYTHON, ['-c', QUERY, host, String(port), user, dbname, sql], { encoding: 'utf8' }));
  return {
    host,
    port,
    user,
    bindir,
    createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: lower-case letters, digits and _ only`);
      query('postgres', `create database ${name}`);
      return name;
    },
    env: (dbname) => ({ DBT_PG_HOST: host, DBT_PG_PORT: String(port), DBT_PG_USER: user, DBT_PG_PASSWORD: '', DBT_PG_DBNAME: dbname }),
    query,
    warehouse: (dbname) => ({ kind: 'postgres', host, port, user, dbname, password: '' }),
    holdLocks: (dbname, keys, maxSeconds = 120) => holdLocks([host, String(port), user, dbname], keys, maxSeconds),
    stop,
  };
}
