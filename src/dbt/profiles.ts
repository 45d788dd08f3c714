// Where dbt will read profiles.yml, decided as dbt decides it, so a missing profile is a clear bad-input
// error before dbt starts (and before `dbt deps` spends time), instead of dbt's "Path '~/.dbt' does not exist".
//
// dbt's order (dbt/cli/params.py, dbt/cli/resolvers.py): --profiles-dir; else $DBT_PROFILES_DIR when not
// empty (relative to dbt's working directory, which is the project folder for the engine's dbt); else the
// working directory when it holds profiles.yml; else ~/.dbt.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface ProfilesLookup {
  /** --profiles-dir / the `profiles-dir` input, already resolved. */
  profilesDir?: string;
  /** The project folder: dbt's working directory in the engine. */
  projectDir: string;
  env: NodeJS.ProcessEnv;
}

/** The folders dbt would consider, in order, each with how it was chosen. */
export function profilesCandidates(lookup: ProfilesLookup): Array<{ dir: string; via: string }> {
  if (lookup.profilesDir) return [{ dir: lookup.profilesDir, via: 'profiles-dir' }];
  const fromEnv = lookup.env.DBT_PROFILES_DIR;
  if (fromEnv) return [{ dir: resolve(lookup.projectDir, fromEnv), via: 'DBT_PROFILES_DIR' }];
  const home = lookup.env.HOME || homedir();
  return [
    { dir: lookup.projectDir, via: 'the project folder' },
    { dir: join(home, '.dbt'), via: '~/.dbt' },
  ];
}

/**
 * Undefined when dbt will find a profiles.yml; otherwise what is wrong and what to do. `howToPass` names the
 * way to give a folder in the caller's language (`--profiles-dir DIR`, or the action input `profiles-dir`).
 */
export function missingProfilesMessage(lookup: ProfilesLookup, howToPass: string): string | undefined {
  const candidates = profilesCandidates(lookup);
  if (candidates.some((c) => existsSync(join(c.dir, 'profiles.yml')))) return undefined;
  const looked = candidates.map((c) => `${c.via} (${c.dir})`).join(' and ');
  const where = candidates[0]!.via === 'DBT_PROFILES_DIR' ? `DBT_PROFILES_DIR points at ${candidates[0]!.dir}, which has no profiles.yml` : `dbt looks in ${looked} and neither has one`;
  return [
    `no profiles.yml found: ${where}. dbt needs it to connect to your warehouse.`,
    `Commit a profiles.yml whose credentials come from env_var(), and pass its folder with ${howToPass} (or set DBT_PROFILES_DIR). For example, <folder>/profiles.yml:`,
    '',
    ...exampleProfile(profileNameOf(lookup.projectDir)),
  ].join('\n');
}

/** The `profile:` of dbt_project.yml when it is a plain name. */
export function profileNameOf(projectDir: string): string | undefined {
  try {
    const project = parseYaml(readFileSync(join(projectDir, 'dbt_project.yml'), 'utf8')) as { profile?: unknown } | null;
    const name = project?.profile;
    return typeof name === 'string' && /^[A-Za-z0-9_-]+$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

function exampleProfile(name: string | undefined): string[] {
  return [
    `${name ?? 'my_profile'}:   # the \`profile:\` of dbt_project.yml`,
    '  target: prod',
    '  outputs:',
    '    prod:',
    '      type: postgres          # your adapter',
    "      host: \"{{ env_var('DBT_HOST') }}\"",
    "      user: \"{{ env_var('DBT_USER') }}\"",
    "      password: \"{{ env_var('DBT_ENV_SECRET_PASSWORD') }}\"",
    '      port: 5432',
    '      dbname: analytics',
    '      schema: analytics',
    '      threads: 4',
  ];
}
