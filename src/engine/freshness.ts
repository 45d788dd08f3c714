// `freshness`: dbt source freshness over the selected sources — a table, target/sources.json, and an exit
// code by on-stale. Shares the engine's dbt session setup; runs no model SQL.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BridgeError, type DbtBridge } from '../dbt/bridge.js';
import { DbtNotFoundError } from '../dbt/locate.js';
import { readManifest } from '../dbt/manifest.js';
import type { DbtCommonArgs, SourceFreshness } from '../dbt/protocol.js';
import { bridgeErrorTitle, needsDeps, startDbt } from '../dbt/start.js';
import type { EngineDeps } from './types.js';
import { displaySource } from '../report/names.js';
import { EXIT_BAD_INPUT, EXIT_NODE_FAILED, EXIT_OK, InputError } from '../errors.js';
import type { SourceFreshnessConfig } from '../report/freshness-summary.js';
import { isPastErrorAfter, isStale } from '../status.js';
import { formatAge } from '../util/format.js';

export interface FreshnessOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  select: string[];
  exclude: string[];
  onStale: 'warn' | 'fail';
  dbtPath?: string;
}

export interface FreshnessRun {
  exitCode: number;
  results: Array<SourceFreshness & { name: string }>;
  sourcesPath?: string;
  /** Each source's freshness config from the manifest (for the job summary), when sources.json was written. */
  configs?: Record<string, SourceFreshnessConfig | undefined>;
  error?: string;
}

/** `freshness`: dbt source freshness over the selected sources, a table, sources.json, exit by on-stale. */
export async function runFreshness(options: FreshnessOptions, deps: EngineDeps): Promise<FreshnessRun> {
  const { output } = deps;
  let bridge: DbtBridge | undefined;
  try {
    bridge = await startDbt(options, deps);
    const args: DbtCommonArgs = { projectDir: options.projectDir, profilesDir: options.profilesDir, target: options.target, vars: options.vars };
    if (needsDeps(options.projectDir)) await bridge.deps(args);
    const parse = await bridge.parse(args);
    const manifest = await readManifest(parse.manifestPath);
    const listed = await bridge.ls({ ...args, select: options.select.length > 0 ? options.select : ['source:*'], exclude: options.exclude });
    const sources = listed.uniqueIds.filter((id) => manifest.sources[id] !== undefined).sort();
    const sourcesPath = join(dirname(parse.manifestPath), 'sources.json');
    if (sources.length === 0) {
      output.line('No sources selected.');
      return { exitCode: EXIT_OK, results: [], sourcesPath: undefined };
    }
    const { results } = await bridge.freshness({ uniqueIds: sources, outputPath: sourcesPath });
    const named = results.map((r) => ({ ...r, name: displaySource(manifest.sources[r.uniqueId]) }));
    for (const line of freshnessTable(named)) output.line(line);
    const stale = named.filter((r) => isStale(r.status));
    for (const r of stale) output.warn(`source ${r.name} is ${r.status === 'runtime error' ? 'not measurable' : 'stale'} (${r.status}${r.error ? `: ${r.error.split('\n')[0]}` : ''})`);
    const failing = named.filter((r) => isPastErrorAfter(r.status));
    const exitCode = options.onStale === 'fail' && failing.length > 0 ? EXIT_NODE_FAILED : EXIT_OK;
    if (!existsSync(sourcesPath)) return { exitCode, results: named, sourcesPath: undefined };
    const configs = Object.fromEntries(Object.entries(manifest.sources).map(([id, s]) => [id, s.freshness as SourceFreshnessConfig | undefined]));
    return { exitCode, results: named, sourcesPath, configs };
  } catch (error) {
    if (error instanceof InputError || error instanceof DbtNotFoundError) return { exitCode: EXIT_BAD_INPUT, results: [], error: error.message };
    if (error instanceof BridgeError && error.kind !== 'internal' && error.kind !== 'database') {
      return { exitCode: EXIT_BAD_INPUT, results: [], error: `${bridgeErrorTitle(error.kind)}: ${error.message}` };
    }
    throw error;
  } finally {
    await bridge?.close().catch(() => undefined);
  }
}

export function freshnessTable(results: Array<SourceFreshness & { name: string }>): string[] {
  const width = Math.max(6, ...results.map((r) => r.name.length));
  const pad = (t: string, w: number): string => t + ' '.repeat(Math.max(0, w - t.length));
  const lines = [`${pad('SOURCE', width)}  ${pad('MAX_LOADED_AT', 25)}  ${pad('AGE', 6)}  STATUS`];
  for (const r of results) {
    const status = r.status === 'unchecked' ? 'no freshness config' : r.status;
    lines.push(`${pad(r.name, width)}  ${pad(r.maxLoadedAt ?? '-', 25)}  ${pad(formatAge(r.ageSeconds, '-'), 6)}  ${status}`);
  }
  return lines;
}
