// The CacheClient of the real runner: @actions/cache, plus telling a policy denial apart from a failure.
// @actions/cache 6.3 turns the service's `cache write denied:` answer into a CacheWriteDeniedError, but
// catches it itself: saveCache logs `::warning::Failed to save: … cache write denied: …` and returns -1,
// exactly as for a broken upload. So while a save runs, this watches the action's stdout for that line,
// keeps its detail and drops the library's terse warning; the save step then gives one clear warning
// (CacheSession) instead of treating it as an outage. A runner's ACTIONS_CACHE_MODE of read/none is the
// same policy announced up front (the library would skip the save silently).

import * as cache from '@actions/cache';
import type { CacheClient } from '../store/actions-cache.js';
import { CACHE_WRITE_DENIED_PREFIX, CacheWriteDeniedError, cacheModeDenial } from '../store/cache-write-denied.js';

type Write = typeof process.stdout.write;

/** Runs `operation` while filtering stdout; returns its result and the denial detail seen, if any. */
async function watchingForDenial<T>(operation: () => Promise<T>): Promise<{ value: T; denied?: string }> {
  const original: Write = process.stdout.write.bind(process.stdout);
  let denied: string | undefined;
  const filtered = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.includes(CACHE_WRITE_DENIED_PREFIX)) return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    const kept = text.split('\n').filter((line) => {
      const at = line.indexOf(CACHE_WRITE_DENIED_PREFIX);
      if (at < 0) return true;
      denied ??= line.slice(at).replace(/%0D|%0A|\r/g, ' ').replace(/%25/g, '%').trim();
      return !line.startsWith('::warning');
    });
    return (original as (...a: unknown[]) => boolean)(kept.join('\n'), ...rest);
  }) as Write;
  process.stdout.write = filtered;
  try {
    const value = await operation();
    return { value, denied };
  } finally {
    process.stdout.write = original;
  }
}

export function actionsCacheClient(env: NodeJS.ProcessEnv): CacheClient {
  return {
    restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    save: async (paths, key) => {
      const announced = cacheModeDenial(env);
      if (announced) throw new CacheWriteDeniedError(announced);
      const { value, denied } = await watchingForDenial(() => cache.saveCache(paths, key));
      if (value === -1 && denied) throw new CacheWriteDeniedError(denied);
      return value;
    },
  };
}
