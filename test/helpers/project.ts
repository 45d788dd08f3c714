// Test harness: a private copy of the example project per test, the real CLI entry (in-process, real dbt
// in a child process), and small readers for the files the engine writes.

import { execFileSync } from 'node:child_process';
import { cpSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { main } from '../../src/cli.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DBT = join(REPO, '.venv/bin/dbt');
export const PYTHON = join(REPO, '.venv/bin/python');
export const EXAMPLE = join(REPO, 'examples/jaffle_shop');

// Two opt-in start-up hooks for every Python process the tests start (test/helpers/python-site/): with
// DBT_TEST_COUNT=<file> each appends what it is to <file> (count-summary.mjs prints the counts); with
// DBT_TEST_PRELOAD=<dir> (scripts/test.sh sets it and starts the servers) a dbt process is forked from a server
// that has already imported dbt (preload_server.py) instead of importing it again.
if (process.env.DBT_TEST_COUNT || process.env.DBT_TEST_PRELOAD) {
  const site = join(REPO, 'test/helpers/python-site');
  const path = process.env.PYTHONPATH?.split(':') ?? [];
  if (!path.includes(site)) process.env.PYTHONPATH = [site, ...path].filter(Boolean).join(':');
}

/** What a child started with a clean environment (e.g. the bundled action) needs for those hooks. */
export function testPythonEnv(): Record<string, string> {
  const { DBT_TEST_COUNT, DBT_TEST_PRELOAD, PYTHONPATH, LANG } = process.env;
  if (!PYTHONPATH || (!DBT_TEST_COUNT && !DBT_TEST_PRELOAD)) return {};
  // The preload serves only processes with the locale of the tests (GitHub's runners set LANG too).
  const preload = DBT_TEST_PRELOAD ? { DBT_TEST_PRELOAD, ...(LANG ? { LANG } : {}) } : {};
  return { PYTHONPATH, ...(DBT_TEST_COUNT ? { DBT_TEST_COUNT } : {}), ...preload };
}

const SKIPPED = new Set(['target', 'logs', 'dbt_packages', '.dbt-orchestrator', '.user.yml']);

/**
 * A fresh copy of the example project (no database, no store, no target, except that a copy of the example
 * itself gets dbt's partial-parse file of an unchanged copy when scripts/test.sh made one: DBT_TEST_PARSED, as a
 * runner that restored dbt's partial-parse cache has it). `parsed: false` for a copy whose first parse must be
 * a full one.
 */
export function copyExample(source = EXAMPLE, { parsed = true }: { parsed?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'orch-'));
  const dest = join(dir, 'jaffle_shop');
  cpSync(source, dest, {
    recursive: true,
    filter: (src) => !SKIPPED.has(basename(src)) && !/\.duckdb(\.wal)?$/.test(src),
  });
  const template = process.env.DBT_TEST_PARSED && join(process.env.DBT_TEST_PARSED, 'target/partial_parse.msgpack');
  if (parsed && source === EXAMPLE && template && existsSync(template)) {
    mkdirSync(join(dest, 'target'));
    copyFileSync(template, join(dest, 'target/partial_parse.msgpack'));
  }
  return dest;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs `dbt-orchestrator <args>` on `project` with the repo's dbt. */
export async function orchestrate(project: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const [command, ...rest] = args;
  const argv = [command, '--project-dir', project, '--profiles-dir', project, '--dbt', DBT, ...rest];
  const code = await main({ argv, env: { ...process.env, ...env }, stdout: out.stream, stderr: err.stream, cwd: project });
  return { code, stdout: out.text(), stderr: err.text() };
}

export interface ReportNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  decision: string;
  reason: string;
  status: string;
  attempts: number;
  hash: string;
}

export function report(project: string): { nodes: ReportNode[]; totals: Record<string, number> } {
  return JSON.parse(readFileSync(join(project, 'target/orchestrator.json'), 'utf8'));
}

export function runResults(project: string): { results: Array<{ unique_id: string; status: string; timing: unknown[] }> } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(project, 'target/run_results.json'), 'utf8'));
}

/** unique_ids whose final status is one of `statuses`, sorted. */
export function idsWith(project: string, ...statuses: string[]): string[] {
  return report(project)
    .nodes.filter((n) => statuses.includes(n.status))
    .map((n) => n.uniqueId)
    .sort();
}

export function executedIds(project: string): string[] {
  return report(project)
    .nodes.filter((n) => n.decision === 'run' || n.attempts > 0)
    .map((n) => n.uniqueId)
    .sort();
}

export function decisionOf(project: string, uniqueId: string): ReportNode {
  const node = report(project).nodes.find((n) => n.uniqueId === uniqueId);
  if (!node) throw new Error(`${uniqueId} not in orchestrator.json`);
  return node;
}

/** Runs SQL against the project's DuckDB file (the engine must not be running). */
export function duckdb(project: string, sql: string): string {
  const script = 'import duckdb,sys,json; c=duckdb.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall() if sys.argv[2].strip().lower().startswith("select") else c.execute(sys.argv[2]); print(json.dumps(r if isinstance(r, list) else [], default=str))';
  return execFileSync(PYTHON, ['-c', script, join(project, 'jaffle_shop.duckdb'), sql], { encoding: 'utf8' });
}

export function editFile(project: string, relative: string, edit: (text: string) => string): void {
  const path = join(project, relative);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${relative} changed nothing`);
  writeFileSync(path, after);
}

export function appendFile(project: string, relative: string, text: string): void {
  appendFileSync(join(project, relative), text);
}

export function exists(project: string, relative: string): boolean {
  return existsSync(join(project, relative));
}
