// Starting the one dbt process of a run, and the project facts needed before it parses (packages).

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.js';
import { DbtBridge, bridgeScriptPath } from './bridge.js';
import { locateDbt } from './locate.js';
import { bridgeLogFile, type Prestarted } from './prestart.js';
import { missingProfilesMessage } from './profiles.js';

/** Where `dbt deps` installs packages (dbt_project.yml's packages-install-path, default dbt_packages). */
export function packagesInstallPath(projectDir: string): string {
  try {
    const project = parseYaml(readFileSync(join(projectDir, 'dbt_project.yml'), 'utf8')) as Record<string, unknown> | null;
    const value = project?.['packages-install-path'];
    return typeof value === 'string' ? value : 'dbt_packages';
  } catch {
    return 'dbt_packages';
  }
}

/** The project declares packages that are not installed yet: `dbt deps` must run before parsing. */
export function needsDeps(projectDir: string): boolean {
  const declared = ['packages.yml', 'dependencies.yml'].some((f) => existsSync(join(projectDir, f)));
  return declared && !existsSync(join(projectDir, packagesInstallPath(projectDir)));
}

/** The one dbt process of a run: found beside the project (or --dbt), its console output in logs/. */
export async function startDbt(
  options: { projectDir: string; dbtPath?: string; profilesDir?: string },
  deps: { env: NodeJS.ProcessEnv; cwd: string; prestarted?: Prestarted },
): Promise<DbtBridge> {
  const noProfiles = missingProfilesMessage({ profilesDir: options.profilesDir, projectDir: options.projectDir, env: deps.env }, '--profiles-dir DIR');
  if (noProfiles) {
    deps.prestarted?.discard();
    throw new InputError('--profiles-dir', noProfiles);
  }
  let located: ReturnType<typeof locateDbt>;
  try {
    located = locateDbt({ dbtPath: options.dbtPath, projectDir: options.projectDir, env: deps.env, cwd: deps.cwd });
  } catch (error) {
    deps.prestarted?.discard();
    throw error;
  }
  const logFile = bridgeLogFile(options.projectDir);
  mkdirSync(dirname(logFile), { recursive: true });
  const spawn = { python: located.python, bridgeScript: bridgeScriptPath(), projectDir: options.projectDir, env: deps.env, logFile };
  // The CLI may have spawned this very process already (prestart.ts); taken only if it is exactly the same.
  return DbtBridge.start(spawn, deps.prestarted?.take(spawn));
}

/** The headline of a bridge error of an expected kind (bad input or environment, exit 2). */
export function bridgeErrorTitle(kind: string): string {
  switch (kind) {
    case 'dbt_missing':
      return 'dbt is not installed for the selected Python (pass --dbt PATH)';
    case 'dbt_unsupported':
      return 'unsupported dbt version';
    case 'profile':
      return 'dbt profile error';
    case 'project':
      return 'dbt project error';
    case 'parse':
      return 'dbt could not parse the project';
    case 'selection':
      return 'dbt rejected the selection';
    default:
      return 'dbt error';
  }
}
