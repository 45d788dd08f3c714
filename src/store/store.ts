// How the rest of the program reaches the result store: open it (as the ResultStore interface of
// src/types.ts) or prune it. Nothing outside src/store/ constructs a backend itself.

import type { ResultStore } from '../types.js';
import { LocalStore, type LocalStoreOptions, type PruneOptions, type PruneSummary } from './local.js';

export { DEFAULT_STORE_DIR_NAME, defaultStoreDir, type LocalStoreOptions, type PruneSummary } from './local.js';

/**
 * Opens (creating if missing) the store at `dir`. Never throws: if the directory cannot be created, the
 * store still works for reads (empty, with a warning) and its writes throw, which the engine reports.
 */
export async function openStore(dir: string, options: LocalStoreOptions = {}): Promise<ResultStore> {
  return LocalStore.open(dir, options);
}

/**
 * Removes what no slot references (and corrupt and stale temp files) from the store at `dir`, which is
 * not created when missing. Keeps a cached store from growing with every run.
 */
export async function pruneStoreDir(dir: string, options: LocalStoreOptions & PruneOptions = {}): Promise<PruneSummary> {
  return new LocalStore(dir, options).prune(options);
}
