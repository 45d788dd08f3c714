// The state files on disk: finding manifest.json in an extracted artifact (or a path:<dir>), copying it and
// its sibling state files into the state dir, and reading them at the door so that a state that cannot be
// used is a missing state with a reason.

import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { checkStateManifest, readStateReport } from '../plan/state-report.js';

/** The files the state dir gets, when the artifact has them. manifest.json is required. */
export const STATE_FILES = ['manifest.json', 'orchestrator.json', 'run_results.json', 'sources.json'] as const;

/**
 * The dir holding the state under `root`: that of `target/manifest.json` (paths are relative to the dbt
 * project dir), else of the shallowest manifest.json (a custom target-path). Undefined if none.
 */
export async function locateStateDir(root: string): Promise<string | undefined> {
  const manifest = (await isFile(join(root, 'target', 'manifest.json'))) ? join(root, 'target', 'manifest.json') : await findShallowest(root, 'manifest.json', 4);
  return manifest ? dirname(manifest) : undefined;
}

/** The STATE_FILES present in `dir`, as paths, manifest.json first. */
export async function presentStatePaths(dir: string): Promise<string[]> {
  const present: string[] = [];
  for (const name of STATE_FILES) if (await isFile(join(dir, name))) present.push(join(dir, name));
  return present;
}

/** Names of the STATE_FILES present in `dir`. */
export async function presentStateFiles(dir: string): Promise<string[]> {
  return (await presentStatePaths(dir)).map((path) => path.slice(dir.length + 1));
}

/**
 * Copies the state files of `from` into destDir (each atomically; stale state files there are removed) and
 * returns the names placed.
 */
export async function copyStateFiles(from: string, destDir: string): Promise<string[]> {
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

/** locateStateDir + copyStateFiles; undefined if `root` holds no manifest.json. */
export async function placeStateFiles(root: string, destDir: string): Promise<string[] | undefined> {
  const from = await locateStateDir(root);
  return from ? copyStateFiles(from, destDir) : undefined;
}

/**
 * The placed files are read at the door: a state whose manifest.json or orchestrator.json cannot be used
 * (truncated, not JSON, not ours) is a missing state with that reason, so `state-missing` decides.
 */
export function unusableState(dir: string, files: string[], source: string): string | undefined {
  const manifest = checkStateManifest(join(dir, 'manifest.json'), `manifest.json in ${source}`);
  if (!manifest.ok) return manifest.reason;
  if (!files.includes('orchestrator.json')) return undefined;
  const report = readStateReport(join(dir, 'orchestrator.json'), `orchestrator.json in ${source}`);
  return report.ok ? undefined : report.reason;
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

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
