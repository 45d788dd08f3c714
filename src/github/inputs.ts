// The action's inputs: names in one place, read and validated up front. Every error names the input,
// says what was wrong and what to do, before dbt starts.

import { InputError } from '../errors.js';
import { ActionInputError } from './input-error.js';

export { ActionInputError };
import { COMMANDS, validateOptions, type EngineOptions, type RawOptions } from '../options.js';
import { parseStateFrom, parseStateMissing, type StateFrom, type StateMissingPolicy } from './state-inputs.js';
import type { PartialParseCaching } from '../store/partial-parse.js';
import { parseNotifySettings, type NotifySettings } from './notify-settings.js';
import { parseImpactSettings } from './impact-settings.js';
import type { ImpactOptions } from '../impact/types.js';

export const Inputs = {
  command: 'command',
  select: 'select',
  exclude: 'exclude',
  selector: 'selector',
  target: 'target',
  vars: 'vars',
  fullRefresh: 'full-refresh',
  threads: 'threads',
  retries: 'retries',
  retryDelay: 'retry-delay',
  projectDir: 'project-dir',
  profilesDir: 'profiles-dir',
  dbt: 'dbt',
  reuse: 'reuse',
  cacheKeyPrefix: 'cache-key-prefix',
  artifactName: 'artifact-name',
  uploadArtifacts: 'upload-artifacts',
  failOn: 'fail-on',
  githubToken: 'github-token',
  defer: 'defer',
  stateFrom: 'state-from',
  stateMissing: 'state-missing',
  productionWorkflow: 'production-workflow',
  comment: 'comment',
  impact: 'impact',
  impactTimeout: 'impact-timeout',
  onStale: 'on-stale',
  hashSalt: 'hash-salt',
  cachePartialParse: 'cache-partial-parse',
  notifyWebhook: 'notify-webhook',
  notifyOn: 'notify-on',
  notifyFormat: 'notify-format',
} as const;

export const Outputs = {
  status: 'status',
  built: 'built',
  reused: 'reused',
  failed: 'failed',
  skipped: 'skipped',
  runResultsPath: 'run-results-path',
  manifestPath: 'manifest-path',
  artifactId: 'artifact-id',
  cacheHit: 'cache-hit',
} as const;

export type ReuseMode = 'true' | 'false' | 'read-only';
export type FailOn = 'error' | 'warn' | 'never';

export interface ActionSettings {
  engine: EngineOptions;
  reuse: ReuseMode;
  cacheKeyPrefix: string;
  artifactName: string;
  uploadArtifacts: boolean;
  failOn: FailOn;
  githubToken: string;
  /** The project directory relative to the workspace (posix), for cache keys and annotations. */
  projectDirRelative: string;
  /** PR check: where production state comes from, what to do without it, deferral, the sticky comment. */
  stateFrom?: StateFrom;
  stateMissing: StateMissingPolicy;
  defer: boolean;
  comment: boolean;
  /** PR impact against the production state (`impact`, `impact-timeout`); undefined: `impact: off`. */
  impact?: ImpactOptions;
  /** `command: freshness` only: exit policy for stale sources. */
  freshness?: { onStale: 'warn' | 'fail' };
  /** Key of the env-var digests (from a secret); empty: DBT_ORCHESTRATOR_HASH_SALT or a runner-local salt. */
  hashSalt?: string;
  /** Whether dbt's partial-parse file may be cached when it holds env var values. */
  cachePartialParse: PartialParseCaching;
  /** Where and when to send the run's outcome; undefined without notify-webhook. */
  notify?: NotifySettings;
}

/** CLI flag (as validateOptions names it) → action input, so errors speak the user's language. */
const FLAG_TO_INPUT: Record<string, string> = {
  command: Inputs.command,
  '--project-dir': Inputs.projectDir,
  '--profiles-dir': Inputs.profilesDir,
  '--vars': Inputs.vars,
  '--select': Inputs.select,
  '--exclude': Inputs.exclude,
  '--selector': Inputs.selector,
  '--threads': Inputs.threads,
  '--retries': Inputs.retries,
  '--retry-delay': Inputs.retryDelay,
  '--dbt': Inputs.dbt,
  '--state': 'state',
  '--defer': 'defer',
  '--store': 'store',
};


function oneOf<T extends string>(input: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ActionInputError(input, `'${value}' is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
}

function bool(input: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new ActionInputError(input, `'${value}' is not a boolean; use true or false`);
}

/** Selections may be written on several lines or space-separated, as with dbt's flags. */
function selectors(value: string): string[] {
  return value.split(/\s+/).filter((s) => s !== '');
}

const CACHE_KEY_PREFIX = /^[A-Za-z0-9._-]{1,64}$/;
const ARTIFACT_NAME_FORBIDDEN = /["':<>|*?\r\n\\/]/;

export function readSettings(getInput: (name: string) => string, workspace: string): ActionSettings {
  const get = (name: string): string => getInput(name).trim();
  const requested = get(Inputs.command) || 'build';
  const isFreshness = requested === 'freshness';
  const command = isFreshness ? 'build' : oneOf(Inputs.command, requested, [...COMMANDS, 'freshness'] as const);
  const onStale = oneOf<'warn' | 'fail'>(Inputs.onStale, get(Inputs.onStale) || 'warn', ['warn', 'fail']);
  const stateFromValue = get(Inputs.stateFrom);
  const stateFrom = stateFromValue === '' ? undefined : parseStateFrom(stateFromValue, get(Inputs.productionWorkflow));
  const stateMissing = parseStateMissing(get(Inputs.stateMissing));
  const defer = bool(Inputs.defer, get(Inputs.defer), false);
  if (defer && !stateFrom) throw new ActionInputError(Inputs.defer, "needs 'state-from' (production, path:<dir> or artifact:<run-id>) to know what to defer to");
  const comment = bool(Inputs.comment, get(Inputs.comment), false);
  const impact = parseImpactSettings(get(Inputs.impact), get(Inputs.impactTimeout));
  const reuse = oneOf<ReuseMode>(Inputs.reuse, get(Inputs.reuse) || 'true', ['true', 'false', 'read-only']);
  const failOn = oneOf<FailOn>(Inputs.failOn, get(Inputs.failOn) || 'error', ['error', 'warn', 'never']);
  const cacheKeyPrefix = get(Inputs.cacheKeyPrefix) || 'dbt-orchestrator';
  if (!CACHE_KEY_PREFIX.test(cacheKeyPrefix)) {
    throw new ActionInputError(Inputs.cacheKeyPrefix, `'${cacheKeyPrefix}' must be 1-64 characters of letters, digits, '.', '_' or '-'`);
  }
  const artifactName = get(Inputs.artifactName) || 'dbt-orchestrator';
  if (ARTIFACT_NAME_FORBIDDEN.test(artifactName)) {
    throw new ActionInputError(Inputs.artifactName, `'${artifactName}' may not contain " : < > | * ? \\ / or line breaks`);
  }
  const raw: RawOptions = {
    command,
    projectDir: get(Inputs.projectDir) || '.',
    profilesDir: get(Inputs.profilesDir) || undefined,
    target: get(Inputs.target) || undefined,
    vars: get(Inputs.vars) || undefined,
    select: selectors(get(Inputs.select)),
    exclude: selectors(get(Inputs.exclude)),
    selector: get(Inputs.selector) || undefined,
    fullRefresh: bool(Inputs.fullRefresh, get(Inputs.fullRefresh), false),
    threads: get(Inputs.threads) || undefined,
    retries: get(Inputs.retries) || '0',
    retryDelay: get(Inputs.retryDelay) || '0',
    reuse: reuse !== 'false',
    dbt: get(Inputs.dbt) || undefined,
  };
  const uploadArtifacts = bool(Inputs.uploadArtifacts, get(Inputs.uploadArtifacts), true);
  const cachePartialParse = oneOf<PartialParseCaching>(Inputs.cachePartialParse, get(Inputs.cachePartialParse) || 'auto', ['auto', 'true', 'false']);
  const notify = parseNotifySettings(get(Inputs.notifyWebhook), get(Inputs.notifyOn), get(Inputs.notifyFormat));
  let engine: EngineOptions;
  try {
    engine = validateOptions(raw, workspace);
  } catch (error) {
    if (error instanceof InputError) {
      throw new ActionInputError(FLAG_TO_INPUT[error.input] ?? error.input, error.message.slice(error.input.length + 2));
    }
    throw error;
  }
  const relative = engine.projectDir.startsWith(workspace) ? engine.projectDir.slice(workspace.length).replace(/^[\\/]+/, '') : engine.projectDir;
  return {
    engine,
    reuse,
    cacheKeyPrefix,
    artifactName,
    uploadArtifacts,
    failOn,
    githubToken: get(Inputs.githubToken),
    projectDirRelative: relative.split('\\').join('/') || '.',
    stateFrom,
    stateMissing,
    defer,
    comment,
    impact,
    freshness: isFreshness ? { onStale } : undefined,
    hashSalt: get(Inputs.hashSalt) || undefined,
    cachePartialParse,
    notify,
  };
}
