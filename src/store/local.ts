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

import { mkdir, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

import type { ResultStore, SlotState, StoredResult } from '../types.js';
import { STORE_FORMAT, StoreFiles, errorCode, errorText, slotFileStem, type Warn } from './local-files.js';
import { SAFE_HASH, checkStoredResult, isPlainObject, slotStateOf } from './parse.js';

export { STORE_FORMAT, slotFileStem, type Warn } from './local-files.js';
import { isTempFileName, writeJsonAtomic } from '../util/atomic-write.js';

export const DEFAULT_STORE_DIR_NAME = '.dbt-orchestrator';

/** Temp files older than this are leftovers of a crashed writer and are removed by prune(). */
const STALE_TEMP_MS = 5 * 60 * 1000;
/** Bounded parallelism for bulk file operations (prune) to stay clear of EMFILE. */
const BULK_CONCURRENCY = 32;

export interface LocalStoreOptions {
  /** Receives one message per corrupt/unreadable file. Default: a line on stderr. */
  warn?: Warn;
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

function defaultWarn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

/** mkdir fails with EEXIST (path is a file) or ENOTDIR (a parent is a file); say so in plain words. */
function describeDirError(error: unknown): string {
  const code = errorCode(error);
  return code === 'EEXIST' || code === 'ENOTDIR' ? 'it (or a parent) is not a directory' : errorText(error);
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

export class LocalStore implements ResultStore {
  readonly dir: string;
  private readonly files: StoreFiles;
  private writable: Promise<void> | undefined;

  constructor(dir: string, options: LocalStoreOptions = {}) {
    this.dir = dir;
    this.files = new StoreFiles(dir, options.warn ?? defaultWarn);
  }

  resultPath(hash: string): string {
    return this.files.resultPath(hash);
  }

  slotPath(slotKey: string): string {
    return this.files.slotPath(slotKey);
  }

  /** See openLocalStore(). */
  static async open(dir: string, options: LocalStoreOptions = {}): Promise<LocalStore> {
    const store = new LocalStore(dir, options);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      // Keyed by the directory, so the reads that follow do not repeat the message.
      store.files.warnOnce(dir, `result store: cannot create ${dir} (${describeDirError(error)}); treating the store as empty`);
    }
    return store;
  }

  // ----- ResultStore

  async getResult(hash: string): Promise<StoredResult | undefined> {
    if (!SAFE_HASH.test(hash)) {
      this.files.warnOnce(`hash:${hash}`, `result store: ignoring lookup of malformed hash ${JSON.stringify(hash)}`);
      return undefined;
    }
    if ((await this.files.format()) !== 'ok') return undefined;
    return this.files.readResultFile(this.resultPath(hash), hash);
  }

  async getSlot(slot: string): Promise<SlotState | undefined> {
    if ((await this.files.format()) !== 'ok') return undefined;
    return this.files.readSlotFile(this.slotPath(slot), slotFileStem(slot));
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
    if (await this.files.dirIsNotDirectory()) {
      throw new Error(`result store: cannot use ${this.dir} as the store directory: it is not a directory`);
    }
    if ((await this.files.format()) === 'incompatible') {
      throw new Error(
        `result store: ${this.dir} was written in another store format; refusing to write format ${STORE_FORMAT} into it`,
      );
    }
    const marker = await this.files.readJson(this.files.markerPath);
    if (!isPlainObject(marker) || marker.format !== STORE_FORMAT) {
      await this.write(this.files.markerPath, { format: STORE_FORMAT });
    }
  }

  private async write(path: string, value: unknown): Promise<void> {
    this.files.wroteInto(path); // its directory exists from now on (writeJsonAtomic creates it)
    try {
      await writeJsonAtomic(path, value);
    } catch (error) {
      throw new Error(`result store: cannot write ${path}: ${errorText(error)}`, { cause: error });
    }
  }

  /** Results are content-addressed and immutable: an existing valid file for the hash is kept as is. */
  private async writeResult(result: StoredResult): Promise<void> {
    const path = this.resultPath(result.hash);
    if (await this.files.readResultFile(path, result.hash)) return;
    await this.write(path, result);
  }

  // ----- listing and pruning
  /**
   * Deletes every result not referenced by a slot (or listed in keepHashes), corrupt result and slot files,
   * and temp files left behind by crashed writers. Keeps the cached store from growing with every run.
   */
  async prune(options: PruneOptions = {}): Promise<PruneSummary> {
    const summary: PruneSummary = { removedResults: 0, removedSlots: 0, removedTempFiles: 0 };
    if ((await this.files.format()) !== 'ok') return summary;

    const keep = new Set(options.keepHashes ?? []);
    for (const { path, stem } of await this.files.listSlotFiles()) {
      const slot = await this.files.readSlotFile(path, stem);
      if (slot) keep.add(slot.hash);
      else if (await this.removeFile(path)) summary.removedSlots++;
    }
    await forEachLimited(await this.files.listResultFiles(), BULK_CONCURRENCY, async ({ path, hash }) => {
      const valid = keep.has(hash) && (await this.files.readResultFile(path, hash)) !== undefined;
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
    const shards = (await this.files.listDir(this.files.resultsDir)).map((shard) => join(this.files.resultsDir, shard));
    let removed = 0;
    for (const dir of [this.dir, this.files.slotsDir, ...shards]) {
      for (const name of await this.files.listDir(dir)) {
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
    for (const shard of await this.files.listDir(this.files.resultsDir)) {
      // rmdir only succeeds on empty directories; a non-empty (or concurrently refilled) shard stays.
      await rmdir(join(this.files.resultsDir, shard)).catch(() => undefined);
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
