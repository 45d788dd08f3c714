// Flaky nodes on real dbt + DuckDB: a node reads a "gate" file that does not exist on its first attempt
// (DuckDB fails with an IO error) and is created when the engine announces the retry, so attempt 2
// succeeds. Works for every node type (models, incremental models, snapshots, tests), unlike hooks.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import { DBT, type CliRun } from './project.js';

export interface Gate {
  path: string;
  /** A SQL predicate that errors while the gate file is missing and is true once it exists. */
  sql: string;
  open(): void;
}

export function gate(project: string, name: string): Gate {
  const path = join(project, 'gates', `${name}.csv`);
  mkdirSync(join(project, 'gates'), { recursive: true });
  return {
    path,
    sql: `exists (select * from read_csv('${path}'))`,
    open: () => writeFileSync(path, 'open\n1\n'),
  };
}

export function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

/**
 * Runs the CLI like orchestrate(), calling `onRetry(round)` synchronously when the engine prints a
 * RETRY line (before the retry delay starts), so a gate can be opened between attempts.
 */
export async function orchestrateWithRetryHook(project: string, args: string[], onRetry: (round: number) => void, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let rounds = 0;
  const stdout = new Writable({
    write(chunk, _enc, done) {
      const text = chunk.toString();
      out.push(text);
      for (const line of text.split('\n')) if (/^RETRY\b/.test(line)) onRetry(++rounds);
      done();
    },
  });
  const stderr = new Writable({
    write(chunk, _enc, done) {
      err.push(chunk.toString());
      done();
    },
  });
  const [command, ...rest] = args;
  const argv = [command, '--project-dir', project, '--profiles-dir', project, '--dbt', DBT, ...rest];
  const code = await main({ argv, env: { ...process.env, NO_COLOR: '1', ...env }, stdout, stderr, cwd: project });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
