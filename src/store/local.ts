// The local, file-based ResultStore.
//
// Layout under the store directory (default `<project>/.dbt-orchestrator`):
//   store.json                          {"format": 1}: lets a future layout refuse to misread this one
//   results/<hash[0..2]>/<hash>.json    StoredResult, content-addressed by node hash, immutable once written
//   slots/<sha256(slot key)>.json       SlotState: which hash the slot's relation holds now
//
// Every file is written atomically (temp + rename). Results are written before slots so a crash in between
// never leaves a slot pointing at a missing result. Reads never throw: a corrupt or unreadable file produces
// one warning (per file, per store instance) and is treated as absent, because a cache we cannot trust must
// degrade to "run it again", never to a failed build. Writes do throw; the engine turns that into a warning.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import type { ResultStore, SlotState, StoredResult } from '../types.js';
import { isTempFileName, writeJsonAtomic } from '../report/write.js';

export const STORE_FORMAT = 1;
export const DEFAULT_STORE_DIR_NAME = '.dbt-orchestrator';

/** Temp files older than this are leftovers of a crashed writer and are removed by prune(). */
const STALE_TEMP_MS = 5 * 60 * 1000;
/** Bounded parallelism for bulk file operations (import/export/prune) to stay clear of EMFILE. */
const BULK_CONCURRENCY = 32;
/**
 * Hashes become file names, so they are restricted to a safe character set (no path separators, no dots).
 * Real hashes are lowercase sha256 hex; the looser pattern only keeps hand-made test hashes usable.
 */
const SAFE_HASH = /^[A-Za-z0-9_-]{2,200}$/;

export type Warn = (message: string) => void;

export interface LocalStoreOptions {
  /** Receives one message per corrupt/unreadable file. Default: a line on stderr. */
  warn?: Warn;
}

/** The whole store as plain data (backs the one-entry-per-run GitHub Actions cache). */
export interface LocalStoreState {
  results: StoredResult[];
  slots: SlotState[];
}

export interface PruneOptions {
  /** Results to keep even when no slot references them. */
  keepHashes?: Iterable<string>;
}

export interface PruneSummary {
  removedResults: number;
  removedSlots: number;
  removedTempFiles: number;
}

export function defaultStoreDir(projectDir: string): string {
  return join(projectDir, DEFAULT_STORE_DIR_NAME);
}

/** File name stem of a slot: slot keys contain dots, quotes and slashes, so they are hashed. */
export function slotFileStem(slotKey: string): string {
  return createHash('sha256').update(slotKey, 'utf8').digest('hex');
}

function defaultWarn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** mkdir fails with EEXIST (path is a file) or ENOTDIR (a parent is a file); say so in plain words. */
function describeDirError(error: unknown): string {
  const code = errorCode(error);
  return code === 'EEXIST' || code === 'ENOTDIR' ? 'it (or a parent) is not a directory' : errorText(error);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------
// Shape checks. They return a description of the first problem, or undefined when the value is usable.
// They check what consumers dereference; they are not a full schema.

function checkStrings(value: Record<string, unknown>, keys: string[]): string | undefined {
  const bad = keys.find((key) => typeof value[key] !== 'string');
  return bad === undefined ? undefined : `field "${bad}" is not a string`;
}

function checkDbtResult(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'field "result" is not an object';
  const strings = checkStrings(value, ['unique_id', 'status']);
  if (strings) return `result: ${strings}`;
  if (!Array.isArray(value.timing)) return 'result: field "timing" is not an array';
  if (typeof value.execution_time !== 'number') return 'result: field "execution_time" is not a number';
  if (value.adapter_response !== undefined && !isPlainObject(value.adapter_response)) {
    return 'result: field "adapter_response" is not an object';
  }
  return undefined;
}

function checkInputs(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'field "inputs" is not an array';
  const bad = value.findIndex(
    (input) => !isPlainObject(input) || typeof input.key !== 'string' || typeof input.digest !== 'string',
  );
  return bad === -1 ? undefined : `inputs[${bad}] is not a {key, digest} pair of strings`;
}

export function checkStoredResult(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not a JSON object';
  const strings = checkStrings(value, ['hash', 'uniqueId', 'status', 'slot', 'recordedAt', 'runId']);
  if (strings) return strings;
  if (value.relationName !== null && typeof value.relationName !== 'string') {
    return 'field "relationName" is neither a string nor null';
  }
  return checkInputs(value.inputs) ?? checkDbtResult(value.result) ?? checkTexts(value.texts) ?? checkEquivalence(value);
}

/** Optional (records before comment/whitespace reuse have none; they just rebuild after a code edit). */
function checkEquivalence(value: Record<string, unknown>): string | undefined {
  const bad = ['equivalence', 'compiledDigest', 'equivalentOf'].find((key) => value[key] !== undefined && (typeof value[key] !== 'string' || !SAFE_HASH.test(value[key] as string)));
  return bad === undefined ? undefined : `field "${bad}" is not a hex digest`;
}

/** Optional (records before explain have none): a map of input key to display text. */
function checkTexts(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return 'field "texts" is not an object';
  const bad = Object.keys(value).find((key) => typeof value[key] !== 'string');
  return bad === undefined ? undefined : `texts["${bad}"] is not a string`;
}

export function checkSlotState(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not a JSON object';
  return checkStrings(value, ['slot', 'hash', 'uniqueId', 'recordedAt', 'runId']);
}

function slotStateOf(result: StoredResult): SlotState {
  return {
    slot: result.slot,
    hash: result.hash,
    uniqueId: result.uniqueId,
    recordedAt: result.recordedAt,
    runId: result.runId,
    ...(result.codeHash ? { codeHash: result.codeHash } : {}),
  };
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// ---------------------------------------------------------------------------------------------------------

type FormatState = 'ok' | 'incompatible';

export class LocalStore implements ResultStore {
  readonly dir: string;
  private readonly warnFn: Warn;
  /** Keys (file paths, or the store dir) already warned about: one warning each, not one per read. */
  private readonly warned = new Set<string>();
  private formatState: Promise<FormatState> | undefined;
  private writable: Promise<void> | undefined;

  constructor(dir: string, options: LocalStoreOptions = {}) {
    this.dir = dir;
    this.warnFn = options.warn ?? defaultWarn;
  }

  /** See openLocalStore(). */
  static async open(dir: string, options: LocalStoreOptions = {}): Promise<LocalStore> {
    const store = new LocalStore(dir, options);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      // Keyed by the directory, so the reads that follow do not repeat the message.
      store.warnOnce(dir, `result store: cannot create ${dir} (${describeDirError(error)}); treating the store as empty`);
    }
    return store;
  }

  // ----- paths

  private get markerPath(): string {
    return join(this.dir, 'store.json');
  }

  private get resultsDir(): string {
    return join(this.dir, 'results');
  }

  private get slotsDir(): string {
    return join(this.dir, 'slots');
  }

  resultPath(hash: string): string {
    return join(this.resultsDir, hash.slice(0, 2), `${hash}.json`);
  }

  slotPath(slotKey: string): string {
    return join(this.slotsDir, `${slotFileStem(slotKey)}.json`);
  }

  // ----- warnings

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnFn(message);
  }

  private warnCorrupt(path: string, problem: string): void {
    this.warnOnce(path, `result store: ignoring ${path}: ${problem}`);
  }

  private async warnUnreadable(path: string, error: unknown): Promise<void> {
    if (errorCode(error) === 'ENOTDIR' && (await this.dirIsNotDirectory())) {
      this.warnOnce(this.dir, `result store: ${this.dir} is not a directory; treating the store as empty`);
      return;
    }
    this.warnCorrupt(path, `cannot read file (${errorText(error)})`);
  }

  private async dirIsNotDirectory(): Promise<boolean> {
    try {
      return !(await stat(this.dir)).isDirectory();
    } catch {
      return false;
    }
  }

  // ----- low-level reads (never throw)

  /** Parsed JSON of `path`; undefined when missing (silently) or unreadable/unparsable (with a warning). */
  private async readJson(path: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') await this.warnUnreadable(path, error);
      return undefined;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      this.warnCorrupt(path, `invalid JSON (${errorText(error)})`);
      return undefined;
    }
  }

  /** Names in `dir`; empty when missing or unreadable (with a warning for the latter). */
  private async listDir(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir)).sort();
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') await this.warnUnreadable(dir, error);
      return [];
    }
  }

  private format(): Promise<FormatState> {
    this.formatState ??= this.readFormat();
    return this.formatState;
  }

  private async readFormat(): Promise<FormatState> {
    const marker = await this.readJson(this.markerPath);
    if (marker === undefined) return 'ok'; // a new, empty, or marker-less store is format 1
    const format = isPlainObject(marker) ? marker.format : undefined;
    if (format === STORE_FORMAT) return 'ok';
    if (typeof format === 'number') {
      this.warnOnce(
        this.markerPath,
        `result store: ${this.dir} has format ${format}, this version reads format ${STORE_FORMAT}; ignoring its contents`,
      );
      return 'incompatible';
    }
    this.warnCorrupt(this.markerPath, 'no numeric "format" field; assuming format 1');
    return 'ok';
  }

  private async readResultFile(path: string, expectedHash: string): Promise<StoredResult | undefined> {
    const value = await this.readJson(path);
    if (value === undefined) return undefined;
    const problem = checkStoredResult(value);
    if (problem) {
      this.warnCorrupt(path, problem);
      return undefined;
    }
    const result = value as StoredResult;
    if (result.hash !== expectedHash) {
      this.warnCorrupt(path, `holds hash ${result.hash}, but its name says ${expectedHash}`);
      return undefined;
    }
    return result;
  }

  /** Reads a slot file; `expectedStem` is the file name stem, which must be sha256 of the slot key inside. */
  private async readSlotFile(path: string, expectedStem: string): Promise<SlotState | undefined> {
    const value = await this.readJson(path);
    if (value === undefined) return undefined;
    const problem = checkSlotState(value);
    if (problem) {
      this.warnCorrupt(path, problem);
      return undefined;
    }
    const slot = value as SlotState;
    if (slotFileStem(slot.slot) !== expectedStem) {
      this.warnCorrupt(path, `holds slot "${slot.slot}", which does not belong under this file name`);
      return undefined;
    }
    return slot;
  }

  // ----- ResultStore

  async getResult(hash: string): Promise<StoredResult | undefined> {
    if (!SAFE_HASH.test(hash)) {
      this.warnOnce(`hash:${hash}`, `result store: ignoring lookup of malformed hash ${JSON.stringify(hash)}`);
      return undefined;
    }
    if ((await this.format()) !== 'ok') return undefined;
    return this.readResultFile(this.resultPath(hash), hash);
  }

  async getSlot(slot: string): Promise<SlotState | undefined> {
    if ((await this.format()) !== 'ok') return undefined;
    return this.readSlotFile(this.slotPath(slot), slotFileStem(slot));
  }

  async record(result: StoredResult, options: { replace?: boolean; keepSlot?: boolean } = {}): Promise<void> {
    const problem = checkStoredResult(result);
    if (problem) throw new Error(`result store: refusing to record an invalid result: ${problem}`);
    if (!SAFE_HASH.test(result.hash)) {
      throw new Error(`result store: refusing to record malformed hash ${JSON.stringify(result.hash)}`);
    }
    await this.ensureWritable();
    // Result first, then slot: a crash in between leaves an unreferenced result, never a dangling slot.
    if (options.replace) await this.write(this.resultPath(result.hash), result);
    else await this.writeResult(result);
    if (!options.keepSlot) await this.write(this.slotPath(result.slot), slotStateOf(result));
  }

  async clearSlot(slot: string): Promise<void> {
    const path = this.slotPath(slot);
    try {
      await unlink(path);
    } catch (error) {
      // Missing file (or missing store directory): the slot already holds nothing.
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return;
      throw new Error(`result store: cannot clear slot file ${path}: ${errorText(error)}`, { cause: error });
    }
  }

  // ----- writes (throw clear errors)

  /** Creates the directory and format marker once; refuses a store written in another format. */
  ensureWritable(): Promise<void> {
    // Only success is memoised, so a transient failure (e.g. permissions fixed mid-run) can be retried.
    this.writable ??= this.prepareForWrites().catch((error: unknown) => {
      this.writable = undefined;
      throw error;
    });
    return this.writable;
  }

  private async prepareForWrites(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (error) {
      throw new Error(`result store: cannot use ${this.dir} as the store directory: ${describeDirError(error)}`, {
        cause: error,
      });
    }
    if (await this.dirIsNotDirectory()) {
      throw new Error(`result store: cannot use ${this.dir} as the store directory: it is not a directory`);
    }
    if ((await this.format()) === 'incompatible') {
      throw new Error(
        `result store: ${this.dir} was written in another store format; refusing to write format ${STORE_FORMAT} into it`,
      );
    }
    const marker = await this.readJson(this.markerPath);
    if (!isPlainObject(marker) || marker.format !== STORE_FORMAT) {
      await this.write(this.markerPath, { format: STORE_FORMAT });
    }
  }

  private async write(path: string, value: unknown): Promise<void> {
    try {
      await writeJsonAtomic(path, value);
    } catch (error) {
      throw new Error(`result store: cannot write ${path}: ${errorText(error)}`, { cause: error });
    }
  }

  /** Results are content-addressed and immutable: an existing valid file for the hash is kept as is. */
  private async writeResult(result: StoredResult): Promise<void> {
    const path = this.resultPath(result.hash);
    if (await this.readResultFile(path, result.hash)) return;
    await this.write(path, result);
  }

  // ----- bulk operations (GitHub Actions cache support)

  private async listResultFiles(): Promise<Array<{ path: string; hash: string }>> {
    const files: Array<{ path: string; hash: string }> = [];
    for (const shard of await this.listDir(this.resultsDir)) {
      if (isTempFileName(shard)) continue;
      for (const name of await this.listDir(join(this.resultsDir, shard))) {
        if (name.endsWith('.json') && !isTempFileName(name)) {
          files.push({ path: join(this.resultsDir, shard, name), hash: name.slice(0, -'.json'.length) });
        }
      }
    }
    return files;
  }

  private async listSlotFiles(): Promise<Array<{ path: string; stem: string }>> {
    const names = await this.listDir(this.slotsDir);
    return names
      .filter((name) => name.endsWith('.json') && !isTempFileName(name))
      .map((name) => ({ path: join(this.slotsDir, name), stem: name.slice(0, -'.json'.length) }));
  }

  /** Every valid result and slot, sorted (by hash, by slot key); corrupt files are warned about and left out. */
  async exportState(): Promise<LocalStoreState> {
    if ((await this.format()) !== 'ok') return { results: [], slots: [] };
    const results: StoredResult[] = [];
    await forEachLimited(await this.listResultFiles(), BULK_CONCURRENCY, async ({ path, hash }) => {
      const result = await this.readResultFile(path, hash);
      if (result) results.push(result);
    });
    const slots: SlotState[] = [];
    await forEachLimited(await this.listSlotFiles(), BULK_CONCURRENCY, async ({ path, stem }) => {
      const slot = await this.readSlotFile(path, stem);
      if (slot) slots.push(slot);
    });
    results.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
    slots.sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
    return { results, slots };
  }

  /**
   * Writes `state` into the store at `dir` (created if missing), merging with what is there: results are
   * immutable anyway, and imported slots overwrite local ones because the imported state is the newer truth.
   * Invalid entries (the state comes from a cache file we do not control) are warned about and skipped.
   */
  static async importState(dir: string, state: LocalStoreState, options: LocalStoreOptions = {}): Promise<LocalStore> {
    const store = await openLocalStore(dir, options);
    const results = store.validEntries<StoredResult>(state?.results, 'result', checkStoredResult);
    const slots = store.validEntries<SlotState>(state?.slots, 'slot', checkSlotState);
    if (results.length + slots.length === 0) return store;
    await store.ensureWritable();
    await forEachLimited(results, BULK_CONCURRENCY, (result) => store.writeResult(result));
    await forEachLimited(slots, BULK_CONCURRENCY, (slot) => store.write(store.slotPath(slot.slot), slot));
    return store;
  }

  private validEntries<T>(entries: unknown, kind: string, check: (value: unknown) => string | undefined): T[] {
    if (entries === undefined) return [];
    if (!Array.isArray(entries)) {
      this.warnFn(`result store: imported state has no ${kind} list; ignoring its ${kind}s`);
      return [];
    }
    return entries.filter((entry, index) => {
      let problem = check(entry);
      if (!problem && kind === 'result' && !SAFE_HASH.test((entry as StoredResult).hash)) problem = 'malformed hash';
      if (problem) this.warnFn(`result store: skipping imported ${kind} #${index}: ${problem}`);
      return !problem;
    }) as T[];
  }

  /**
   * Deletes every result not referenced by a slot (or listed in keepHashes), corrupt result and slot files,
   * and temp files left behind by crashed writers. Keeps the cached store from growing with every run.
   */
  async prune(options: PruneOptions = {}): Promise<PruneSummary> {
    const summary: PruneSummary = { removedResults: 0, removedSlots: 0, removedTempFiles: 0 };
    if ((await this.format()) !== 'ok') return summary;

    const keep = new Set(options.keepHashes ?? []);
    for (const { path, stem } of await this.listSlotFiles()) {
      const slot = await this.readSlotFile(path, stem);
      if (slot) keep.add(slot.hash);
      else if (await this.removeFile(path)) summary.removedSlots++;
    }
    await forEachLimited(await this.listResultFiles(), BULK_CONCURRENCY, async ({ path, hash }) => {
      const valid = keep.has(hash) && (await this.readResultFile(path, hash)) !== undefined;
      if (!valid && (await this.removeFile(path))) summary.removedResults++;
    });
    summary.removedTempFiles = await this.removeStaleTempFiles();
    await this.removeEmptyShards();
    return summary;
  }

  /** Unlinks `path`; false when it was already gone, throws on real failures (prune is a write). */
  private async removeFile(path: string): Promise<boolean> {
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw new Error(`result store: cannot remove ${path}: ${errorText(error)}`, { cause: error });
    }
  }

  private async removeStaleTempFiles(): Promise<number> {
    const shards = (await this.listDir(this.resultsDir)).map((shard) => join(this.resultsDir, shard));
    let removed = 0;
    for (const dir of [this.dir, this.slotsDir, ...shards]) {
      for (const name of await this.listDir(dir)) {
        if (!isTempFileName(name)) continue;
        const path = join(dir, name);
        const info = await stat(path).catch(() => undefined);
        // Young temp files may belong to a writer that is still running; leave them alone.
        if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS && (await this.removeFile(path))) removed++;
      }
    }
    return removed;
  }

  private async removeEmptyShards(): Promise<void> {
    for (const shard of await this.listDir(this.resultsDir)) {
      // rmdir only succeeds on empty directories; a non-empty (or concurrently refilled) shard stays.
      await rmdir(join(this.resultsDir, shard)).catch(() => undefined);
    }
  }
}

/**
 * Opens (creating if missing) the store at `dir`. Never throws: if the directory cannot be created, the
 * store still works for reads (empty, with a warning) and its writes throw, which the engine reports.
 */
export async function openLocalStore(dir: string, options: LocalStoreOptions = {}): Promise<LocalStore> {
  return LocalStore.open(dir, options);
}
