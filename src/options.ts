// Engine options and their validation. Everything here runs before dbt starts, so a bad value never
// costs a parse, let alone SQL.

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from './errors.js';
import { parseDuration, UNKNOWN_DATA_POLICIES, type UnknownDataPolicy } from './plan/data-state.js';

export const COMMANDS = ['build', 'run', 'test', 'seed', 'snapshot'] as const;
export type Command = (typeof COMMANDS)[number];

export interface EngineOptions {
  command: Command;
  /** Dry run: plan and explain, execute nothing. */
  planOnly: boolean;
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  select: string[];
  exclude: string[];
  selector?: string;
  state?: string;
  defer: boolean;
  fullRefresh: boolean;
  threads?: number;
  retries: number;
  retryDelaySeconds: number;
  storeDir: string;
  reuse: boolean;
  dbtPath?: string;
  /** What an unknown source data state means (no freshness config): always changed, or never. */
  unknownSources: UnknownDataPolicy;
  /** Rebuild any node last built longer ago than this. */
  maxAgeSeconds?: number;
  /** `explain NODE` / `plan --explain NODE`: the node to explain input by input. */
  explain?: string;
}

export interface RawOptions {
  command: string;
  planOnly?: boolean;
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  select?: string[];
  exclude?: string[];
  selector?: string;
  state?: string;
  defer?: boolean;
  fullRefresh?: boolean;
  threads?: string | number;
  retries?: string | number;
  retryDelay?: string | number;
  store?: string;
  reuse?: boolean;
  dbt?: string;
  unknownSources?: string;
  maxAge?: string;
  explain?: string;
}

function integer(name: string, value: string | number | undefined, min: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(name, `expected a whole number >= ${min}, got '${value}'`);
  return n;
}

function seconds(name: string, value: string | number | undefined): number {
  if (value === undefined || value === '') return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InputError(name, `expected a number of seconds >= 0, got '${value}'`);
  return n;
}

/** dbt accepts --vars as a YAML (or JSON) mapping; reject anything else before dbt sees it. */
export function validateVars(vars: string | undefined): Record<string, unknown> {
  if (vars === undefined || vars.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = parseYaml(vars);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError('--vars', `not valid YAML (${reason}); pass a mapping such as '{start_date: "2024-01-01"}'`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError('--vars', `must be a YAML mapping such as '{start_date: "2024-01-01"}', got '${vars}'`);
  }
  return parsed as Record<string, unknown>;
}

function directory(name: string, path: string, mustContain?: string): string {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new InputError(name, `directory '${path}' does not exist`);
  if (mustContain && !existsSync(join(full, mustContain))) {
    throw new InputError(name, `'${path}' has no ${mustContain}; point it at the folder that holds your dbt project's ${mustContain}`);
  }
  return full;
}

function unknownSourcesPolicy(value: string | undefined): UnknownDataPolicy {
  if (value === undefined || value === '') return 'rebuild';
  if ((UNKNOWN_DATA_POLICIES as readonly string[]).includes(value)) return value as UnknownDataPolicy;
  throw new InputError('--unknown-sources', `'${value}' is not one of ${UNKNOWN_DATA_POLICIES.join(', ')}`);
}

function maxAge(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = parseDuration(value);
  if (seconds === undefined || seconds <= 0) throw new InputError('--max-age', `'${value}' is not a duration like 30m, 6h or 2d`);
  return seconds;
}

function explainTarget(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new InputError('explain', 'needs a node: a name (as for --select) or a unique_id');
  return value.trim();
}

export function validateOptions(raw: RawOptions, cwd = process.cwd()): EngineOptions {
  if (!(COMMANDS as readonly string[]).includes(raw.command)) {
    throw new InputError('command', `unknown command '${raw.command}'; use one of ${COMMANDS.join(', ')} or plan`);
  }
  const projectDir = directory('--project-dir', resolve(cwd, raw.projectDir ?? '.'), 'dbt_project.yml');
  const profilesDir = raw.profilesDir === undefined ? undefined : directory('--profiles-dir', resolve(cwd, raw.profilesDir));
  if (profilesDir && !existsSync(join(profilesDir, 'profiles.yml'))) {
    throw new InputError('--profiles-dir', `'${raw.profilesDir}' has no profiles.yml`);
  }
  const state = raw.state === undefined ? undefined : directory('--state', resolve(cwd, raw.state), 'manifest.json');
  if (raw.defer && !state) throw new InputError('--defer', 'needs --state DIR (a folder holding the manifest.json to defer to)');
  validateVars(raw.vars);
  const threads = integer('--threads', raw.threads, 1);
  const retries = integer('--retries', raw.retries, 0) ?? 0;
  const storeDir = raw.store ? (isAbsolute(raw.store) ? raw.store : resolve(cwd, raw.store)) : join(projectDir, '.dbt-orchestrator');
  if (existsSync(storeDir) && !statSync(storeDir).isDirectory()) throw new InputError('--store', `'${raw.store}' exists and is not a directory`);
  if (raw.dbt !== undefined && !existsSync(resolve(cwd, raw.dbt))) {
    throw new InputError('--dbt', `'${raw.dbt}' does not exist; pass the path of the dbt executable (e.g. .venv/bin/dbt)`);
  }
  return {
    command: raw.command as Command,
    planOnly: raw.planOnly ?? false,
    projectDir,
    profilesDir,
    target: raw.target,
    vars: raw.vars,
    select: raw.select ?? [],
    exclude: raw.exclude ?? [],
    selector: raw.selector,
    state,
    defer: raw.defer ?? false,
    fullRefresh: raw.fullRefresh ?? false,
    threads,
    retries,
    retryDelaySeconds: seconds('--retry-delay', raw.retryDelay),
    storeDir,
    reuse: raw.reuse ?? true,
    dbtPath: raw.dbt === undefined ? undefined : resolve(cwd, raw.dbt),
    unknownSources: unknownSourcesPolicy(raw.unknownSources),
    maxAgeSeconds: maxAge(raw.maxAge),
    explain: explainTarget(raw.explain),
  };
}
