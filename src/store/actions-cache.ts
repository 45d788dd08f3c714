// The result store on the GitHub Actions cache. The local-directory store does the real work; this
// module only restores that directory before a run and saves it after, as ONE cache entry per run (the
// cache allows 200 uploads per minute per repository and entries are immutable, so one entry per node
// is out of the question). Also caches dbt_packages/ and dbt's partial-parse file so warm runs parse fast.
//
// Caching is an optimisation: any cache failure (service down, 5xx, 429, garbage, slow) is a warning,
// after which the cache is switched off for the rest of the run; the build result never changes.

import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCacheWriteDenied, writeDeniedWarning } from './cache-write-denied.js';

export interface CacheClient {
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  /** Returns the cache id, or -1 when the service refused or failed; throws CacheWriteDeniedError on a policy denial. */
  save(paths: string[], key: string): Promise<number>;
}

export interface CacheEntrySpec {
  label: string;
  /** Paths relative to the workspace; save and restore must pass identical strings. */
  paths: string[];
  key: string;
  restoreKeys: string[];
}

export interface CacheKeyInputs {
  prefix: string;
  projectDirRelative: string;
  storeDirRelative: string;
  packagesDirRelative: string;
  partialParseRelative: string;
  runId: string;
  runAttempt: string;
  /** Tells apart several uses of the action in one workflow run (job, step, artifact name). */
  invocation: string[];
  /** Contents that decide which dbt packages get installed. */
  packagesFiles: string[];
  /** Values that invalidate dbt's partial-parse file (dbt re-checks them itself; this only picks a likely match). */
  parseInputs: string[];
}

function shortHash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/**
 * Key scheme (documented in README): `<prefix>-<kind>-v1-<scope>[-<content>]-<run id>-<attempt>-<invocation>`.
 * Keys hold only hashes, ids and the user's prefix — never input values, which may be secrets.
 */
export function cacheEntries(k: CacheKeyInputs): { store: CacheEntrySpec; packages: CacheEntrySpec; partialParse: CacheEntrySpec } {
  const scope = shortHash([k.projectDirRelative]);
  // Entries are immutable: two steps of one run must not race for the same key.
  const run = `${k.runId}-${k.runAttempt}-${shortHash(k.invocation).slice(0, 8)}`;
  const storeBase = `${k.prefix}-store-v1-${scope}-`;
  const parseBase = `${k.prefix}-parse-v1-${scope}-${shortHash(k.parseInputs)}-`;
  const packagesKey = `${k.prefix}-packages-v1-${scope}-${shortHash(k.packagesFiles)}`;
  return {
    store: { label: 'result store', paths: [k.storeDirRelative], key: `${storeBase}${run}`, restoreKeys: [storeBase] },
    packages: { label: 'dbt packages', paths: [k.packagesDirRelative], key: packagesKey, restoreKeys: [] },
    partialParse: { label: 'partial parse', paths: [k.partialParseRelative], key: `${parseBase}${run}`, restoreKeys: [parseBase] },
  };
}

export function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Local packages install as symlinks to absolute paths: caching them would restore dangling links. */
export function packagesAreCacheable(dir: string): boolean {
  if (!existsSync(dir)) return false;
  const entries = readdirSync(dir);
  return entries.length > 0 && entries.every((name) => !lstatSync(join(dir, name)).isSymbolicLink());
}

export class CacheSession {
  private disabledBecause: string | undefined;
  /** Set when the service refused a save by policy (read-only token): restores go on, saves stop. */
  private writeDeniedBecause: string | undefined;

  constructor(
    private readonly client: CacheClient,
    private readonly warn: (message: string) => void,
    private readonly timeoutMs: number,
    private readonly context: { eventName?: string } = {},
  ) {}

  /** Why saves are refused for this run (read-only cache access), if they are. */
  get writeDenied(): string | undefined {
    return this.writeDeniedBecause;
  }

  get disabled(): boolean {
    return this.disabledBecause !== undefined;
  }

  private switchOff(what: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.disabledBecause = reason;
    this.warn(`cache: ${what} failed (${reason}); continuing without the cache for the rest of this run`);
  }

  private async withTimeout<T>(what: string, operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(this.timeoutMs / 1000)} s`)), this.timeoutMs);
    });
    try {
      return await Promise.race([operation, timeout]);
    } finally {
      clearTimeout(timer);
    }
    void what;
  }

  /** The matched key, or undefined on a miss or any failure. */
  async restore(entry: CacheEntrySpec): Promise<string | undefined> {
    if (this.disabled) return undefined;
    try {
      return await this.withTimeout(`restore ${entry.label}`, this.client.restore(entry.paths, entry.key, entry.restoreKeys));
    } catch (error) {
      this.switchOff(`restoring the ${entry.label}`, error);
      return undefined;
    }
  }

  async save(entry: CacheEntrySpec): Promise<boolean> {
    if (this.disabled || this.writeDeniedBecause !== undefined) return false;
    try {
      const id = await this.withTimeout(`save ${entry.label}`, this.client.save(entry.paths, entry.key));
      if (id === -1) {
        this.switchOff(`saving the ${entry.label}`, new Error('the cache service refused or failed the upload'));
        return false;
      }
      return true;
    } catch (error) {
      if (isCacheWriteDenied(error)) {
        // A policy, not a fault: one clear warning, no further save attempts, restores unaffected.
        this.writeDeniedBecause = (error as Error).message;
        this.warn(writeDeniedWarning(this.writeDeniedBecause, this.context.eventName));
        return false;
      }
      this.switchOff(`saving the ${entry.label}`, error);
      return false;
    }
  }
}
