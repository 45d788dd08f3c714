// The REAL @actions/cache and @actions/artifact clients against the loopback fake of GitHub's services
// (test/helpers/fake-actions-server.ts). Each fault test pins down what the client does, so the action's
// own error handling can be written against facts:
//
//   cache, Twirp call failing (any method)         saveCache → -1, restoreCache → undefined; never throws
//     5xx (500/502/503/504) or non-JSON 200 body   retried: 5 attempts, sleeping 3 s, then ×1.5 with jitter (~25-35 s)
//     429                                          not retried (RateLimitError)
//     connection refused / reset                   not retried (NetworkError)
//     409 and other 4xx                            not retried
//   cache, blob upload failing                     Azure SDK retries 500/503 and network errors: 4 tries, 0/4/12 s
//   cache, blob download failing                   one GET; retried once after 5 s only for 502/503/504 and network errors;
//                                                  a 4xx or a 200 with a bad body is written to disk and fails in tar
//   artifact, any failure                          uploadArtifact REJECTS; Twirp retries like the cache client
//                                                  except that 429 IS retried; blob failures surface as Azure RestError
//
// The log line tells the failures apart: CreateCacheEntry failures (including 5xx, 429, refused connections)
// are logged with core.info as "Failed to save: Unable to reserve cache with key …, another job may be
// creating this cache."; every other save failure and every restore failure is a core.warning.

import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

// Both clients read process.env when called, not when imported, so static imports are fine.
import * as cache from '@actions/cache';
import { DefaultArtifactClient } from '@actions/artifact';

import { CLIENT_BACKOFF_MAX_MS, type FakeActionsServer, type FaultEndpoint, type FaultMode, speedUpClientRetries, startFakeActionsServer } from './helpers/fake-actions-server.js';

// ---------------------------------------------------------------------------------------------------
// Harness

/**
 * The fault specs run the clients' real retry loops with each back-off pause (3 s to 15.2 s for Twirp, 4 s
 * and 12 s for Azure blob, 5 s for the cache download; all below CLIENT_BACKOFF_MAX_MS) scaled to a few ms;
 * the clients' timeouts (30 s and more) keep their real length.
 */
const FAULT_SPEED_UP = { factor: 1000, maxDelayMs: CLIENT_BACKOFF_MAX_MS };

let server: FakeActionsServer;
let workspace: string;
let savedEnv: NodeJS.ProcessEnv;
let counter = 0;

function useEnv(env: Record<string, string>): void {
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
}

/**
 * Console output of client calls is captured instead of printed: @actions/core writes ::debug:: and
 * ::warning:: lines to stdout, and @actions/exec forwards tar's output there too. Capture is by async
 * context, so only writes caused by the wrapped call are taken; the test runner's own output passes.
 * Set FAKE_ACTIONS_VERBOSE=1 to print everything as well.
 */
const captureSink = new AsyncLocalStorage<string[]>();
const originalWrites = { stdout: process.stdout.write, stderr: process.stderr.write };

function installCapture(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const original = originalWrites[name];
    stream.write = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
      const sink = captureSink.getStore();
      if (sink) {
        sink.push(String(chunk));
        if (!process.env.FAKE_ACTIONS_VERBOSE) {
          const callback = rest.find((a): a is () => void => typeof a === 'function');
          if (callback) process.nextTick(callback);
          return true;
        }
      }
      return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    } as typeof stream.write;
  }
}

function uninstallCapture(): void {
  process.stdout.write = originalWrites.stdout;
  process.stderr.write = originalWrites.stderr;
}

async function quietly<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; log: string }> {
  const chunks: string[] = [];
  try {
    return { value: await captureSink.run(chunks, fn), log: chunks.join('') };
  } catch (error) {
    return { error, log: chunks.join('') };
  }
}

/** A fresh directory of files under the workspace, with contents unique to this call. */
function makeDir(files: Record<string, string> = { 'a.txt': 'alpha', 'sub/b.txt': 'beta' }): { dir: string; files: Record<string, string> } {
  const dir = join(workspace, `data-${++counter}`);
  const unique = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, `${text} #${counter}`]));
  for (const [name, text] of Object.entries(unique)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, files: unique };
}

function readDir(dir: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

function uniqueKey(label: string): string {
  return `${label}-${++counter}-${Date.now()}`;
}

/** Requests made since `mark` (a previous `server.requests.length`), as `endpoint:status` strings. */
function since(mark: number): string[] {
  return server.requests.slice(mark).map((r) => `${r.endpoint}:${r.status}`);
}

function times(n: number, s: string): string[] {
  return Array.from({ length: n }, () => s);
}

before(async () => {
  savedEnv = { ...process.env };
  installCapture();
  workspace = mkdtempSync(join(tmpdir(), 'fake-actions-ws-'));
  server = await startFakeActionsServer({ workspace });
  useEnv(server.env());
});

afterEach(() => server.clearFaults());

after(async () => {
  await server.close();
  rmSync(workspace, { recursive: true, force: true });
  process.env = savedEnv;
  uninstallCapture();
});

// ---------------------------------------------------------------------------------------------------
// Cache: protocol and semantics

describe('cache (real @actions/cache over the v2 Twirp protocol)', () => {
  it('saves and restores a directory through Twirp + blob storage', async () => {
    const { dir, files } = makeDir();
    const key = uniqueKey('roundtrip');
    const mark = server.requests.length;

    const saved = await quietly(() => cache.saveCache([dir], key));
    assert.ok((saved.value ?? -1) > 0, `saveCache returned ${saved.value}; log:\n${saved.log}`);
    // One Put Blob: archives up to 128 MiB are uploaded in a single shot.
    assert.deepEqual(since(mark), ['CreateCacheEntry:200', 'blob-upload:201', 'FinalizeCacheEntryUpload:200']);
    const entry = server.cacheEntries().find((e) => e.key === key);
    assert.ok(entry?.finalized && entry.sizeBytes > 0 && entry.id === saved.value);

    rmSync(dir, { recursive: true });
    const restored = await quietly(() => cache.restoreCache([dir], key));
    assert.equal(restored.value, key, restored.log);
    assert.deepEqual(readDir(dir, Object.keys(files)), files);
  });

  it('matches restore keys by prefix, newest first; the primary key is prefix-matched too', async () => {
    const prefix = uniqueKey('prefix');
    const older = makeDir();
    const newer = makeDir();
    // Save both under the same path string: the version hashes the paths as given.
    const target = join(workspace, `target-${++counter}`);
    for (const [source, key] of [
      [older, `${prefix}-run-1`],
      [newer, `${prefix}-run-2`],
    ] as const) {
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target);
      for (const [name, text] of Object.entries(source.files)) {
        mkdirSync(join(target, name, '..'), { recursive: true });
        writeFileSync(join(target, name), text);
      }
      assert.ok(((await quietly(() => cache.saveCache([target], key))).value ?? -1) > 0);
    }

    rmSync(target, { recursive: true });
    const viaRestoreKey = await quietly(() => cache.restoreCache([target], `${prefix}-run-3`, [`${prefix}-`]));
    assert.equal(viaRestoreKey.value, `${prefix}-run-2`);
    assert.deepEqual(readDir(target, Object.keys(newer.files)), newer.files);

    // No restore keys at all: the service still prefix-matches the primary key (documented GitHub behaviour).
    rmSync(target, { recursive: true });
    const viaPrimaryPrefix = await quietly(() => cache.restoreCache([target], `${prefix}-run`));
    assert.equal(viaPrimaryPrefix.value, `${prefix}-run-2`);

    // An exact match wins over newer prefix matches.
    const exact = await quietly(() => cache.restoreCache([target], `${prefix}-run-1`, [`${prefix}-`]));
    assert.equal(exact.value, `${prefix}-run-1`);
    assert.deepEqual(readDir(target, Object.keys(older.files)), older.files);
  });

  it('misses when the version differs (different path strings or compression)', async () => {
    const { dir } = makeDir();
    const key = uniqueKey('version');
    assert.ok(((await quietly(() => cache.saveCache([dir], key))).value ?? -1) > 0);
    const miss = await quietly(() => cache.restoreCache([`${dir}/`], key));
    assert.equal(miss.value, undefined);
    assert.equal(miss.error, undefined);
  });

  it('never overwrites an entry: saving an existing key returns -1 after a 409, without uploading', async () => {
    const first = makeDir();
    const key = uniqueKey('immutable');
    assert.ok(((await quietly(() => cache.saveCache([first.dir], key))).value ?? -1) > 0);

    // Same path string, new contents.
    for (const [name, text] of Object.entries(first.files)) writeFileSync(join(first.dir, name), `${text} CHANGED`);
    const mark = server.requests.length;
    const second = await quietly(() => cache.saveCache([first.dir], key));
    assert.equal(second.value, -1);
    assert.equal(second.error, undefined);
    assert.deepEqual(since(mark), ['CreateCacheEntry:409']);
    assert.match(second.log, /Failed to save: Unable to reserve cache with key .*another job may be creating this cache/);
    assert.doesNotMatch(second.log, /::warning::/, 'a 409 is logged with core.info, not as a warning');
    assert.equal(server.cacheEntries().filter((e) => e.key === key).length, 1);

    rmSync(first.dir, { recursive: true });
    assert.equal((await quietly(() => cache.restoreCache([first.dir], key))).value, key);
    assert.deepEqual(readDir(first.dir, Object.keys(first.files)), first.files);
  });

  it('rejects an unknown runtime token with 401, which the client does not retry', async () => {
    const { dir } = makeDir();
    const mark = server.requests.length;
    useEnv({ ACTIONS_RUNTIME_TOKEN: 'not-a-token-the-server-issued' });
    try {
      const saved = await quietly(() => cache.saveCache([dir], uniqueKey('auth')));
      assert.equal(saved.value, -1);
    } finally {
      useEnv(server.env());
    }
    assert.deepEqual(since(mark), ['CreateCacheEntry:401']);
  });

  it('waits out a slow service (the Twirp client has no request timeout of its own)', async () => {
    const { dir } = makeDir();
    const key = uniqueKey('slow');
    assert.ok(((await quietly(() => cache.saveCache([dir], key))).value ?? -1) > 0);
    server.fail('GetCacheEntryDownloadURL', { delayMs: 300 });
    const started = Date.now();
    const restored = await quietly(() => cache.restoreCache([dir], key));
    assert.equal(restored.value, key);
    assert.ok(Date.now() - started >= 300);
  });
});

// ---------------------------------------------------------------------------------------------------
// Cache: faults

describe('cache under faults', () => {
  let restoreTimers: () => void;
  before(() => {
    restoreTimers = speedUpClientRetries(FAULT_SPEED_UP);
  });
  after(() => restoreTimers());

  interface SaveCase {
    endpoint: FaultEndpoint;
    mode: FaultMode;
    requests: string[];
    log: RegExp;
  }
  const reserve = /Failed to save: Unable to reserve cache with key .*another job may be creating this cache/;
  const saveCases: SaveCase[] = [
    { endpoint: 'CreateCacheEntry', mode: { status: 500 }, requests: times(5, 'CreateCacheEntry:500'), log: reserve },
    { endpoint: 'CreateCacheEntry', mode: { status: 429 }, requests: ['CreateCacheEntry:429'], log: reserve },
    { endpoint: 'CreateCacheEntry', mode: { garbage: true }, requests: times(5, 'CreateCacheEntry:200'), log: reserve },
    { endpoint: 'CreateCacheEntry', mode: { drop: true }, requests: ['CreateCacheEntry:0'], log: reserve },
    {
      endpoint: 'FinalizeCacheEntryUpload',
      mode: { status: 500 },
      requests: ['CreateCacheEntry:200', 'blob-upload:201', ...times(5, 'FinalizeCacheEntryUpload:500')],
      log: /::warning::Failed to save: Failed to FinalizeCacheEntryUpload: Failed to make request after 5 attempts: Failed request: \(500\)/,
    },
    {
      endpoint: 'FinalizeCacheEntryUpload',
      mode: { status: 429 },
      requests: ['CreateCacheEntry:200', 'blob-upload:201', 'FinalizeCacheEntryUpload:429'],
      log: /::warning::Failed to save: Failed to FinalizeCacheEntryUpload: Rate limited: Failed request: \(429\)/,
    },
    {
      endpoint: 'FinalizeCacheEntryUpload',
      mode: { garbage: true },
      requests: ['CreateCacheEntry:200', 'blob-upload:201', ...times(5, 'FinalizeCacheEntryUpload:200')],
      log: /::warning::Failed to save: Failed to FinalizeCacheEntryUpload: Failed to make request after 5 attempts: Unexpected token/,
    },
    {
      endpoint: 'blob-upload',
      mode: { status: 500 },
      requests: ['CreateCacheEntry:200', ...times(4, 'blob-upload:500')],
      log: /::warning::Failed to save: Injected fault \(500\)/,
    },
    {
      endpoint: 'blob-upload',
      mode: { status: 429 },
      requests: ['CreateCacheEntry:200', 'blob-upload:429'],
      log: /::warning::Failed to save: Injected fault \(429\)/,
    },
    {
      endpoint: 'blob-upload',
      mode: { garbage: true },
      requests: ['CreateCacheEntry:200', 'blob-upload:200'],
      log: /::warning::Failed to save: <html>/,
    },
  ];

  for (const c of saveCases) {
    it(`saveCache returns -1 when ${c.endpoint} answers ${JSON.stringify(c.mode)}`, async () => {
      const { dir } = makeDir();
      const key = uniqueKey('save-fault');
      server.fail(c.endpoint, c.mode);
      const mark = server.requests.length;
      const result = await quietly(() => cache.saveCache([dir], key));
      assert.equal(result.error, undefined, 'saveCache must not throw');
      assert.equal(result.value, -1);
      assert.deepEqual(since(mark), c.requests);
      assert.match(result.log, c.log);
      assert.ok(!server.cacheEntries().some((e) => e.key === key && e.finalized));
    });
  }

  it('recovers when a fault clears within the retry budget', async () => {
    for (const [endpoint, mode] of [
      ['CreateCacheEntry', { status: 503, times: 1 }],
      ['FinalizeCacheEntryUpload', { status: 500, times: 2 }],
      ['blob-upload', { status: 500, times: 1 }],
    ] as const) {
      const { dir } = makeDir();
      server.fail(endpoint, mode);
      const saved = await quietly(() => cache.saveCache([dir], uniqueKey('recover')));
      assert.ok((saved.value ?? -1) > 0, `${endpoint}: ${saved.log}`);
    }
  });

  interface RestoreCase {
    endpoint: FaultEndpoint;
    mode: FaultMode;
    requests: string[];
    log: RegExp;
  }
  const tarFailed = /::warning::Failed to restore: "\/usr\/bin\/tar" failed with error: The process '\/usr\/bin\/tar' failed with exit code 2/;
  const restoreCases: RestoreCase[] = [
    {
      endpoint: 'GetCacheEntryDownloadURL',
      mode: { status: 500 },
      requests: times(5, 'GetCacheEntryDownloadURL:500'),
      log: /::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: Failed request: \(500\)/,
    },
    {
      endpoint: 'GetCacheEntryDownloadURL',
      mode: { status: 429 },
      requests: ['GetCacheEntryDownloadURL:429'],
      log: /::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Rate limited: Failed request: \(429\)/,
    },
    {
      endpoint: 'GetCacheEntryDownloadURL',
      mode: { garbage: true },
      requests: times(5, 'GetCacheEntryDownloadURL:200'),
      log: /::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: Unexpected token/,
    },
    {
      endpoint: 'GetCacheEntryDownloadURL',
      mode: { drop: true },
      requests: ['GetCacheEntryDownloadURL:0'],
      log: /::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET/,
    },
    // The download client retries only 502/503/504 and network errors (2 attempts, 5 s apart).
    {
      endpoint: 'blob-download',
      mode: { status: 500 },
      requests: ['GetCacheEntryDownloadURL:200', 'blob-download:500'],
      log: /::warning::Failed to restore: downloadCache failed: Cache service responded with 500/,
    },
    {
      endpoint: 'blob-download',
      mode: { status: 503 },
      requests: ['GetCacheEntryDownloadURL:200', 'blob-download:503', 'blob-download:503'],
      log: /::warning::Failed to restore: downloadCache failed: Cache service responded with 503/,
    },
    // A 4xx is not checked: the error body is saved as the archive and tar fails on it.
    { endpoint: 'blob-download', mode: { status: 429 }, requests: ['GetCacheEntryDownloadURL:200', 'blob-download:429'], log: tarFailed },
    { endpoint: 'blob-download', mode: { garbage: true }, requests: ['GetCacheEntryDownloadURL:200', 'blob-download:200'], log: tarFailed },
    { endpoint: 'blob-download', mode: { corruptDownload: true }, requests: ['GetCacheEntryDownloadURL:200', 'blob-download:200'], log: tarFailed },
  ];

  for (const c of restoreCases) {
    it(`restoreCache returns undefined when ${c.endpoint} answers ${JSON.stringify(c.mode)}`, async () => {
      const { dir } = makeDir();
      const key = uniqueKey('restore-fault');
      assert.ok(((await quietly(() => cache.saveCache([dir], key))).value ?? -1) > 0);
      rmSync(dir, { recursive: true });

      server.fail(c.endpoint, c.mode);
      const mark = server.requests.length;
      const result = await quietly(() => cache.restoreCache([dir], key));
      assert.equal(result.error, undefined, 'restoreCache must not throw');
      assert.equal(result.value, undefined);
      assert.deepEqual(since(mark), c.requests);
      assert.match(result.log, c.log);
      assert.ok(!existsSync(join(dir, 'a.txt')), 'nothing may be extracted from a failed download');
    });
  }
});

// ---------------------------------------------------------------------------------------------------
// Artifacts

describe('artifacts (real @actions/artifact over the v4 Twirp protocol)', () => {
  it('uploads a zip the server can read, then lists, downloads and deletes it', async () => {
    const { dir, files } = makeDir({ 'report.json': '{"ok":true}', 'logs/dbt.log': 'log line' });
    const name = uniqueKey('artifact');
    const client = new DefaultArtifactClient();

    const uploaded = await quietly(() => client.uploadArtifact(name, Object.keys(files).map((f) => join(dir, f)), dir));
    assert.equal(uploaded.error, undefined, uploaded.log);
    const stored = server.artifacts().find((a) => a.name === name);
    assert.ok(stored?.finalized);
    assert.equal(uploaded.value?.id, stored.id);
    assert.equal(uploaded.value?.size, stored.size);
    assert.equal(stored.digest, `sha256:${createHash('sha256').update(stored.blob!).digest('hex')}`);
    assert.deepEqual(stored.files.sort(), Object.keys(files).sort());
    for (const [file, text] of Object.entries(files)) assert.equal(stored.read(file).toString('utf8'), text);

    const listed = await quietly(() => client.listArtifacts());
    assert.ok(listed.value?.artifacts.some((a) => a.id === stored.id && a.name === name));

    const target = join(workspace, `download-${++counter}`);
    const downloaded = await quietly(() => client.downloadArtifact(stored.id, { path: target }));
    assert.equal(downloaded.error, undefined, downloaded.log);
    assert.deepEqual(readDir(target, Object.keys(files)), files);

    const deleted = await quietly(() => client.deleteArtifact(name));
    assert.equal(deleted.value?.id, stored.id);
    assert.ok(!server.artifacts().some((a) => a.name === name));
  });

  it('handles stored (compressionLevel 0) zips and raw skipArchive uploads', async () => {
    const { dir, files } = makeDir({ 'big.txt': 'x'.repeat(50_000), 'raw.log': 'raw bytes' });
    const client = new DefaultArtifactClient();
    const storedName = uniqueKey('stored');
    assert.equal((await quietly(() => client.uploadArtifact(storedName, [join(dir, 'big.txt')], dir, { compressionLevel: 0 }))).error, undefined);
    const stored = server.artifacts().find((a) => a.name === storedName)!;
    assert.ok(stored.blob!.length > 50_000, 'level 0 stores the entry uncompressed');
    assert.equal(stored.read('big.txt').toString('utf8'), files['big.txt']);

    // skipArchive: the artifact is named after the file and holds its bytes, not a zip.
    const raw = await quietly(() => client.uploadArtifact('ignored', [join(dir, 'raw.log')], dir, { skipArchive: true }));
    assert.equal(raw.error, undefined, raw.log);
    const rawArtifact = server.artifacts().find((a) => a.id === raw.value?.id)!;
    assert.equal(rawArtifact.name, 'raw.log');
    assert.deepEqual(rawArtifact.files, []);
    assert.equal(rawArtifact.blob!.toString('utf8'), files['raw.log']);
    const target = join(workspace, `download-${++counter}`);
    assert.equal((await quietly(() => client.downloadArtifact(rawArtifact.id, { path: target }))).error, undefined);
    assert.equal(readFileSync(join(target, 'raw.log'), 'utf8'), files['raw.log']);
  });

  it('refuses a second artifact with the same name in a run (409), but a new run may reuse it', async () => {
    const { dir } = makeDir();
    const name = uniqueKey('dup');
    const client = new DefaultArtifactClient();
    assert.equal((await quietly(() => client.uploadArtifact(name, [join(dir, 'a.txt')], dir))).error, undefined);

    const again = await quietly(() => client.uploadArtifact(name, [join(dir, 'a.txt')], dir));
    assert.match(String(again.error), /Failed to CreateArtifact: Received non-retryable error: Failed request: \(409\) Conflict/);

    server.newRun();
    useEnv(server.env());
    try {
      const listed = await quietly(() => client.listArtifacts());
      assert.deepEqual(listed.value?.artifacts, [], 'artifacts are per run');
      assert.equal((await quietly(() => client.uploadArtifact(name, [join(dir, 'a.txt')], dir))).error, undefined);
    } finally {
      useEnv(server.env());
    }
  });
});

describe('artifacts under faults', () => {
  let restoreTimers: () => void;
  before(() => {
    restoreTimers = speedUpClientRetries(FAULT_SPEED_UP);
  });
  after(() => restoreTimers());

  interface ArtifactCase {
    endpoint: FaultEndpoint;
    mode: FaultMode;
    requests: string[];
    error: RegExp;
    errorName: string;
  }
  // Two blob PUTs on success: Put Block (one 8 MiB chunk), then Put Block List.
  const cases: ArtifactCase[] = [
    {
      endpoint: 'CreateArtifact',
      mode: { status: 500 },
      requests: times(5, 'CreateArtifact:500'),
      error: /^Failed to CreateArtifact: Failed to make request after 5 attempts: Failed request: \(500\) Internal Server Error/,
      errorName: 'Error',
    },
    {
      endpoint: 'CreateArtifact',
      mode: { status: 429 }, // unlike the cache client, the artifact client retries 429
      requests: times(5, 'CreateArtifact:429'),
      error: /^Failed to CreateArtifact: Failed to make request after 5 attempts: Failed request: \(429\) Too Many Requests/,
      errorName: 'Error',
    },
    {
      endpoint: 'CreateArtifact',
      mode: { garbage: true },
      requests: times(5, 'CreateArtifact:200'),
      error: /^Failed to CreateArtifact: Failed to make request after 5 attempts: Unexpected token/,
      errorName: 'Error',
    },
    {
      endpoint: 'blob-upload',
      mode: { status: 500 },
      requests: ['CreateArtifact:200', ...times(4, 'blob-upload:500')],
      error: /^Injected fault \(500\)/,
      errorName: 'RestError',
    },
    {
      endpoint: 'blob-upload',
      mode: { drop: true },
      requests: ['CreateArtifact:200', ...times(4, 'blob-upload:0')],
      error: /^Unable to make request: ECONNRESET/,
      errorName: 'NetworkError',
    },
    {
      endpoint: 'FinalizeArtifact',
      mode: { status: 500 },
      requests: ['CreateArtifact:200', 'blob-upload:201', 'blob-upload:201', ...times(5, 'FinalizeArtifact:500')],
      error: /^Failed to FinalizeArtifact: Failed to make request after 5 attempts: Failed request: \(500\)/,
      errorName: 'Error',
    },
  ];

  for (const c of cases) {
    it(`uploadArtifact rejects when ${c.endpoint} answers ${JSON.stringify(c.mode)}`, async () => {
      const { dir } = makeDir();
      const name = uniqueKey('artifact-fault');
      server.fail(c.endpoint, c.mode);
      const mark = server.requests.length;
      const result = await quietly(() => new DefaultArtifactClient().uploadArtifact(name, [join(dir, 'a.txt')], dir));
      assert.ok(result.error instanceof Error, 'uploadArtifact must reject');
      assert.equal(result.error.name, c.errorName);
      assert.match(result.error.message, c.error);
      assert.deepEqual(since(mark), c.requests);
      assert.ok(!server.artifacts().some((a) => a.name === name && a.finalized));
    });
  }

  it('a failed upload can be retried under the same name (the unfinalized one is replaced)', async () => {
    const { dir } = makeDir();
    const name = uniqueKey('retry-upload');
    server.fail('FinalizeArtifact', { status: 500 });
    assert.ok((await quietly(() => new DefaultArtifactClient().uploadArtifact(name, [join(dir, 'a.txt')], dir))).error);
    server.clearFaults();
    const second = await quietly(() => new DefaultArtifactClient().uploadArtifact(name, [join(dir, 'a.txt')], dir));
    assert.equal(second.error, undefined, second.log);
    assert.deepEqual(
      server.artifacts().filter((a) => a.name === name).map((a) => a.finalized),
      [true],
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Service down

describe('service down (the port refuses connections)', () => {
  let dead: FakeActionsServer;
  before(async () => {
    dead = await startFakeActionsServer({ workspace });
    const env = dead.env({ RUNNER_TEMP: server.runnerTemp });
    await dead.close();
    useEnv(env);
  });
  after(() => useEnv(server.env()));

  // No speed-up here: connection errors are not retried by the Twirp clients, so this is fast for real.
  it('saveCache returns -1 and restoreCache returns undefined, at once', async () => {
    const { dir } = makeDir();
    const started = Date.now();
    const saved = await quietly(() => cache.saveCache([dir], uniqueKey('down')));
    assert.equal(saved.value, -1);
    assert.match(saved.log, /Failed to save: Unable to reserve cache with key/);
    const restored = await quietly(() => cache.restoreCache([dir], uniqueKey('down')));
    assert.equal(restored.value, undefined);
    assert.equal(restored.error, undefined);
    assert.match(restored.log, /::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNREFUSED/);
    assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  });

  it('uploadArtifact rejects with ECONNREFUSED at once', async () => {
    const { dir } = makeDir();
    const result = await quietly(() => new DefaultArtifactClient().uploadArtifact(uniqueKey('down'), [join(dir, 'a.txt')], dir));
    assert.ok(result.error instanceof Error);
    assert.match(result.error.message, /^Failed to CreateArtifact: Unable to make request: ECONNREFUSED/);
  });
});
