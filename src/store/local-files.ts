// The files of a local store as read (never throwing): paths, the format marker, result and slot files
// parsed at the door (parse.ts), and one warning per unreadable or corrupt file per store instance.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { SlotState, StoredResult } from '../types.js';
import { isTempFileName } from '../util/atomic-write.js';
import { checkSlotState, checkStoredResult, isPlainObject } from './parse.js';

export const STORE_FORMAT = 1;

export type Warn = (message: string) => void;

export type FormatState = 'ok' | 'incompatible';

/** File name stem of a slot: slot keys contain dots, quotes and slashes, so they are hashed. */
export function slotFileStem(slotKey: string): string {
  return createHash('sha256').update(slotKey, 'utf8').digest('hex');
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class StoreFiles {
  /** Keys (file paths, or the store dir) already warned about: one warning each, not one per read. */
  private readonly warned = new Set<string>();
  private formatState: Promise<FormatState> | undefined;
  /**
   * Directories a read found missing (a cold store has no slots/ and few results/xx/): a later read of a file
   * in one of them answers "absent" without a system call. Forgotten when this store writes into them
   * (wroteInto); nothing else writes into a store while it is open.
   */
  private readonly missingDirs = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly warnFn: Warn,
  ) {}

  // ----- paths

  get markerPath(): string {
    return join(this.dir, 'store.json');
  }

  get resultsDir(): string {
    return join(this.dir, 'results');
  }

  get slotsDir(): string {
    return join(this.dir, 'slots');
  }

  resultPath(hash: string): string {
    return join(this.resultsDir, hash.slice(0, 2), `${hash}.json`);
  }

  slotPath(slotKey: string): string {
    return join(this.slotsDir, `${slotFileStem(slotKey)}.json`);
  }

  // ----- warnings

  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnFn(message);
  }

  warnCorrupt(path: string, problem: string): void {
    this.warnOnce(path, `result store: ignoring ${path}: ${problem}`);
  }

  async warnUnreadable(path: string, error: unknown): Promise<void> {
    if (errorCode(error) === 'ENOTDIR' && (await this.dirIsNotDirectory())) {
      this.warnOnce(this.dir, `result store: ${this.dir} is not a directory; treating the store as empty`);
      return;
    }
    this.warnCorrupt(path, `cannot read file (${errorText(error)})`);
  }

  async dirIsNotDirectory(): Promise<boolean> {
    try {
      return !(await stat(this.dir)).isDirectory();
    } catch {
      return false;
    }
  }

  // ----- low-level reads (never throw)

  /** Parsed JSON of `path`; undefined when missing (silently) or unreadable/unparsable (with a warning). */
  /** This store wrote `path`: its directory exists now. */
  wroteInto(path: string): void {
    this.missingDirs.delete(dirname(path));
  }

  async readJson(path: string): Promise<unknown> {
    let text: string;
    const dir = dirname(path);
    if (this.missingDirs.has(dir)) return undefined;
    try {
      // Synchronous: a plan looks up a slot and a result per node (a missing file is the common case on a cold
      // store), and fs/promises' readFile costs a file handle and a thread-pool round trip per look-up (measured
      // 35-80 µs of CPU for a missing file, against 10-12 µs here). The files are small, local, written atomically.
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') await this.warnUnreadable(path, error);
      else if (!existsSync(dir)) this.missingDirs.add(dir);
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
  async listDir(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir)).sort();
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') await this.warnUnreadable(dir, error);
      return [];
    }
  }

  format(): Promise<FormatState> {
    this.formatState ??= this.readFormat();
    return this.formatState;
  }

  async readFormat(): Promise<FormatState> {
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

  async readResultFile(path: string, expectedHash: string): Promise<StoredResult | undefined> {
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
  async readSlotFile(path: string, expectedStem: string): Promise<SlotState | undefined> {
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


  async listResultFiles(): Promise<Array<{ path: string; hash: string }>> {
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

  async listSlotFiles(): Promise<Array<{ path: string; stem: string }>> {
    const names = await this.listDir(this.slotsDir);
    return names
      .filter((name) => name.endsWith('.json') && !isTempFileName(name))
      .map((name) => ({ path: join(this.slotsDir, name), stem: name.slice(0, -'.json'.length) }));
  }
}
