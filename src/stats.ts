// `dbt-orchestrator stats`: the store's run log (src/store/runs.ts), the last N runs and their total.
// Reads files only: no dbt, no warehouse.

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from './errors.js';
import { statsLines, totalOf } from './report/savings.js';
import { readRuns } from './store/runs.js';

export interface StatsOptions {
  projectDir: string;
  store?: string;
  last: string;
  json: boolean;
}

export async function runStats(options: StatsOptions, io: { cwd: string; stdout: NodeJS.WritableStream; warn(message: string): void }): Promise<number> {
  const last = Number(options.last);
  if (!Number.isInteger(last) || last < 1) throw new InputError('--last', `expected a whole number >= 1, got '${options.last}'`);
  const projectDir = resolve(io.cwd, options.projectDir);
  const storeDir = options.store ? (isAbsolute(options.store) ? options.store : resolve(io.cwd, options.store)) : join(projectDir, '.dbt-orchestrator');
  if (existsSync(storeDir) && !statSync(storeDir).isDirectory()) throw new InputError('--store', `'${storeDir}' exists and is not a directory`);
  if (!options.store && !existsSync(join(projectDir, 'dbt_project.yml')) && !existsSync(storeDir)) {
    throw new InputError('--project-dir', `'${options.projectDir}' has no dbt_project.yml and no store; pass --project-dir or --store`);
  }
  const all = await readRuns(storeDir, { warn: io.warn });
  const shown = all.slice(Math.max(0, all.length - last));
  if (options.json) io.stdout.write(`${JSON.stringify({ store: storeDir, recorded: all.length, runs: shown, total: totalOf(shown) }, null, 2)}\n`);
  else for (const line of statsLines(shown, all.length)) io.stdout.write(`${line}\n`);
  return 0;
}
