// Finding the production state for a PR check ("slim CI"): the manifest of the last successful production
// run, so `state:modified+` can select what a pull request changed and `--defer` can read the rest from
// production.
//
// Where it comes from (input `state-from`):
//   production        the newest successful run of the production workflow (input `production-workflow`,
//                     e.g. dbt-prod.yml) on the repository's default branch → its artifact (input `artifact-name`)
//   artifact:<run-id> the artifact of that workflow run
//   path:<dir>        a directory that already holds manifest.json
//
// The files are placed directly in `destDir`, a state dir that must NOT be the dbt target path (dbt rewrites
// target/manifest.json when it parses, before it compares). Everything that can go wrong on the way (no
// run yet, artifact expired, missing permission, API down) is an `{ok: false, reason}` a human can act on;
// `state-missing` (build-all | fail | skip) says what the action does then. The token never appears in a
// message: reasons and log lines pass through `redact`.
//
// Download: GET /repos/{o}/{r}/actions/artifacts/{id}/zip with the caller's octokit and `redirect: manual`
// (GitHub answers 302 with a signed blob-storage URL), then one plain GET of that URL WITHOUT the
// Authorization header (the signature is the credential; the token must not travel to blob storage), then
// the zip is read in memory and only the state files are extracted. This needs no environment variables:
// the octokit instance carries the API base URL (GITHUB_API_URL on a runner) and the token.

import { mkdir, mkdtemp, readdir, rename, rm, stat, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { inflateRawSync, crc32 } from 'node:zlib';

import { Octokit } from '@octokit/rest';

import { checkStateManifest, readStateReport } from '../plan/state-report.js';
import { ActionInputError } from './input-error.js';

// ---------------------------------------------------------------------------------------------------
// Inputs

export const StateInputs = {
  stateFrom: 'state-from',
  productionWorkflow: 'production-workflow',
  stateMissing: 'state-missing',
} as const;

export class StateInputError extends ActionInputError {
  constructor(input: string, message: string) {
    super(input, message);
    this.name = 'StateInputError';
  }
}

export type StateFrom = { kind: 'production'; workflow: string } | { kind: 'path'; dir: string } | { kind: 'artifact'; runId: number };

export type StateMissingPolicy = 'build-all' | 'fail' | 'skip';
export const STATE_MISSING_POLICIES: readonly StateMissingPolicy[] = ['build-all', 'fail', 'skip'];

const FORMS = "use 'production', 'path:<dir>' or 'artifact:<run-id>'";

/**
 * The production workflow as the REST API accepts it for `workflow_id`: its file name in .github/workflows
 * (`dbt-prod.yml`; a leading `.github/workflows/` is dropped) or its numeric id.
 */
export function parseProductionWorkflow(value: string): string {
  let v = value.trim();
  if (v === '') {
    throw new StateInputError(
      StateInputs.stateFrom,
      `'production' needs the production workflow: set '${StateInputs.productionWorkflow}' to its file name in .github/workflows, e.g. dbt-prod.yml`,
    );
  }
  v = v.replace(/^\.?\/?\.github\/workflows\//, '');
  if (/^\d+$/.test(v) || /^[^/\\]+\.ya?ml$/i.test(v)) return v;
  throw new StateInputError(
    StateInputs.productionWorkflow,
    `'${value.trim()}' is not a workflow file name; use the file name in .github/workflows (e.g. dbt-prod.yml) or the workflow's numeric id, not its display name`,
  );
}

export function parseStateFrom(value: string, productionWorkflow: string): StateFrom {
  const v = value.trim();
  if (v === '') throw new StateInputError(StateInputs.stateFrom, `is empty; ${FORMS}`);
  if (v.toLowerCase() === 'production') return { kind: 'production', workflow: parseProductionWorkflow(productionWorkflow) };
  const m = /^(path|artifact):(.*)$/is.exec(v);
  if (m) {
    const kind = m[1]!.toLowerCase();
    const arg = m[2]!.trim();
    if (kind === 'path') {
      if (arg === '') throw new StateInputError(StateInputs.stateFrom, `'${v}' names no directory; write path:<dir>, e.g. path:prod-state`);
      return { kind: 'path', dir: arg };
    }
    const id = /^\d+$/.test(arg) ? Number(arg) : NaN;
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new StateInputError(
        StateInputs.stateFrom,
        `'${v}' needs a workflow run id (the number in .../actions/runs/<run-id>), e.g. artifact:1234567890`,
      );
    }
    return { kind: 'artifact', runId: id };
  }
  throw new StateInputError(StateInputs.stateFrom, `'${v}' is not a state source; ${FORMS}`);
}

export function parseStateMissing(value: string): StateMissingPolicy {
  const v = value.trim().toLowerCase();
  if (v === '') return 'build-all';
  if ((STATE_MISSING_POLICIES as readonly string[]).includes(v)) return v as StateMissingPolicy;
  throw new StateInputError(
    StateInputs.stateMissing,
    `'${value.trim()}' is not one of ${STATE_MISSING_POLICIES.map((p) => `'${p}'`).join(', ')} (build-all: build the selection without state; fail: fail the check; skip: run nothing)`,
  );
}

// ---------------------------------------------------------------------------------------------------
// Fetching

/** An authenticated REST client for this runner's GitHub (GITHUB_API_URL on GHES, api.github.com otherwise). */
/**
 * An authenticated REST client for this runner's GitHub (GITHUB_API_URL on GHES, api.github.com otherwise).
 * Octokit's own per-request error lines ("GET /repos/… - 404 with id …") are dropped: callers report every
 * failure themselves, in words; warnings (deprecations) still reach `console.warn`.
 */
export function createOctokit(token: string, baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com'): Octokit {
  const quiet = (): void => {};
  return new Octokit({
    auth: token,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    userAgent: 'dbt-orchestrator-action',
    log: { debug: quiet, info: quiet, warn: console.warn.bind(console), error: quiet },
  });
}

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
  /** Authenticated, with baseUrl = GITHUB_API_URL (GHES) — see createOctokit. */
  octokit: Octokit;
  owner: string;
  repo: string;
  stateFrom: StateFrom;
  artifactName: string;
  /** Only used to keep it out of every message. */
  token: string;
  /** Where the state files go; created if missing. Must not be the dbt target path. */
  destDir: string;
  /** Extract artifact `artifactId` of run `runId` into `destDir` (a fresh temp dir). Default: see downloadArtifactZip. */
  download?: (artifactId: number, runId: number, destDir: string) => Promise<void>;
  /** Base for a relative path:<dir> (default: process.cwd()). */
  workspace?: string;
  /** Progress lines (already redacted). */
  log?: (line: string) => void;
  /** Parent of the temp download dir (default: RUNNER_TEMP, else the OS temp dir). */
  tempDir?: string;
  /** How many of the newest successful production runs to search for the artifact (default 10). */
  maxRuns?: number;
  /** Per API request (default 60 s); the blob download gets 10 minutes. */
  requestTimeoutMs?: number;
  /** Size caps of the download and of each extracted state file (default: stateLimits(process.env)). */
  limits?: StateLimits;
}

/**
 * What a production state may weigh. A state is read into memory (the zip, then each state file inflated
 * from it), so an artifact above these is a missing state (`state-missing` decides), never an out-of-memory
 * crash: a 0.7 MiB zip can inflate to 700 MiB. 512 MiB of manifest.json is a project of tens of thousands of
 * nodes; DBT_ORCHESTRATOR_STATE_MAX_MIB raises (or lowers) both caps.
 */
export interface StateLimits {
  /** The artifact zip as downloaded. */
  maxDownloadBytes: number;
  /** Each state file (manifest.json, orchestrator.json, …) once inflated. */
  maxFileBytes: number;
}

export const DEFAULT_STATE_LIMIT_MIB = 512;

export function stateLimits(env: NodeJS.ProcessEnv = process.env): StateLimits {
  const raw = env.DBT_ORCHESTRATOR_STATE_MAX_MIB?.trim();
  const mib = raw && /^\d{1,6}$/.test(raw) && Number(raw) > 0 ? Number(raw) : DEFAULT_STATE_LIMIT_MIB;
  return { maxDownloadBytes: mib * 1024 * 1024, maxFileBytes: mib * 1024 * 1024 };
}

function limitHint(limits: StateLimits): string {
  return `the limit is ${formatBytes(limits.maxFileBytes)}; set DBT_ORCHESTRATOR_STATE_MAX_MIB to raise it`;
}

/** The files the state dir gets, when the artifact has them. manifest.json is required. */
export const STATE_FILES = ['manifest.json', 'orchestrator.json', 'run_results.json', 'sources.json'] as const;

type WorkflowRun = Awaited<ReturnType<Octokit['rest']['actions']['getWorkflowRun']>>['data'];
type Artifact = Awaited<ReturnType<Octokit['rest']['actions']['listWorkflowRunArtifacts']>>['data']['artifacts'][number];

/** Never throws for a missing/expired/unreachable state: every such case is `{ok: false, reason}`. */
export async function fetchProductionState(opts: FetchStateOptions): Promise<StateResult> {
  const log = (line: string): void => opts.log?.(redact(line, opts.token));
  try {
    const result = await fetchState(opts, log);
    return result.ok ? result : { ok: false, reason: redact(result.reason, opts.token) };
  } catch (error) {
    const reason = error instanceof Failure ? error.reason : `could not get the production state: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, reason: redact(reason, opts.token) };
  }
}

/** A step that failed with a reason for humans. */
class Failure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

async function fetchState(opts: FetchStateOptions, log: (line: string) => void): Promise<StateResult> {
  const from = opts.stateFrom;
  if (from.kind === 'path') return fromPath(opts, from.dir);

  const ctx = new Api(opts);
  let run: WorkflowRun;
  let artifact: Artifact;
  if (from.kind === 'production') {
    const found = await findProductionArtifact(ctx, opts, from.workflow, log);
    if (!found.ok) return found;
    ({ run, artifact } = found);
  } else {
    run = (
      await ctx.call(`reading workflow run ${from.runId}`, (request) =>
        opts.octokit.rest.actions.getWorkflowRun({ owner: opts.owner, repo: opts.repo, run_id: from.runId, request }),
      )
    ).data;
    const found = await runArtifact(ctx, opts, run);
    if (!found.ok) return found;
    artifact = found.artifact;
  }

  const source = describeRun(run);
  log(`production state: artifact '${artifact.name}' (${formatBytes(artifact.size_in_bytes)}) of ${source}`);
  const limits = opts.limits ?? stateLimits();
  if (artifact.size_in_bytes > limits.maxDownloadBytes) {
    return { ok: false, reason: `artifact '${artifact.name}' of ${source} is ${formatBytes(artifact.size_in_bytes)}, too large to download as a state (${limitHint(limits)})` };
  }
  const temp = await mkdtemp(join(opts.tempDir ?? process.env.RUNNER_TEMP ?? tmpdir(), 'dbt-orchestrator-state-'));
  try {
    const download = opts.download ?? ((artifactId, _runId, dir) => downloadArtifactZip(opts, artifactId, dir, ctx.timeoutMs, limits));
    try {
      await download(artifact.id, Number(run.id), temp);
    } catch (error) {
      if (error instanceof Failure) throw error;
      if (error instanceof OverLimit) throw new Failure(`artifact '${artifact.name}' of ${source}: ${error.message} (${limitHint(limits)})`);
      const status = (error as { status?: unknown; response?: unknown }).response ? (error as { status?: unknown }).status : undefined;
      if (status === 410) throw new Failure(expiredReason(artifact, run));
      throw new Failure(`could not download artifact '${artifact.name}' of ${source}: ${ctx.describe(error)}`);
    }
    const files = await placeStateFiles(temp, opts.destDir);
    if (!files) {
      return {
        ok: false,
        reason: `artifact '${artifact.name}' of ${source} has no manifest.json (was it uploaded by dbt-orchestrator with upload-artifacts enabled?)`,
      };
    }
    if (!files.includes('orchestrator.json')) log(`production state: the artifact has no orchestrator.json; only dbt's manifest is available`);
    const unusable = unusableState(opts.destDir, files, `artifact '${artifact.name}' of ${source}`);
    if (unusable) return { ok: false, reason: unusable };
    return { ok: true, dir: resolve(opts.destDir), source, runId: Number(run.id), runUrl: run.html_url, files };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function findProductionArtifact(
  ctx: Api,
  opts: FetchStateOptions,
  workflow: string,
  log: (line: string) => void,
): Promise<{ ok: true; run: WorkflowRun; artifact: Artifact } | { ok: false; reason: string }> {
  const { octokit, owner, repo } = opts;
  const repository = (
    await ctx.call(`reading repository ${owner}/${repo}`, (request) => octokit.rest.repos.get({ owner, repo, request }), {
      404: `repository ${owner}/${repo} not found, or the token cannot read it`,
    })
  ).data;
  const branch = repository.default_branch;
  const maxRuns = Math.max(1, Math.min(opts.maxRuns ?? 10, 100));
  const workflowId = /^\d+$/.test(workflow) ? Number(workflow) : workflow;
  const runs = (
    await ctx.call(
      `listing runs of ${workflow}`,
      (request) =>
        octokit.rest.actions.listWorkflowRuns({
          owner,
          repo,
          workflow_id: workflowId,
          branch,
          status: 'success',
          exclude_pull_requests: true,
          per_page: Math.min(100, maxRuns * 2),
          request,
        }),
      { 404: `workflow '${workflow}' not found in ${owner}/${repo}; check '${StateInputs.productionWorkflow}' (the file name in .github/workflows)` },
    )
  ).data.workflow_runs;

  // Only runs of the default branch of this repository itself: a pull request from a fork whose branch is
  // also called "main" reports head_branch "main" too, and must never become production state.
  const sameRepo = (run: WorkflowRun): boolean => {
    const head = run.head_repository?.full_name;
    return head === undefined || head.toLowerCase() === repository.full_name.toLowerCase();
  };
  const candidates = runs
    .filter((run) => run.head_branch === branch && run.conclusion === 'success' && !run.event.startsWith('pull_request') && sameRepo(run))
    .slice(0, maxRuns);
  if (candidates.length === 0) return { ok: false, reason: `no successful run of ${workflow} on ${branch} yet` };

  const without: WorkflowRun[] = [];
  for (const run of candidates) {
    const found = await runArtifact(ctx, opts, run);
    if (found.ok) {
      if (without.length > 0) {
        log(`production state: newer run(s) ${without.map((r) => `#${r.run_number}`).join(', ')} of ${workflow} have no artifact '${opts.artifactName}'; using run #${run.run_number}`);
      }
      return { ok: true, run, artifact: found.artifact };
    }
    if (found.expired) return found; // older runs' artifacts expired before this one
    without.push(run);
  }
  const newest = candidates[0]!;
  return {
    ok: false,
    reason:
      candidates.length === 1
        ? `${describeRun(newest)} has no artifact named '${opts.artifactName}' (does that workflow run dbt-orchestrator with upload-artifacts enabled and the same artifact-name?)`
        : `none of the ${candidates.length} newest successful runs of ${workflow} on ${branch} (newest: ${describeRun(newest)}) has an artifact named '${opts.artifactName}' (does that workflow run dbt-orchestrator with upload-artifacts enabled and the same artifact-name?)`,
  };
}

async function runArtifact(
  ctx: Api,
  opts: FetchStateOptions,
  run: WorkflowRun,
): Promise<{ ok: true; artifact: Artifact } | { ok: false; reason: string; expired: boolean }> {
  const list = (
    await ctx.call(`listing the artifacts of ${describeRun(run)}`, (request) =>
      opts.octokit.rest.actions.listWorkflowRunArtifacts({ owner: opts.owner, repo: opts.repo, run_id: Number(run.id), name: opts.artifactName, per_page: 100, request }),
    )
  ).data.artifacts.filter((a) => a.name === opts.artifactName);
  // Newest first: a re-run attempt can upload the same name again.
  list.sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id);
  const live = list.find((a) => !a.expired);
  if (live) return { ok: true, artifact: live };
  if (list.length > 0) return { ok: false, reason: expiredReason(list[0]!, run), expired: true };
  return { ok: false, reason: `${describeRun(run)} has no artifact named '${opts.artifactName}'`, expired: false };
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

/**
 * The placed files are read at the door: a state whose manifest.json or orchestrator.json cannot be used
 * (truncated, not JSON, not ours) is a missing state with that reason, so `state-missing` decides.
 */
function unusableState(dir: string, files: string[], source: string): string | undefined {
  const manifest = checkStateManifest(join(dir, 'manifest.json'), `manifest.json in ${source}`);
  if (!manifest.ok) return manifest.reason;
  if (!files.includes('orchestrator.json')) return undefined;
  const report = readStateReport(join(dir, 'orchestrator.json'), `orchestrator.json in ${source}`);
  return report.ok ? undefined : report.reason;
}

// ---------------------------------------------------------------------------------------------------
// Download and placement

/**
 * The default download: GET .../actions/artifacts/{id}/zip with `redirect: manual` → 302 Location (a signed
 * blob URL) → plain GET without credentials → zip in memory → the STATE_FILES entries written under `dir`
 * with their paths from the zip.
 */
export async function downloadArtifactZip(
  opts: Pick<FetchStateOptions, 'octokit' | 'owner' | 'repo'>,
  artifactId: number,
  dir: string,
  timeoutMs = 60_000,
  limits: StateLimits = stateLimits(),
): Promise<void> {
  const response = await opts.octokit.rest.actions.downloadArtifact({
    owner: opts.owner,
    repo: opts.repo,
    artifact_id: artifactId,
    archive_format: 'zip',
    request: { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) },
  });
  const location = (response.headers as Record<string, string | undefined>).location;
  if (response.status !== 302 || !location) {
    throw new Error(`GitHub answered ${response.status} without a download location`);
  }
  let blob: Response;
  try {
    blob = await fetch(location, { redirect: 'follow', signal: AbortSignal.timeout(Math.max(timeoutMs, 600_000)) });
  } catch (error) {
    throw new Error(`could not reach blob storage at ${hostOf(location)}: ${isTimeout(error) ? 'timed out' : networkMessage(error)}`);
  }
  if (blob.status !== 200) {
    await blob.body?.cancel();
    throw new Error(`blob storage at ${hostOf(location)} answered HTTP ${blob.status}`);
  }
  const zip = await readCapped(blob, limits.maxDownloadBytes);
  let entries: Map<string, ZipEntry>;
  try {
    entries = readZip(zip);
  } catch (error) {
    throw new Error(`the download is not a readable zip (${error instanceof Error ? error.message : String(error)})`);
  }
  const wanted = new Set<string>(STATE_FILES);
  for (const entry of entries.values()) {
    const name = safeEntryName(entry.name);
    if (!name || !wanted.has(posix.basename(name))) continue;
    if (entry.size > limits.maxFileBytes) throw new OverLimit(`${name} is ${formatBytes(entry.size)} once inflated`);
    const target = join(dir, ...name.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.read(limits.maxFileBytes));
  }
}

/** A download or a state file above StateLimits. */
export class OverLimit extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverLimit';
  }
}

/** The response body, refused as soon as it passes `max` bytes (whatever Content-Length says). */
async function readCapped(response: Response, max: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw new OverLimit(`the download is ${formatBytes(declared)}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > max) {
      await response.body.cancel().catch(() => undefined);
      throw new OverLimit(`the download is larger than ${formatBytes(max)}`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * Finds manifest.json in an extracted artifact — `target/manifest.json` (paths are relative to the dbt
 * project dir), else the shallowest manifest.json (a custom target-path) — and copies it with its sibling
 * state files into destDir (each atomically; stale state files there are removed). Undefined if none.
 */
async function placeStateFiles(root: string, destDir: string): Promise<string[] | undefined> {
  const manifest = (await isFile(join(root, 'target', 'manifest.json'))) ? join(root, 'target', 'manifest.json') : await findShallowest(root, 'manifest.json', 4);
  if (!manifest) return undefined;
  const from = dirname(manifest);
  await mkdir(destDir, { recursive: true });
  const placed: string[] = [];
  for (const name of STATE_FILES) {
    const target = join(destDir, name);
    if (resolve(from) === resolve(destDir)) {
      if (await isFile(target)) placed.push(name);
      continue;
    }
    await rm(target, { force: true });
    if (!(await isFile(join(from, name)))) continue;
    const temp = `${target}.tmp-${process.pid}`;
    await copyFile(join(from, name), temp);
    await rename(temp, target);
    placed.push(name);
  }
  return placed;
}

async function presentStateFiles(dir: string): Promise<string[]> {
  const present: string[] = [];
  for (const name of STATE_FILES) if (await isFile(join(dir, name))) present.push(name);
  return present;
}

async function findShallowest(root: string, name: string, maxDepth: number): Promise<string | undefined> {
  let level = [root];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level.sort()) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      const hit = entries.find((e) => e.isFile() && e.name === name);
      if (hit) return join(dir, hit.name);
      for (const e of entries) if (e.isDirectory()) next.push(join(dir, e.name));
    }
    level = next;
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** A zip entry name as a safe relative posix path, or undefined (absolute, `..`, directory). */
function safeEntryName(raw: string): string | undefined {
  const name = posix.normalize(raw.replace(/\\/g, '/'));
  if (name.endsWith('/') || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name === '..' || name.startsWith('../') || name === '.') return undefined;
  return name.replace(/^\.\//, '');
}

// ---------------------------------------------------------------------------------------------------
// Minimal zip reader: central directory; stored and deflated entries; zip64 sizes and offsets; CRC checked.
// (Artifacts from @actions/artifact are streamed zips with data descriptors; the central directory has
// the real sizes, so reading from it handles those.)

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  /** Uncompressed size as the central directory declares it (read() checks it). */
  size: number;
  /** Inflates the entry; throws OverLimit rather than inflate more than `maxBytes`. */
  read(maxBytes?: number): Buffer;
}

export function readZip(zip: Buffer): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(zip);
  let count = zip.readUInt16LE(eocd + 10);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50) throw new Error('zip64 locator missing');
    const z64 = Number(zip.readBigUInt64LE(locator + 8));
    if (z64 + 56 > zip.length || zip.readUInt32LE(z64) !== 0x06064b50) throw new Error('zip64 end record missing');
    count = Number(zip.readBigUInt64LE(z64 + 32));
    cdOffset = Number(zip.readBigUInt64LE(z64 + 48));
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    let compressedSize = zip.readUInt32LE(p + 20);
    let size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    let localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const extra = zip.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
      if (extra.readUInt16LE(e) !== 0x0001) continue;
      let q = e + 4;
      if (size === 0xffffffff) (size = Number(extra.readBigUInt64LE(q))), (q += 8);
      if (compressedSize === 0xffffffff) (compressedSize = Number(extra.readBigUInt64LE(q))), (q += 8);
      if (localOffset === 0xffffffff) localOffset = Number(extra.readBigUInt64LE(q));
    }
    p += 46 + nameLen + extraLen + commentLen;
    entries.set(name, {
      name,
      isDirectory: name.endsWith('/'),
      size,
      read: (maxBytes?: number) => {
        if (maxBytes !== undefined && size > maxBytes) throw new OverLimit(`${name} is ${formatBytes(size)} once inflated`);
        if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
        const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const raw = zip.subarray(start, start + compressedSize);
        let data: Buffer;
        if (method === 0) data = Buffer.from(raw);
        else if (method === 8) data = maxBytes === undefined ? inflateRawSync(raw) : inflateCapped(raw, name, maxBytes);
        else throw new Error(`unsupported compression method ${method} for ${name}`);
        if (data.length !== size) throw new Error(`${name} is ${data.length} bytes, the directory says ${size}`);
        if (crc32(data) !== crc) throw new Error(`CRC mismatch for ${name}`);
        return data;
      },
    });
  }
  return entries;
}

/** Inflates at most `max` bytes: a directory that lies about the size cannot make us inflate a bomb. */
function inflateCapped(raw: Buffer, name: string, max: number): Buffer {
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, max) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new OverLimit(`${name} inflates to more than ${formatBytes(max)}`);
    throw error;
  }
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === 0x06054b50) return i;
  throw new Error('end of central directory not found (not a zip?)');
}

// ---------------------------------------------------------------------------------------------------
// API calls and messages

class Api {
  readonly timeoutMs: number;
  constructor(private readonly opts: FetchStateOptions) {
    this.timeoutMs = opts.requestTimeoutMs ?? 60_000;
  }

  /** Runs one request; any failure becomes a Failure naming the step (and `special[status]` if given). */
  async call<T>(step: string, fn: (request: { signal: AbortSignal }) => Promise<T>, special: Record<number, string> = {}): Promise<T> {
    try {
      return await fn({ signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const status = (error as { status?: unknown; response?: unknown }).response ? (error as { status: number }).status : undefined;
      const detail = this.describe(error);
      if (status !== undefined && special[status]) throw new Failure(`${special[status]} (${detail})`);
      throw new Failure(`${step}: ${detail}`);
    }
  }

  /** "GitHub API error 403: Resource not accessible by integration — …" or a network/timeout message. */
  describe(error: unknown): string {
    const e = error as { name?: string; status?: number; message?: string; response?: { data?: unknown; headers?: Record<string, string | undefined> } };
    if (isTimeout(error)) return `the GitHub API did not answer within ${this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`}`;
    if (typeof e?.status === 'number' && e.response) {
      const data = e.response.data;
      let message = '';
      if (data && typeof data === 'object' && 'message' in data) message = String((data as { message: unknown }).message);
      else if (typeof data === 'string') message = data.trim().slice(0, 200);
      let text = `GitHub API error ${e.status}${message ? `: ${message}` : ''}`;
      const headers = e.response.headers ?? {};
      if ((e.status === 403 || e.status === 429) && (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'])) {
        text += ' (API rate limit exceeded; try again later)';
      } else if (e.status === 401) {
        text += " (the token was rejected; check the 'github-token' input)";
      } else if (e.status === 403) {
        text += ' (the token lacks permission: give the job `permissions: actions: read`, or pass a token that can read Actions artifacts of this repository)';
      }
      return text;
    }
    if (e instanceof Failure) return e.reason;
    // octokit's RequestError without a response: the request never got an answer.
    if (e?.name === 'HttpError' || (e && typeof e === 'object' && 'request' in e)) return `could not reach the GitHub API: ${networkMessage(error)}`;
    return networkMessage(error);
  }
}

function networkMessage(error: unknown): string {
  // fetch throws TypeError('fetch failed') with the socket error as its cause; octokit rethrows that with
  // the cause's message and the TypeError as cause. Take the first message that says something.
  const generic = /^(fetch failed|unknown error|terminated)$/i;
  let e: unknown = error;
  let fallback = '';
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
    const code = (e as { code?: unknown }).code;
    const message = e.message || (typeof code === 'string' ? code : '');
    if (message && !generic.test(message)) return message;
    fallback ||= message;
    e = (e as { cause?: unknown }).cause;
  }
  return fallback || String(error);
}

function workflowFile(run: WorkflowRun): string {
  return basename(run.path.split('@')[0]!) || run.name || `workflow ${run.workflow_id}`;
}

/** "run #123 of dbt-prod.yml on main (abc1234)" */
export function describeRun(run: Pick<WorkflowRun, 'run_number' | 'path' | 'name' | 'workflow_id' | 'head_branch' | 'head_sha'>): string {
  return `run #${run.run_number} of ${workflowFile(run as WorkflowRun)} on ${run.head_branch ?? '(no branch)'} (${run.head_sha.slice(0, 7)})`;
}

function expiredReason(artifact: Artifact, run: WorkflowRun): string {
  const when = artifact.expires_at ? ` on ${artifact.expires_at.slice(0, 10)}` : '';
  return `artifact '${artifact.name}' of ${describeRun(run)} expired${when}; re-run that workflow (or raise its artifact retention-days) to get a fresh production state`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Only the host of a URL: blob URLs carry their signature in the query. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

function isTimeout(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Replaces every occurrence of the token (and of its base64 forms) with ***. */
export function redact(text: string, token: string): string {
  if (!token) return text;
  let out = text;
  for (const secret of [token, Buffer.from(token).toString('base64'), Buffer.from(`x-access-token:${token}`).toString('base64')]) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
