// `dbt-orchestrator --version`: this package's version and the dbt it would use, found exactly as a build
// finds it (src/dbt/locate.ts), read from the installed Python distributions — no dbt start-up, no parse.

import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DbtNotFoundError, locateDbt } from './dbt/locate.js';
import { isPlainObject, parseJsonText, readJsonFile, type Parsed } from './util/json-file.js';

export const PACKAGE_NAME = 'dbt-orchestrator-action';

/**
 * The version in this package's package.json. The same relative path holds from src/ (a checkout) and from
 * dist/ (the bundle, also once installed from npm: package.json always ships with a package).
 */
export function packageVersion(): string {
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
  const pkg = readJsonFile(path, 'package.json', ourPackage);
  return pkg.ok ? pkg.value.version : 'unknown';
}

/** This package's package.json: its name is ours and it has a version. */
function ourPackage(value: unknown, label: string): Parsed<{ version: string }> {
  if (!isPlainObject(value) || value.name !== PACKAGE_NAME) return { ok: false, reason: `${label} is not ${PACKAGE_NAME}'s` };
  return typeof value.version === 'string' ? { ok: true, value: { version: value.version } } : { ok: false, reason: `${label} has no "version" string` };
}

/** What PROBE prints: distribution name → version. */
function distributionVersions(value: unknown, label: string): Parsed<Record<string, string>> {
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) return { ok: false, reason: `${label} is not a mapping of names to versions` };
  return { ok: true, value: value as Record<string, string> };
}

/** Python distributions that are dbt's own plumbing, not an adapter. */
const NOT_ADAPTERS = new Set(['dbt-core', 'dbt-adapters', 'dbt-common', 'dbt-extractor', 'dbt-protos', 'dbt-semantic-interfaces']);

// Prints {"dbt-core": "1.12.6", "dbt-duckdb": "1.11.1", ...}: every installed distribution named dbt-*.
const PROBE = `
import importlib.metadata as m, json, re
found = {}
for d in m.distributions():
    name = re.sub(r"[-_.]+", "-", (d.metadata["Name"] or "")).lower()
    if name.startswith("dbt-"):
        found[name] = d.version
print(json.dumps(found))
`;

export interface DbtVersionInfo {
  /** The dbt executable the lookup found. */
  dbt?: string;
  python?: string;
  dbtCore?: string;
  /** Adapter distributions and their versions, e.g. [['dbt-duckdb', '1.11.1']]. */
  adapters: Array<[string, string]>;
  /** Why no dbt-core version could be told (not found, Python failed, dbt-core not installed there). */
  problem?: string;
}

export interface DbtVersionOptions {
  dbtPath?: string;
  projectDir: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function dbtVersionInfo(opts: DbtVersionOptions): Promise<DbtVersionInfo> {
  let located;
  try {
    located = locateDbt({ dbtPath: opts.dbtPath, projectDir: opts.projectDir, env: opts.env, cwd: opts.cwd });
  } catch (error) {
    if (error instanceof DbtNotFoundError) return { adapters: [], problem: error.message };
    throw error;
  }
  const probe = await new Promise<{ ok: true; stdout: string } | { ok: false; reason: string }>((resolve) => {
    execFile(located.python, ['-c', PROBE], { timeout: 60_000, env: opts.env }, (error, stdout, stderr) => {
      if (error) resolve({ ok: false, reason: (stderr || error.message).trim().split('\n').pop() ?? error.message });
      else resolve({ ok: true, stdout });
    });
  });
  const base = { dbt: located.dbt, python: located.python };
  if (!probe.ok) return { ...base, adapters: [], problem: `${located.python} could not list its packages: ${probe.reason}` };
  const listed = parseJsonText(probe.stdout, 'the package list', distributionVersions);
  if (!listed.ok) return { ...base, adapters: [], problem: `${located.python} printed no package list` };
  const found = listed.value;
  const adapters = Object.entries(found)
    .filter(([name]) => !NOT_ADAPTERS.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  const dbtCore = found['dbt-core'];
  return { ...base, dbtCore, adapters, problem: dbtCore ? undefined : `dbt-core is not installed in the Python that runs ${located.dbt} (${located.python})` };
}

/** The lines `--version` prints. */
export function versionLines(pkgVersion: string, info: DbtVersionInfo): string[] {
  const lines = [`dbt-orchestrator ${pkgVersion}`];
  if (info.dbtCore) lines.push(`dbt-core ${info.dbtCore} (${info.dbt})`);
  if (info.adapters.length > 0) lines.push(`adapters: ${info.adapters.map(([n, v]) => `${n} ${v}`).join(', ')}`);
  if (info.problem) lines.push(`dbt: ${info.problem}`);
  return lines;
}
