// Engine options and their validation. Everything here runs before dbt starts, so a bad value never
// costs a parse, let alone SQL.

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from './errors.js';
import type { ImpactOptions } from './impact/types.js';
import { checkStateManifest } from './plan/state-report.js';
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
  /** `plan --shards N`: plan a build cut into N shards (src/shard/). */
  shards?: number;
  /** PR impact against the --state dir (the action's `impact` input): schema changes, and row counts when asked. */
  impact?: ImpactOptions;
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

/**
 * Upper bounds of the numeric options. Beyond them a value is a typo or a unit mistake, never a plan:
 * dbt cannot start 10^20 threads, and Node's timers overflow after 24.8 days (so a longer delay would fire
 * at once). The maxima leave room for any real warehouse (hundreds of connections) and any CI job.
 */
export const LIMITS = {
  threads: 512,
  retries: 100,
  /** One hour: longer than any GitHub-hosted job would want to sleep between retry rounds. */
  retryDelaySeconds: 3600,
} as const;

function integer(name: string, value: string | number | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  // Decimal digits only: Number() would also take '1e3', '0x10' or '4.0'.
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new InputError(name, `expected a whole number >= ${min} (at most ${max}), got '${value}'`);
  if (n > max) throw new InputError(name, `${text} is above the maximum of ${max}`);
  return n;
}

function seconds(name: string, value: string | number | undefined, max: number): number {
  if (value === undefined || value === '') return 0;
  const text = String(value).trim();
  const n = /^\d{1,15}(\.\d{1,6})?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new InputError(name, `expected a number of seconds >= 0, got '${value}'`);
  if (n > max) throw new InputError(name, `${text} seconds is above the maximum of ${max} (${max / 3600} h)`);
  return n;
}

/**
 * Selection values reach dbt as arguments of its --select/--exclude/--selector flags, where a token that
 * starts with '-' would be read as another dbt flag (`-s 'orders --exclude orders'` would silently select
 * nothing; `--record-timing-info FILE` would make dbt write a file). No dbt selector starts with '-'
 * (methods, paths, graph and set operators all start otherwise), so such a token is rejected.
 */
export function validateSelection(name: string, tokens: readonly string[]): string[] {
  for (const token of tokens) {
    if (token.startsWith('-')) {
      throw new InputError(
        name,
        `'${token}' is not a selector: a selection value may not start with '-' (dbt would read it as a flag); pass dbt options as options, and selectors such as 'orders', 'tag:daily' or '+stg_orders'`,
      );
    }
  }
  return [...tokens];
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
  if (!existsSync(full)) throw new InputError(name, `directory '${path}' does not exist`);
  if (!statSync(full).isDirectory()) {
    const hint = mustContain && basename(full) === mustContain ? `; pass the folder that holds it: '${dirname(path)}'` : mustContain ? ` (pass the folder that holds ${mustContain})` : '';
    throw new InputError(name, `'${path}' is a file, not a directory${hint}`);
  }
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
  if (state) {
    const manifest = checkStateManifest(join(state, 'manifest.json'), join(state, 'manifest.json'));
    if (!manifest.ok) throw new InputError('--state', `${manifest.reason}; point --state at the target folder of a previous dbt run`);
  }
  if (raw.defer && !state) throw new InputError('--defer', 'needs --state DIR (a folder holding the manifest.json to defer to)');
  validateVars(raw.vars);
  const threads = integer('--threads', raw.threads, 1, LIMITS.threads);
  const retries = integer('--retries', raw.retries, 0, LIMITS.retries) ?? 0;
  const retryDelaySeconds = seconds('--retry-delay', raw.retryDelay, LIMITS.retryDelaySeconds);
  const select = validateSelection('--select', raw.select ?? []);
  const exclude = validateSelection('--exclude', raw.exclude ?? []);
  if (raw.selector !== undefined) validateSelection('--selector', [raw.selector]);
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
    select,
    exclude,
    selector: raw.selector,
    state,
    defer: raw.defer ?? false,
    fullRefresh: raw.fullRefresh ?? false,
    threads,
    retries,
    retryDelaySeconds,
    storeDir,
    reuse: raw.reuse ?? true,
    dbtPath: raw.dbt === undefined ? undefined : resolve(cwd, raw.dbt),
    unknownSources: unknownSourcesPolicy(raw.unknownSources),
    maxAgeSeconds: maxAge(raw.maxAge),
    explain: explainTarget(raw.explain),
  };
}
