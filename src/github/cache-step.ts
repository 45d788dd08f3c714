// Steps 2 and 5: the result store, dbt packages and partial-parse file restored from the Actions cache
// before the engine runs, and saved after it (unless reuse is read-only or the input was bad).

import { join, relative } from 'node:path';
import { packagesInstallPath } from '../dbt/start.js';
import { EXIT_BAD_INPUT } from '../errors.js';
import { cacheEntries, CacheSession, packagesAreCacheable, readIfExists } from '../store/actions-cache.js';
import { pruneStoreDir } from '../store/store.js';
import type { ActionSettings } from './inputs.js';
import { savePartialParse } from './leak-guards.js';
import { inGroup, messageOf, type ActionRuntime } from './runtime.js';

type CacheSpecs = ReturnType<typeof cacheEntries>;

export interface RestoredCache {
  session: CacheSession;
  specs: CacheSpecs;
  /** The result store came from the cache (the `cache-hit` output). */
  storeHit: boolean;
  /** The packages entry matched exactly: no need to save it again. */
  packagesHit: boolean;
}

export async function restoreCache(settings: ActionSettings, rt: ActionRuntime): Promise<RestoredCache> {
  const session = new CacheSession(rt.cache, rt.warning, rt.cacheTimeoutMs, { eventName: rt.env.GITHUB_EVENT_NAME });
  const specs = cacheSpecs(settings, rt);
  return inGroup(rt, 'dbt-orchestrator: restore cache', async () => {
    let storeHit = false;
    if (settings.reuse !== 'false') {
      const matched = await session.restore(specs.store);
      storeHit = matched !== undefined;
      rt.info(storeHit ? `result store restored from ${matched}` : 'no previous result store in the cache');
    } else {
      rt.info("reuse is 'false': not restoring previous results");
    }
    const packagesHit = (await session.restore(specs.packages)) === specs.packages.key;
    await session.restore(specs.partialParse);
    return { session, specs, storeHit, packagesHit };
  });
}

/** Saves what the run left, pruned; runs inside the "save cache and artifacts" group. */
export async function saveCache(settings: ActionSettings, restored: RestoredCache, exitCode: number, rt: ActionRuntime): Promise<void> {
  const { session, specs } = restored;
  if (settings.reuse !== 'read-only' && exitCode !== EXIT_BAD_INPUT) {
    await pruneStore(settings.engine.storeDir, rt.warning);
    if (await session.save(specs.store)) rt.info(`result store saved as ${specs.store.key}`);
    await savePartialParse(settings, session, specs.partialParse, rt);
    const packagesDir = join(settings.engine.projectDir, packagesInstallPath(settings.engine.projectDir));
    if (!restored.packagesHit && packagesAreCacheable(packagesDir)) await session.save(specs.packages);
  } else if (settings.reuse === 'read-only') {
    rt.info("reuse is 'read-only': this run's results are not saved to the cache");
  }
}

export function cacheSpecs(settings: ActionSettings, rt: ActionRuntime): CacheSpecs {
  const project = settings.engine.projectDir;
  const rel = (path: string): string => relative(rt.workspace, path).split('\\').join('/') || '.';
  return cacheEntries({
    prefix: settings.cacheKeyPrefix,
    projectDirRelative: settings.projectDirRelative,
    storeDirRelative: rel(settings.engine.storeDir),
    packagesDirRelative: rel(join(project, packagesInstallPath(project))),
    partialParseRelative: rel(join(project, 'target', 'partial_parse.msgpack')),
    runId: rt.env.GITHUB_RUN_ID ?? 'local',
    runAttempt: rt.env.GITHUB_RUN_ATTEMPT ?? '1',
    invocation: [rt.env.GITHUB_JOB ?? '', rt.env.GITHUB_ACTION ?? '', settings.artifactName],
    packagesFiles: ['packages.yml', 'dependencies.yml', 'package-lock.yml'].map((f) => readIfExists(join(project, f))),
    parseInputs: [readIfExists(join(project, 'dbt_project.yml')), settings.engine.target ?? '', settings.engine.vars ?? ''],
  });
}

/** Keeps the cache entry small: only results some relation still points at survive. */
export async function pruneStore(dir: string, warn: (message: string) => void): Promise<void> {
  try {
    await pruneStoreDir(dir, { warn });
  } catch (error) {
    warn(`could not prune the result store: ${messageOf(error)}`);
  }
}
