// The CLI as a stranger gets it: `npm pack` of this checkout, installed globally into a temporary prefix,
// run as a plain process with a PATH that holds only Node and the system (no repository tools).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO } from './project.js';

export interface InstalledCli {
  /** The tarball `npm pack` wrote. */
  tarball: string;
  /** The install prefix (`npm install -g --prefix`). */
  prefix: string;
  /** `<prefix>/bin/dbt-orchestrator`. */
  bin: string;
  /** The installed package folder. */
  packageDir: string;
}

/** Packs the working tree (its dist/ must be built: `node scripts/build.mjs`) and installs the tarball offline. */
export function packAndInstall(): InstalledCli {
  if (!existsSync(join(REPO, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` first');
  const dir = mkdtempSync(join(tmpdir(), 'install-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' })) as Array<{ filename: string }>;
  const tarball = join(dir, packed[0]!.filename);
  const prefix = join(dir, 'prefix');
  // --offline: the package must need nothing from a registry (its dependencies are bundled in dist/).
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir, encoding: 'utf8' });
  return { tarball, prefix, bin: join(prefix, 'bin', 'dbt-orchestrator'), packageDir: join(prefix, 'lib', 'node_modules', 'dbt-orchestrator-action') };
}

/** Every file under `dir`, relative, sorted. */
export function filesUnder(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(base, e.name)) : [join(base, e.name)]))
    .sort();
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the installed command with only Node's folder and the system folders on PATH. */
export function runInstalled(cli: InstalledCli, args: string[], opts: { cwd: string; env?: Record<string, string> }): ProcessRun {
  const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: process.env.HOME ?? '/root', ...(opts.env ?? {}) };
  const run = spawnSync(cli.bin, args, { cwd: opts.cwd, env, encoding: 'utf8', timeout: 600_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
