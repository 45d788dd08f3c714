// Finds the dbt executable to use and the Python interpreter that runs it (the bridge must run in
// that same interpreter, since it imports dbt).

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

export interface LocateOptions {
  /** Explicit dbt executable (--dbt). A bare name ("dbt") is looked up on PATH. */
  dbtPath?: string;
  projectDir: string;
  env: NodeJS.ProcessEnv;
  /** Defaults to process.cwd(). */
  cwd?: string;
}

export interface LocatedDbt {
  /** Absolute path of the dbt executable. */
  dbt: string;
  /** The Python interpreter that runs it. */
  python: string;
}

export class DbtNotFoundError extends Error {
  /** Every path that was tried, in order. */
  readonly tried: string[];

  constructor(message: string, tried: string[]) {
    super(message);
    this.name = 'DbtNotFoundError';
    this.tried = tried;
  }
}

const WINDOWS = process.platform === 'win32';
const BIN_DIR = WINDOWS ? 'Scripts' : 'bin';
const DBT_NAMES = WINDOWS ? ['dbt.exe', 'dbt'] : ['dbt'];
const PYTHON_NAMES = WINDOWS ? ['python.exe', 'python3.exe'] : ['python', 'python3'];
const HINT = 'Install dbt-core and an adapter (e.g. `pip install dbt-core dbt-duckdb` in a virtualenv), or pass --dbt PATH.';

/**
 * Search order: explicit dbtPath; $VIRTUAL_ENV/bin/dbt; .venv/bin/dbt in projectDir and in each of its
 * ancestors; cwd/.venv/bin/dbt; dbt on PATH. Throws DbtNotFoundError listing what was tried.
 */
export function locateDbt(opts: LocateOptions): LocatedDbt {
  const cwd = opts.cwd ?? process.cwd();
  const tried: string[] = [];

  if (opts.dbtPath !== undefined && opts.dbtPath !== '') {
    const explicit = opts.dbtPath;
    const candidates = isBareName(explicit) ? pathCandidates(explicit, opts.env) : [resolve(cwd, explicit)];
    for (const candidate of candidates) {
      tried.push(candidate);
      if (isFile(candidate)) return withPython(candidate, opts.env);
    }
    throw new DbtNotFoundError(
      `dbt not found at ${explicit}${candidates.length > 1 || candidates[0] !== explicit ? ` (tried ${candidates.join(', ')})` : ''}: it must be an existing dbt executable. ${HINT}`,
      tried,
    );
  }

  const candidates: string[] = [];
  const venv = opts.env.VIRTUAL_ENV;
  if (venv) candidates.push(...DBT_NAMES.map((n) => join(resolve(cwd, venv), BIN_DIR, n)));
  for (let dir = resolve(cwd, opts.projectDir); ; dir = dirname(dir)) {
    candidates.push(...DBT_NAMES.map((n) => join(dir, '.venv', BIN_DIR, n)));
    if (dirname(dir) === dir) break;
  }
  candidates.push(...DBT_NAMES.map((n) => join(resolve(cwd), '.venv', BIN_DIR, n)));
  for (const name of DBT_NAMES) candidates.push(...pathCandidates(name, opts.env));

  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    tried.push(candidate);
    if (isFile(candidate)) return withPython(candidate, opts.env);
  }
  throw new DbtNotFoundError(`dbt not found. Looked for:\n  ${tried.join('\n  ')}\n${HINT}`, tried);
}

function withPython(dbt: string, env: NodeJS.ProcessEnv): LocatedDbt {
  const python = pythonFor(dbt, env);
  if (!python) {
    const engine = newEngineVersion(probeVersion(dbt, env));
    if (engine) throw new DbtNotFoundError(unsupportedEngineMessage(dbt, engine), [dbt]);
    throw new DbtNotFoundError(
      `found dbt at ${dbt} but not the Python interpreter that runs it (no python next to it, no usable #! line). ${HINT}`,
      [dbt],
    );
  }
  return { dbt, python };
}

/**
 * The interpreter that runs a dbt entry-point script: the absolute interpreter of its #! line when that
 * exists (exactly what runs dbt, also for system-wide installs where a sibling `python` may be another
 * Python), else a `python`/`python3` next to it (venvs, Windows launchers, relocated venvs), else a
 * `#!/usr/bin/env python3` line resolved on PATH.
 */
export function pythonFor(dbt: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromShebang = shebangInterpreter(dbt, env);
  if (fromShebang && fromShebang.absolute) return fromShebang.path;
  const dirs = [dirname(dbt)];
  try {
    const real = realpathSync(dbt);
    if (dirname(real) !== dirs[0]) dirs.push(dirname(real));
  } catch {
    // keep the unresolved directory only
  }
  for (const dir of dirs) {
    for (const name of PYTHON_NAMES) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return fromShebang?.path;
}

function shebangInterpreter(script: string, env: NodeJS.ProcessEnv): { path: string; absolute: boolean } | undefined {
  const head = readHead(script, 1024);
  if (!head.startsWith('#!')) return undefined;
  const lines = head.split(/\r?\n/);
  const words = lines[0]!.slice(2).trim().split(/\s+/);
  let interpreter = words[0] ?? '';
  // `#!/usr/bin/env python3` (optionally `env -S python3 -E`)
  if (interpreter.endsWith('/env')) interpreter = words.slice(1).find((w) => !w.startsWith('-')) ?? '';
  // pip writes `#!/bin/sh` + `'''exec' "/long/path/python" "$0" "$@"` when the path is too long for #!
  if (/\/(ba|da)?sh$/.test(interpreter)) {
    const exec = lines.slice(1, 4).join('\n').match(/^'''exec' "?([^"\s]+)"?/m);
    interpreter = exec ? exec[1]! : '';
  }
  if (!interpreter || !/python/i.test(interpreter.split(/[\\/]/).pop() ?? '')) return undefined;
  if (isAbsolute(interpreter)) return isFile(interpreter) ? { path: interpreter, absolute: true } : undefined;
  const found = pathCandidates(interpreter, env).find(isFile);
  return found ? { path: found, absolute: false } : undefined;
}

function pathCandidates(name: string, env: NodeJS.ProcessEnv): string[] {
  const path = env.PATH ?? env.Path ?? '';
  return path
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, name));
}

function isBareName(p: string): boolean {
  return !p.includes('/') && !p.includes('\\');
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function readHead(file: string, bytes: number): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const n = readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

export const SUPPORTED_DBT = 'dbt-core 1.10, 1.11 and 1.12';
const PIN = 'pin dbt-core with its adapter, e.g. `pip install dbt-core==1.12.6 dbt-duckdb==1.11.1`';

/**
 * The version of the new dbt engine (dbt 2, "dbt Fusion") when `dbt --version` printed by a dbt that is not a
 * Python entry point says so (`dbt-fusion 2.0.0-preview.13`, `dbt 2.0.1`); undefined for anything else.
 */
export function newEngineVersion(versionOutput: string | undefined): string | undefined {
  if (!versionOutput) return undefined;
  const fusion = versionOutput.match(/\bdbt-fusion\s+v?(\d+\.\d+\S*)/i);
  if (fusion) return fusion[1];
  const plain = versionOutput.match(/^\s*dbt(?:-core)?\s+v?([2-9]\.\d+\S*)/im);
  return plain ? plain[1] : undefined;
}

export function unsupportedEngineMessage(dbt: string, version: string): string {
  return `${dbt} is the new dbt engine (dbt ${version}), which dbt-orchestrator cannot drive yet: it supports ${SUPPORTED_DBT}; ${PIN}, and pass --dbt to that install if another dbt comes first on PATH`;
}

function probeVersion(dbt: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    return execFileSync(dbt, ['--version'], { env, encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const out = (error as { stdout?: unknown }).stdout;
    return typeof out === 'string' ? out : undefined;
  }
}
