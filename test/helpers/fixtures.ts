// Projects the tests run on, and copies of already-built state: build once per test file (a `before`
// hook), then give every test its own copy (project files, the .duckdb file, target/ and the result
// store), so each test is an independent spec that pays only for what it checks.

import { cpSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, sep } from 'node:path';
import { copyExample, REPO } from './project.js';

/** Three nodes (seed, model using a package macro, one data test): for tests about what surrounds dbt. */
export const TINY = join(REPO, 'test/fixtures/tiny');
/** Every node `dbt build` runs in the tiny project: the seed, the model and its not_null test. */
export const TINY_NODES = 3;

/** A fresh workspace (what GITHUB_WORKSPACE points at) holding a copy of `source` as `<name>/`. */
export function workspaceWith(source: string, name = basename(source)): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  cpSync(copyExample(source, { parsed: false }), join(workspace, name), { recursive: true });
  return workspace;
}

/**
 * An exact copy of a built project (database, target/, result store and installed packages included).
 * `dbt deps` installs local packages as symlinks to absolute paths: those are re-pointed into the copy,
 * so that editing the copy's package edits what the copy's dbt reads.
 */
export function copyBuilt(project: string): string {
  const dest = join(mkdtempSync(join(tmpdir(), 'built-')), basename(project));
  cpSync(project, dest, { recursive: true });
  const packages = join(dest, 'dbt_packages');
  for (const name of safeReaddir(packages)) {
    const link = join(packages, name);
    if (!lstatSync(link).isSymbolicLink()) continue;
    const target = readlinkSync(link);
    if (!target.startsWith(project + sep)) continue;
    rmSync(link);
    symlinkSync(dest + target.slice(project.length), link);
  }
  return dest;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
