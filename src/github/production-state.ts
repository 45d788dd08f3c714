// Finding the production state for a PR check ("slim CI"): the manifest of the last successful production
// run, so `state:modified+` can select what a pull request changed and `--defer` can read the rest from
// production.
//
// Where it comes from (input `state-from`, parsed in state-inputs.ts):
//   production        the newest successful run of the production workflow (input `production-workflow`,
//                     e.g. dbt-prod.yml) on the repository's default branch → its artifact (input `artifact-name`)
//   artifact:<run-id> the artifact of that workflow run
//   path:<dir>        a directory that already holds manifest.json
//
// The steps: look the run and artifact up over REST (state-lookup.ts), download it with @actions/artifact
// into a temp dir (state-download.ts), then place and read the state files (state-files.ts). The files
// are placed directly in `destDir`, a state dir that must NOT be the dbt target path (dbt rewrites
// target/manifest.json when it parses, before it compares). Everything that can go wrong on the way (no
// run yet, artifact expired, missing permission, API down, too large) is an `{ok: false, reason}` a human
// can act on; `state-missing` (build-all | fail | skip) says what the action does then. The token never
// appears in a message: reasons and log lines pass through `redact`.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Octokit } from '@octokit/rest';

import { formatBinaryBytes } from '../util/format.js';
import { Api, RequestFailure, httpStatus, redact } from './octokit.js';
import { actionsArtifactDownload, limitHint, oversizedStateFile, stateLimits, type DownloadArtifact, type StateLimits } from './state-download.js';
import { copyStateFiles, isFile, locateStateDir, placeStateFiles, presentStateFiles, presentStatePaths, unusableState } from './state-files.js';
import type { StateFrom } from './state-inputs.js';
import { describeRun, expiredReason, findProductionArtifact, findRunArtifact } from './state-lookup.js';

export { createOctokit, redact } from './octokit.js';
export { DEFAULT_STATE_LIMIT_MIB, stateLimits, type StateLimits } from './state-download.js';
export { STATE_FILES } from './state-files.js';
export { STATE_MISSING_POLICIES, StateInputError, StateInputs, parseProductionWorkflow, parseStateFrom, parseStateMissing, type StateFrom, type StateMissingPolicy } from './state-inputs.js';
export { describeRun } from './state-lookup.js';

export type StateResult =
  | {
      ok: true;
      /** The state dir to pass as dbt's --state: holds manifest.json (and orchestrator.json etc. when present). */
      dir: string;
      /** For humans: "run #123 of dbt-prod.yml on main (abc1234)" or "path prod-state". */
      source: string;
      runId?: number;
      runUrl?: string;
      /** The file names placed in `dir`, manifest.json first. */
      files?: string[];
    }
  | { ok: false; reason: string };

export interface FetchStateOptions {
  /** Authenticated, with baseUrl = GITHUB_API_URL (GHES) — see createOctokit. Used for the lookup. */
  octokit: Octokit;
  owner: string;
  repo: string;
  stateFrom: StateFrom;
  artifactName: string;
  /** For the artifact download, and kept out of every message. */
  token: string;
  /** Where the state files go; created if missing. Must not be the dbt target path. */
  destDir: string;
  /** Extract artifact `artifactId` of run `runId` into `destDir` (a fresh temp dir). Default: @actions/artifact. */
  download?: DownloadArtifact;
  /** Base for a relative path:<dir> (default: process.cwd()). */
  workspace?: string;
  /** Progress lines (already redacted). */
  log?: (line: string) => void;
  /** Parent of the temp download dir (default: RUNNER_TEMP, else the OS temp dir). */
  tempDir?: string;
  /** How many of the newest successful production runs to search for the artifact (default 10). */
  maxRuns?: number;
  /** Per API request of the lookup (default 60 s). */
  requestTimeoutMs?: number;
  /** Size caps of the artifact and of each extracted state file (default: stateLimits(process.env)). */
  limits?: StateLimits;
}

/** Never throws for a missing/expired/unreachable state: every such case is `{ok: false, reason}`. */
export async function fetchProductionState(opts: FetchStateOptions): Promise<StateResult> {
  const log = (line: string): void => opts.log?.(redact(line, opts.token));
  try {
    const result = await fetchState(opts, log);
    return result.ok ? result : { ok: false, reason: redact(result.reason, opts.token) };
  } catch (error) {
    const reason = error instanceof RequestFailure ? error.reason : `could not get the production state: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, reason: redact(reason, opts.token) };
  }
}

async function fetchState(opts: FetchStateOptions, log: (line: string) => void): Promise<StateResult> {
  const from = opts.stateFrom;
  if (from.kind === 'path') return fromPath(opts, from.dir);

  const ctx = new Api(opts.requestTimeoutMs);
  const found = from.kind === 'production' ? await findProductionArtifact(ctx, opts, from.workflow, log) : await findRunArtifact(ctx, opts, from.runId);
  if (!found.ok) return found;
  const { run, artifact } = found;

  const source = describeRun(run);
  const what = `artifact '${artifact.name}' of ${source}`;
  log(`production state: artifact '${artifact.name}' (${formatBinaryBytes(artifact.size_in_bytes)}) of ${source}`);
  const limits = opts.limits ?? stateLimits();
  if (artifact.size_in_bytes > limits.maxDownloadBytes) {
    return { ok: false, reason: `${what} is ${formatBinaryBytes(artifact.size_in_bytes)}, too large to download as a state (${limitHint(limits)})` };
  }
  const temp = await mkdtemp(join(opts.tempDir ?? process.env.RUNNER_TEMP ?? tmpdir(), 'dbt-orchestrator-state-'));
  try {
    const download = opts.download ?? actionsArtifactDownload(opts);
    try {
      await download(artifact.id, Number(run.id), temp);
    } catch (error) {
      if (httpStatus(error) === 410) return { ok: false, reason: expiredReason(artifact, run) };
      return { ok: false, reason: `could not download ${what}: ${ctx.describe(error)}` };
    }
    const stateDir = await locateStateDir(temp);
    if (!stateDir) {
      return { ok: false, reason: `${what} has no manifest.json (was it uploaded by dbt-orchestrator with upload-artifacts enabled?)` };
    }
    const oversized = await oversizedStateFile(temp, await presentStatePaths(stateDir), limits);
    if (oversized) return { ok: false, reason: `${what}: ${oversized} (${limitHint(limits)})` };
    const files = await copyStateFiles(stateDir, opts.destDir);
    if (!files.includes('orchestrator.json')) log(`production state: the artifact has no orchestrator.json; only dbt's manifest is available`);
    const unusable = unusableState(opts.destDir, files, what);
    if (unusable) return { ok: false, reason: unusable };
    return { ok: true, dir: resolve(opts.destDir), source, runId: Number(run.id), runUrl: run.html_url, files };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function fromPath(opts: FetchStateOptions, dir: string): Promise<StateResult> {
  const from = resolve(opts.workspace ?? process.cwd(), dir);
  if (!(await isFile(join(from, 'manifest.json')))) {
    const hint = (await isFile(join(from, 'target', 'manifest.json'))) ? ` (there is one in ${join(dir, 'target')}; point path: there)` : '';
    return { ok: false, reason: `no manifest.json in ${dir}${hint}` };
  }
  // Copied, so that pointing path: at the dbt target dir still compares against the old manifest.
  const files = resolve(opts.destDir) === from ? await presentStateFiles(from) : await placeStateFiles(from, opts.destDir);
  const unusable = unusableState(opts.destDir, files ?? ['manifest.json'], dir);
  if (unusable) return { ok: false, reason: unusable };
  return { ok: true, dir: resolve(opts.destDir), source: `path ${dir}`, files: files ?? ['manifest.json'] };
}
