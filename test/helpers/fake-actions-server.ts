// Test-only loopback server that speaks the wire protocols the REAL @actions/cache (v2 service) and
// @actions/artifact (v4) clients use, so tests can run those clients unmodified over HTTP:
//
//   POST /twirp/github.actions.results.api.v1.CacheService/<Method>     Twirp JSON (snake_case fields)
//   POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>  Twirp JSON
//   PUT/GET/HEAD /devstoreaccount1/<container>/<blob>?...&sig=...       the Azure Blob subset the clients use
//
// Blob URLs are "IP style" (account as the first path segment, like Azurite) because the Azure SDK parses
// container and blob names out of http://127.0.0.1:PORT/<account>/<container>/<blob>.
//
// Wire facts, read from the installed clients (see the report in the test file for behaviour under faults):
//  - Twirp requests carry `Authorization: Bearer $ACTIONS_RUNTIME_TOKEN`; int64 fields travel as strings.
//  - The artifact client takes the run/job backend ids from the token's `scp` claim
//    (`Actions.Results:<runBackendId>:<jobBackendId>`), decoded with jwt-decode (no signature check).
//  - Cache upload: BlockBlobClient.uploadFile with maxSingleShotSize 128 MiB, i.e. one Put Blob
//    (`PUT`, `x-ms-blob-type: BlockBlob`) for archives up to 128 MiB, Put Block + Put Block List above.
//  - Artifact upload: BlockBlobClient.uploadStream, always Put Block (`?comp=block&blockid=`) per 8 MiB
//    chunk, then Put Block List (`?comp=blocklist`, XML body) carrying `x-ms-blob-content-type`.
//  - Cache download from a host that is not *.blob.core.windows.net: one plain GET (no Range), checked
//    against Content-Length. Artifact download: one plain GET, unzipped as it streams.

import { readZip, type ZipEntry } from './zip.js';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// ---------------------------------------------------------------------------------------------------
// Public types

export type CacheMethod = 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL';
export type ArtifactMethod = 'CreateArtifact' | 'FinalizeArtifact' | 'ListArtifacts' | 'GetSignedArtifactURL' | 'DeleteArtifact';
/** 'blob-upload' = every PUT to blob storage (Put Blob, Put Block, Put Block List); 'blob-download' = GET/HEAD. */
export type FaultEndpoint = CacheMethod | ArtifactMethod | 'blob-upload' | 'blob-download';

/** Fields combine: the delay happens first, then at most one of drop / status / garbage / corruptDownload. */
export interface FaultMode {
  /** Answer with this HTTP status and a protocol-shaped error body (Twirp JSON, or Azure XML for blobs). */
  status?: number;
  /** With `status: 429`: also send `Retry-After: <seconds>`. */
  retryAfterSeconds?: number;
  /** Answer 200 with a body that is not what the protocol expects (HTML instead of JSON / archive bytes). */
  garbage?: boolean;
  /** Wait this long before answering (normally, unless another field says otherwise). */
  delayMs?: number;
  /** blob-download only: serve random bytes of the stored blob's length instead of the blob. */
  corruptDownload?: boolean;
  /** Destroy the socket without answering (the client sees ECONNRESET / "socket hang up"). */
  drop?: boolean;
  /** Apply to the next n matching requests only (default: until clearFaults()). */
  times?: number;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query as received. */
  path: string;
  /** Twirp method name, 'blob-upload', 'blob-download', or 'other'. */
  endpoint: string;
  /** Status sent; 0 if the connection was dropped, -1 while still in flight. */
  status: number;
  /** Name of the fault that was applied, if any. */
  fault?: string;
}

export interface CacheEntryInfo {
  id: number;
  key: string;
  version: string;
  /** Size reported by FinalizeCacheEntryUpload (0 until finalized). */
  sizeBytes: number;
  createdAt: Date;
  finalized: boolean;
}

export interface ArtifactInfo {
  id: number;
  name: string;
  /** Size reported by FinalizeArtifact (0 until finalized). */
  size: number;
  finalized: boolean;
  /** `sha256:<hex>` as sent by FinalizeArtifact. */
  digest?: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** The uploaded blob (a zip unless uploaded with skipArchive), undefined until committed. */
  blob?: Buffer;
  /** Names of the file entries inside the zip (directories excluded); [] if the blob is not a zip (skipArchive). */
  files: string[];
  /** Contents of one file inside the zip. Throws if absent. */
  read(name: string): Buffer;
}

export interface StartOptions {
  /** Passed through as GITHUB_WORKSPACE by env(). */
  workspace?: string;
  repository?: string;
}

export interface FakeActionsServer {
  /** Base URL with a trailing slash, for ACTIONS_RESULTS_URL. */
  readonly url: string;
  /** Ids of the current run (see newRun()). */
  readonly run: { runId: string; runAttempt: string; workflowRunBackendId: string; workflowJobRunBackendId: string; token: string };
  /** Temp dir created for RUNNER_TEMP; removed by close(). */
  readonly runnerTemp: string;
  /** Env vars a hosted runner would give the clients, for the current run. `extra` wins. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Start a new workflow run: new run id, backend ids and runtime token. Cache entries persist; artifacts are per run. */
  newRun(): void;
  cacheEntries(): CacheEntryInfo[];
  artifacts(): ArtifactInfo[];
  /** Every request received, in arrival order. */
  readonly requests: RequestLogEntry[];
  /** Requests for one endpoint (convenience over `requests`). */
  requestsTo(endpoint: FaultEndpoint): RequestLogEntry[];
  fail(endpoint: FaultEndpoint, mode: FaultMode): void;
  clearFaults(): void;
  /**
   * Make the cache read-only for the current and later runs, as GitHub does since 2026-06-26 for
   * pull_request_target, issue_comment and fork-triggered workflow_run: CreateCacheEntry answers 200
   * `{ok: false, message: "cache write denied: …"}` (the stable prefix @actions/cache 6.3 turns into a
   * CacheWriteDeniedError); restores keep working. `false` lifts it.
   */
  denyCacheWrites(deny?: boolean): void;
  /** The archive bytes (tar, zstd- or gzip-compressed) uploaded for a cache entry; undefined before upload. */
  cacheEntryBlob(id: number): Buffer | undefined;
  /** Stops listening and drops open connections; the port stays dead (simulates "service down"). */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Twirp plumbing

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.';
const ACCOUNT = 'devstoreaccount1';

/** A Twirp error; `code` maps to the HTTP status the Twirp spec prescribes. */
class TwirpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return TWIRP_STATUS[this.code] ?? 500;
  }
}

const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
};

function twirpCodeForStatus(status: number): string {
  return Object.entries(TWIRP_STATUS).find(([, s]) => s === status)?.[0] ?? 'unknown';
}

type Json = Record<string, unknown>;

function str(body: Json, field: string): string {
  const v = body[field];
  return typeof v === 'string' ? v : '';
}

/** int64 fields travel as JSON strings (protobuf JSON mapping); accept numbers too. */
function int64(body: Json, field: string): number {
  const v = body[field];
  return typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
}

function rfc3339(d: Date): string {
  return d.toISOString();
}

// ---------------------------------------------------------------------------------------------------
// Blob storage (the Azure Block Blob subset the SDK uses)

interface Blob {
  data?: Buffer; // committed content
  blocks: Map<string, Buffer>; // staged, uncommitted blocks
  contentType?: string;
  lastModified: Date;
}

class BlobStore {
  private readonly blobs = new Map<string, Blob>();
  /** sig -> blob path and the operations that SAS allows. */
  private readonly sas = new Map<string, { path: string; write: boolean }>();

  constructor(private readonly origin: () => string) {}

  signedUrl(path: string, write: boolean): string {
    const sig = randomBytes(12).toString('base64url');
    this.sas.set(sig, { path, write });
    const expiry = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const q = new URLSearchParams({ sv: '2024-11-04', sr: 'b', sp: write ? 'cw' : 'r', se: expiry, sig });
    return `${this.origin()}/${ACCOUNT}/${path.split('/').map(encodeURIComponent).join('/')}?${q}`;
  }

  get(path: string): Blob | undefined {
    return this.blobs.get(path);
  }

  delete(path: string): void {
    this.blobs.delete(path);
  }

  /** Returns an Azure error (status, code) or undefined if the SAS in `url` allows the operation. */
  authorize(url: URL, path: string, write: boolean): [number, string] | undefined {
    const grant = this.sas.get(url.searchParams.get('sig') ?? '');
    if (!grant || grant.path !== path) return [403, 'AuthenticationFailed'];
    if (write && !grant.write) return [403, 'AuthorizationPermissionMismatch'];
    return undefined;
  }

  putBlob(path: string, data: Buffer, contentType?: string): void {
    this.blobs.set(path, { data, blocks: new Map(), contentType, lastModified: new Date() });
  }

  stageBlock(path: string, blockId: string, data: Buffer): void {
    const blob: Blob = this.blobs.get(path) ?? { blocks: new Map(), lastModified: new Date() };
    blob.blocks.set(blockId, data);
    this.blobs.set(path, blob);
  }

  /** Commits `<BlockList><Latest|Committed|Uncommitted>id</...>...</BlockList>`; returns an error code or undefined. */
  commitBlockList(path: string, xml: string, contentType?: string): string | undefined {
    const blob: Blob = this.blobs.get(path) ?? { blocks: new Map(), lastModified: new Date() };
    const parts: Buffer[] = [];
    for (const m of xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) {
      const block = blob.blocks.get(m[2]!);
      // Committed blocks of an earlier commit are not kept separately: enough for these clients.
      if (!block) return 'InvalidBlockList';
      parts.push(block);
    }
    blob.data = Buffer.concat(parts);
    blob.blocks.clear();
    blob.contentType = contentType ?? blob.contentType;
    blob.lastModified = new Date();
    this.blobs.set(path, blob);
    return undefined;
  }
}

function azureHeaders(extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2025-11-05',
    date: new Date().toUTCString(),
    ...extra,
  };
}

function sendAzureError(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`;
  res.writeHead(status, azureHeaders({ 'x-ms-error-code': code, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }));
  res.end(body);
}

// ---------------------------------------------------------------------------------------------------
// Minimal zip reader (central directory; stored and deflated entries; zip64 sizes/offsets)

// The zip reader is test/helpers/zip.ts.
export { readZip, type ZipEntry } from './zip.js';

// ---------------------------------------------------------------------------------------------------
// Server state

interface CacheEntry extends CacheEntryInfo {
  blobPath: string;
}

interface Artifact {
  id: number;
  name: string;
  size: number;
  finalized: boolean;
  digest?: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  createdAt: Date;
  blobPath: string;
}

interface RunIds {
  runId: string;
  runAttempt: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  token: string;
}

function unsignedJwt(payload: Json): string {
  const enc = (o: Json) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ typ: 'JWT', alg: 'none' })}.${enc(payload)}.`;
}

function makeRun(runNumber: number): RunIds {
  const workflowRunBackendId = randomUUID();
  const workflowJobRunBackendId = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const token = unsignedJwt({
    iss: 'fake-actions-server',
    nbf: now - 60,
    exp: now + 6 * 3600,
    scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`,
  });
  return { runId: String(1000 + runNumber), runAttempt: '1', workflowRunBackendId, workflowJobRunBackendId, token };
}

interface ActiveFault {
  mode: FaultMode;
  remaining: number;
}

function describeFault(mode: FaultMode): string {
  return Object.entries(mode)
    .filter(([k]) => k !== 'times')
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

// ---------------------------------------------------------------------------------------------------
// The server

export async function startFakeActionsServer(options: StartOptions = {}): Promise<FakeActionsServer> {
  const repository = options.repository ?? 'octo-org/octo-repo';
  const runnerTemp = mkdtempSync(join(tmpdir(), 'fake-actions-runner-temp-'));
  let origin = '';
  const blobs = new BlobStore(() => origin);
  const cache: CacheEntry[] = [];
  const artifactList: Artifact[] = [];
  const requests: RequestLogEntry[] = [];
  const faults = new Map<FaultEndpoint, ActiveFault>();
  const tokens = new Map<string, RunIds>();
  let runNumber = 1;
  let run = makeRun(runNumber);
  tokens.set(run.token, run);
  let nextId = 1;
  let cacheWritesDenied = false;

  // --- Cache service -------------------------------------------------------------------------------

  function findCache(key: string, version: string): CacheEntry | undefined {
    return cache.find((e) => e.key === key && e.version === version);
  }

  /** Exact key, then newest prefix match of key, then each restore key in order (newest prefix match). */
  function lookupCache(key: string, restoreKeys: string[], version: string): CacheEntry | undefined {
    const candidates = cache.filter((e) => e.finalized && e.version === version).sort((a, b) => b.id - a.id);
    return (
      candidates.find((e) => e.key === key) ??
      candidates.find((e) => e.key.startsWith(key)) ??
      restoreKeys.map((rk) => candidates.find((e) => e.key.startsWith(rk))).find((e) => e !== undefined)
    );
  }

  const cacheMethods: Record<CacheMethod, (body: Json) => Json> = {
    CreateCacheEntry(body) {
      const key = str(body, 'key');
      const version = str(body, 'version');
      if (!key || !version) throw new TwirpError('invalid_argument', 'key and version are required');
      if (cacheWritesDenied) {
        return { ok: false, message: 'cache write denied: the token issued for this workflow run has read-only access to the cache (untrusted trigger)' };
      }
      // A pending (never finalized) entry also blocks the key, as a concurrent writer would.
      if (findCache(key, version)) throw new TwirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
      const id = nextId++;
      const entry: CacheEntry = { id, key, version, sizeBytes: 0, createdAt: new Date(), finalized: false, blobPath: `cache/${id}.tar` };
      cache.push(entry);
      return { ok: true, signed_upload_url: blobs.signedUrl(entry.blobPath, true) };
    },
    FinalizeCacheEntryUpload(body) {
      const entry = findCache(str(body, 'key'), str(body, 'version'));
      if (!entry) throw new TwirpError('not_found', 'cache entry not found');
      if (entry.finalized) throw new TwirpError('already_exists', 'cache entry already finalized');
      const data = blobs.get(entry.blobPath)?.data;
      if (!data) throw new TwirpError('failed_precondition', 'no blob was uploaded for this cache entry');
      const sizeBytes = int64(body, 'size_bytes');
      if (sizeBytes !== data.length) throw new TwirpError('invalid_argument', `size_bytes ${sizeBytes} does not match uploaded size ${data.length}`);
      entry.sizeBytes = sizeBytes;
      entry.finalized = true;
      return { ok: true, entry_id: String(entry.id) };
    },
    GetCacheEntryDownloadURL(body) {
      const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.filter((k): k is string => typeof k === 'string') : [];
      const entry = lookupCache(str(body, 'key'), restoreKeys, str(body, 'version'));
      if (!entry) return { ok: false };
      return { ok: true, signed_download_url: blobs.signedUrl(entry.blobPath, false), matched_key: entry.key };
    },
  };

  // --- Artifact service ----------------------------------------------------------------------------

  /** The backend ids in a request must be the ones in the caller's token. */
  function checkRun(body: Json, caller: RunIds): void {
    if (str(body, 'workflow_run_backend_id') !== caller.workflowRunBackendId || str(body, 'workflow_job_run_backend_id') !== caller.workflowJobRunBackendId) {
      throw new TwirpError('permission_denied', 'backend ids do not match the runtime token');
    }
  }

  function artifactJson(a: Artifact): Json {
    return {
      workflow_run_backend_id: a.workflowRunBackendId,
      workflow_job_run_backend_id: a.workflowJobRunBackendId,
      database_id: String(a.id),
      name: a.name,
      size: String(a.size),
      created_at: rfc3339(a.createdAt),
      ...(a.digest ? { digest: a.digest } : {}),
    };
  }

  function findArtifact(runBackendId: string, name: string, finalized: boolean): Artifact | undefined {
    return artifactList.find((a) => a.workflowRunBackendId === runBackendId && a.name === name && a.finalized === finalized);
  }

  const artifactMethods: Record<ArtifactMethod, (body: Json, caller: RunIds) => Json> = {
    CreateArtifact(body, caller) {
      checkRun(body, caller);
      const name = str(body, 'name');
      if (!name) throw new TwirpError('invalid_argument', 'name is required');
      if (findArtifact(caller.workflowRunBackendId, name, true)) {
        throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run');
      }
      // An unfinalized upload under the same name is replaced (a retried job step).
      const stale = findArtifact(caller.workflowRunBackendId, name, false);
      if (stale) artifactList.splice(artifactList.indexOf(stale), 1);
      const id = nextId++;
      const artifact: Artifact = {
        id,
        name,
        size: 0,
        finalized: false,
        workflowRunBackendId: caller.workflowRunBackendId,
        workflowJobRunBackendId: caller.workflowJobRunBackendId,
        createdAt: new Date(),
        // Zip uploads end in .zip; raw uploads (skipArchive) keep their file name, which the download client
        // gets back through Content-Disposition. Both decide whether the download client unzips.
        blobPath: `artifacts/${caller.workflowRunBackendId}/${id}/${str(body, 'mime_type') === 'application/zip' ? `${name}.zip` : name}`,
      };
      artifactList.push(artifact);
      return { ok: true, signed_upload_url: blobs.signedUrl(artifact.blobPath, true) };
    },
    FinalizeArtifact(body, caller) {
      checkRun(body, caller);
      const artifact = findArtifact(caller.workflowRunBackendId, str(body, 'name'), false);
      if (!artifact) throw new TwirpError('not_found', 'artifact not found or already finalized');
      const data = blobs.get(artifact.blobPath)?.data;
      if (!data) throw new TwirpError('failed_precondition', 'no blob was committed for this artifact');
      const size = int64(body, 'size');
      if (size !== data.length) throw new TwirpError('invalid_argument', `size ${size} does not match uploaded size ${data.length}`);
      const hash = str(body, 'hash'); // google.protobuf.StringValue is a bare string in JSON
      if (hash && hash !== `sha256:${createHash('sha256').update(data).digest('hex')}`) {
        throw new TwirpError('invalid_argument', 'hash does not match the uploaded content');
      }
      artifact.size = size;
      artifact.digest = hash || undefined;
      artifact.finalized = true;
      return { ok: true, artifact_id: String(artifact.id) };
    },
    ListArtifacts(body, caller) {
      checkRun(body, caller);
      const nameFilter = body.name_filter;
      const idFilter = body.id_filter;
      const list = artifactList.filter(
        (a) =>
          a.finalized &&
          a.workflowRunBackendId === caller.workflowRunBackendId &&
          (typeof nameFilter !== 'string' || a.name === nameFilter) &&
          (idFilter === undefined || String(a.id) === String(idFilter)),
      );
      return { artifacts: list.map(artifactJson) };
    },
    GetSignedArtifactURL(body, caller) {
      checkRun(body, caller);
      const artifact = findArtifact(caller.workflowRunBackendId, str(body, 'name'), true);
      if (!artifact) throw new TwirpError('not_found', 'artifact not found');
      return { signed_url: blobs.signedUrl(artifact.blobPath, false) };
    },
    DeleteArtifact(body, caller) {
      checkRun(body, caller);
      const artifact = findArtifact(caller.workflowRunBackendId, str(body, 'name'), true);
      if (!artifact) throw new TwirpError('not_found', 'artifact not found');
      artifactList.splice(artifactList.indexOf(artifact), 1);
      blobs.delete(artifact.blobPath);
      return { ok: true, artifact_id: String(artifact.id) };
    },
  };

  // --- Request routing -----------------------------------------------------------------------------

  function endpointOf(method: string, pathname: string): string {
    if (pathname.startsWith(TWIRP_PREFIX)) return pathname.slice(pathname.lastIndexOf('/') + 1);
    if (pathname.startsWith(`/${ACCOUNT}/`)) return method === 'PUT' ? 'blob-upload' : 'blob-download';
    return 'other';
  }

  function takeFault(endpoint: string): FaultMode | undefined {
    const active = faults.get(endpoint as FaultEndpoint);
    if (!active) return undefined;
    if (--active.remaining <= 0) faults.delete(endpoint as FaultEndpoint);
    return active.mode;
  }

  function sendJson(res: http.ServerResponse, status: number, body: Json, headers: Record<string, string | number> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function sendGarbage(res: http.ServerResponse): void {
    const text = '<html><body>502 Bad Gateway (but sent as 200)</body></html>';
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function sendFaultStatus(res: http.ServerResponse, endpoint: string, mode: FaultMode): void {
    const status = mode.status!;
    const headers: Record<string, string | number> = mode.retryAfterSeconds !== undefined ? { 'retry-after': mode.retryAfterSeconds } : {};
    if (endpoint.startsWith('blob-')) {
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      const code = status === 503 ? 'ServerBusy' : status >= 500 ? 'InternalError' : status === 429 ? 'TooManyRequests' : 'InjectedFault';
      sendAzureError(res, status, code, `Injected fault (${status})`);
    } else {
      sendJson(res, status, { code: twirpCodeForStatus(status), msg: `injected fault (${status})` }, headers);
    }
  }

  async function handleTwirp(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, body: Buffer): Promise<void> {
    const [service, method] = pathname.slice(TWIRP_PREFIX.length).split('/');
    try {
      if (req.method !== 'POST') throw new TwirpError('bad_route', `${req.method} is not allowed; Twirp uses POST`);
      const caller = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!caller) throw new TwirpError('unauthenticated', 'missing or unknown runtime token');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new TwirpError('bad_route', 'only the Twirp JSON encoding is supported');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new TwirpError('malformed', 'request body is not JSON');
      }
      if (typeof parsed !== 'object' || parsed === null) throw new TwirpError('malformed', 'request body is not a JSON object');
      let result: Json;
      if (service === 'CacheService' && method! in cacheMethods) {
        result = cacheMethods[method as CacheMethod](parsed as Json);
      } else if (service === 'ArtifactService' && method! in artifactMethods) {
        result = artifactMethods[method as ArtifactMethod](parsed as Json, caller);
      } else {
        throw new TwirpError('bad_route', `no such method ${service}/${method}`);
      }
      sendJson(res, 200, result);
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error;
      sendJson(res, error.status, { code: error.code, msg: error.message });
    }
  }

  function handleBlob(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer, corrupt: boolean): void {
    const path = decodeURIComponent(url.pathname.slice(`/${ACCOUNT}/`.length));
    const write = req.method === 'PUT';
    const denied = blobs.authorize(url, path, write);
    if (denied) return sendAzureError(res, denied[0], denied[1], 'Server failed to authenticate the request.');

    if (write) {
      if (req.headers['x-ms-structured-body']) return sendAzureError(res, 400, 'UnsupportedHeader', 'structured message bodies are not supported by the fake');
      const comp = url.searchParams.get('comp');
      const contentType = req.headers['x-ms-blob-content-type'] as string | undefined;
      if (comp === 'block') {
        const blockId = url.searchParams.get('blockid');
        if (!blockId) return sendAzureError(res, 400, 'InvalidQueryParameterValue', 'blockid is required');
        blobs.stageBlock(path, blockId, body);
      } else if (comp === 'blocklist') {
        const error = blobs.commitBlockList(path, body.toString('utf8'), contentType);
        if (error) return sendAzureError(res, 400, error, 'The specified block list is invalid.');
      } else if (comp === null) {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return sendAzureError(res, 400, 'InvalidHeaderValue', 'x-ms-blob-type must be BlockBlob');
        blobs.putBlob(path, body, contentType);
      } else {
        return sendAzureError(res, 400, 'UnsupportedQueryParameter', `comp=${comp} is not supported by the fake`);
      }
      const md5 = createHash('md5').update(body).digest('base64');
      res.writeHead(201, azureHeaders({ etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`, 'last-modified': new Date().toUTCString(), 'content-md5': md5, 'x-ms-request-server-encrypted': 'true', 'content-length': 0 }));
      res.end();
      return;
    }

    const blob = blobs.get(path);
    if (!blob?.data) return sendAzureError(res, 404, 'BlobNotFound', 'The specified blob does not exist.');
    let data = corrupt ? randomBytes(blob.data.length) : blob.data;
    let status = 200;
    const headers: Record<string, string | number> = {
      'content-type': blob.contentType ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      'x-ms-blob-type': 'BlockBlob',
      'last-modified': blob.lastModified.toUTCString(),
      etag: `"${createHash('md5').update(blob.data).digest('hex')}"`,
      'content-disposition': `attachment; filename="${path.slice(path.lastIndexOf('/') + 1)}"`,
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''));
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(range[2] ? Number(range[2]) : data.length - 1, data.length - 1);
      if (start >= data.length) return sendAzureError(res, 416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.');
      headers['content-range'] = `bytes ${start}-${end}/${data.length}`;
      data = data.subarray(start, end + 1);
      status = 206;
    }
    res.writeHead(status, azureHeaders({ ...headers, 'content-length': data.length }));
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const endpoint = endpointOf(req.method ?? '', url.pathname);
    const entry: RequestLogEntry = { method: req.method ?? '', path: url.pathname + url.search, endpoint, status: -1 };
    requests.push(entry);
    res.on('close', () => {
      entry.status = res.writableFinished ? res.statusCode : 0;
    });

    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);

    const fault = takeFault(endpoint);
    if (fault) entry.fault = describeFault(fault);
    if (fault?.delayMs) await sleep(fault.delayMs); // node:timers/promises: not affected by speedUpClientRetries()
    if (fault?.drop) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) return sendFaultStatus(res, endpoint, fault);
    if (fault?.garbage) return sendGarbage(res);

    if (endpoint === 'other') return sendJson(res, 404, { code: 'bad_route', msg: `unknown path ${url.pathname}` });
    if (endpoint.startsWith('blob-')) return handleBlob(req, res, url, body, Boolean(fault?.corruptDownload));
    return handleTwirp(req, res, url.pathname, body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake, not an injected fault: make it loud.
      console.error('fake-actions-server: handler crashed:', error);
      if (!res.headersSent) sendJson(res, 500, { code: 'internal', msg: `fake server bug: ${String(error)}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;

  return {
    url: `${origin}/`,
    get run() {
      return { ...run };
    },
    runnerTemp,
    requests,
    env(extra = {}) {
      return {
        ACTIONS_RESULTS_URL: `${origin}/`,
        ACTIONS_RUNTIME_TOKEN: run.token,
        ACTIONS_CACHE_SERVICE_V2: 'true',
        // Must be github.com (or *.ghe.com): any other host counts as GHES, where the cache falls back to
        // the v1 protocol and the artifact client refuses to run.
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: repository,
        GITHUB_RUN_ID: run.runId,
        GITHUB_RUN_ATTEMPT: run.runAttempt,
        RUNNER_TEMP: runnerTemp,
        ...(options.workspace ? { GITHUB_WORKSPACE: options.workspace } : {}),
        ...extra,
      };
    },
    newRun() {
      run = makeRun(++runNumber);
      tokens.set(run.token, run);
    },
    cacheEntries() {
      return cache.map(({ id, key, version, sizeBytes, createdAt, finalized }) => ({ id, key, version, sizeBytes, createdAt, finalized }));
    },
    artifacts() {
      return artifactList.map((a) => {
        const blob = blobs.get(a.blobPath)?.data;
        let zip: Map<string, ZipEntry> | undefined;
        const isZip = blob !== undefined && blob.length >= 4 && [0x04034b50, 0x06054b50].includes(blob.readUInt32LE(0));
        const entries = (): Map<string, ZipEntry> => (zip ??= isZip ? readZip(blob) : new Map());
        return {
          id: a.id,
          name: a.name,
          size: a.size,
          finalized: a.finalized,
          digest: a.digest,
          workflowRunBackendId: a.workflowRunBackendId,
          workflowJobRunBackendId: a.workflowJobRunBackendId,
          blob,
          get files() {
            return [...entries().values()].filter((e) => !e.isDirectory).map((e) => e.name);
          },
          read(name: string) {
            const e = entries().get(name);
            if (!e || e.isDirectory) throw new Error(`artifact ${a.name} has no file ${name}; it has: ${[...entries().keys()].join(', ')}`);
            return e.read();
          },
        };
      });
    },
    requestsTo(endpoint) {
      return requests.filter((r) => r.endpoint === endpoint);
    },
    fail(endpoint, mode) {
      faults.set(endpoint, { mode, remaining: mode.times ?? Infinity });
    },
    clearFaults() {
      faults.clear();
    },
    denyCacheWrites(deny = true) {
      cacheWritesDenied = deny;
    },
    cacheEntryBlob(id) {
      const entry = cache.find((e) => e.id === id);
      return entry ? blobs.get(entry.blobPath)?.data : undefined;
    },
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(runnerTemp, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Client retry delays

/**
 * Above every back-off pause of the clients (Twirp's longest, before its 5th attempt, is below
 * 3 s × 1.5⁴ ≈ 15.2 s; Azure blob's 12 s) and below their timeouts (30 s and more): as `maxDelayMs`, scaling
 * stops at the pauses.
 */
export const CLIENT_BACKOFF_MAX_MS = 16_000;

/**
 * The real clients sleep for seconds between retries (Twirp: 3 s, then ×1.5 with jitter, 5 attempts;
 * Azure blob: 0 s, 4 s, 12 s over 4 tries; cache download: 5 s, 2 attempts) and none of them exposes a
 * setting for it. This scales every `setTimeout` delay of at least `minDelayMs` on the global object
 * by 1/`factor` until the returned function is called, so fault tests run the real retry loops in
 * milliseconds. Shorter timers (progress displays at 1 s) are left alone; node:test's own timeouts and
 * this server's `delayMs` use node:timers and are not affected.
 */
export function speedUpClientRetries({ factor = 100, minDelayMs = 1500, maxDelayMs = Number.POSITIVE_INFINITY }: { factor?: number; minDelayMs?: number; maxDelayMs?: number } = {}): () => void {
  const original = globalThis.setTimeout;
  // maxDelayMs keeps long timeouts of the code under test (e.g. "dbt must be ready within 120 s") intact.
  const scaled = (handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
    original(handler, typeof delay === 'number' && delay >= minDelayMs && delay <= maxDelayMs ? Math.ceil(delay / factor) : delay, ...args);
  globalThis.setTimeout = Object.assign(scaled, original) as unknown as typeof setTimeout;
  return () => {
    globalThis.setTimeout = original;
  };
}
