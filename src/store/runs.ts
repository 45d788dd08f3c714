// The run log of the store: one small JSON file per finished run under `<store>/runs/`, so savings add up
// across runs (`dbt-orchestrator stats`). Append-only; pruned to the newest MAX_RUNS on every append. It lives
// inside the store directory, so the GitHub Actions cache entry of the store carries it (the whole
// directory is saved; LocalStore.prune only touches results/ and slots/).
//
// A record holds counts, times and the command only: no node names, vars, env or paths.

import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isTempFileName, writeJsonAtomic } from '../util/atomic-write.js';

export const RUNS_DIR_NAME = 'runs';
export const RUN_RECORD_FORMAT = 1;
/** Run records kept; older ones are deleted when a new run is recorded. */
export const MAX_RUNS = 200;

export interface RunRecord {
  format: typeof RUN_RECORD_FORMAT;
  runId: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  elapsedSeconds: number;
  selected: number;
  built: number;
  reused: number;
  failed: number;
  skipped: number;
  /** Warehouse time avoided: the sum of the reused nodes' recorded execution times. */
  savedSeconds: number;
}

export function runsDir(storeDir: string): string {
  return join(storeDir, RUNS_DIR_NAME);
}

/** Sortable by time: the start instant (colons replaced), then the run id. */
function fileName(record: RunRecord): string {
  return `${record.startedAt.replace(/:/g, '-')}_${record.runId.replace(/[^A-Za-z0-9-]/g, '')}.json`;
}

const NUMBERS = ['elapsedSeconds', 'selected', 'built', 'reused', 'failed', 'skipped', 'savedSeconds'] as const;
const STRINGS = ['runId', 'command', 'startedAt', 'finishedAt'] as const;

/** The first problem of a parsed run record, or undefined when usable. */
export function checkRunRecord(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (record.format !== RUN_RECORD_FORMAT) return `format is ${JSON.stringify(record.format)}, expected ${RUN_RECORD_FORMAT}`;
  const string = STRINGS.find((key) => typeof record[key] !== 'string');
  if (string) return `field "${string}" is not a string`;
  const number = NUMBERS.find((key) => typeof record[key] !== 'number' || !Number.isFinite(record[key]) || (record[key] as number) < 0);
  return number ? `field "${number}" is not a number >= 0` : undefined;
}

async function recordFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.json') && !isTempFileName(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Appends one run record and deletes all but the newest `keep`. Throws on write failures (the caller warns). */
export async function appendRun(storeDir: string, record: RunRecord, keep = MAX_RUNS): Promise<void> {
  const dir = runsDir(storeDir);
  await writeJsonAtomic(join(dir, fileName(record)), record);
  const files = await recordFiles(dir);
  for (const name of files.slice(0, Math.max(0, files.length - keep))) await unlink(join(dir, name)).catch(() => undefined);
}

/** The recorded runs, oldest first (the newest `last` when given). Unreadable records are warned about and left out. */
export async function readRuns(storeDir: string, options: { last?: number; warn?: (message: string) => void } = {}): Promise<RunRecord[]> {
  const dir = runsDir(storeDir);
  const files = await recordFiles(dir);
  const records: RunRecord[] = [];
  for (const name of files) {
    const path = join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      options.warn?.(`run log: ignoring ${path}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const problem = checkRunRecord(value);
    if (problem) options.warn?.(`run log: ignoring ${path}: ${problem}`);
    else records.push(value as RunRecord);
  }
  return options.last === undefined ? records : records.slice(Math.max(0, records.length - options.last));
}
