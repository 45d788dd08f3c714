// `DBT_PROFILES_YML` in the action step's environment: a whole profiles.yml kept in a secret. It is written
// outside the workspace (RUNNER_TEMP, so it can never reach an artifact or a cache entry), readable by the
// runner user only, used as the profiles folder, and removed when the step ends. Its content is never logged.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROFILES_ENV = 'DBT_PROFILES_YML';

export interface SecretProfiles {
  /** The folder holding the written profiles.yml. */
  dir: string;
  remove(): void;
}

/** Undefined when the variable is unset or blank. */
export function writeProfilesFromEnv(env: NodeJS.ProcessEnv): SecretProfiles | undefined {
  const content = env[PROFILES_ENV];
  if (content === undefined || content.trim() === '') return undefined;
  const dir = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'dbt-orchestrator-profiles-'));
  chmodSync(dir, 0o700);
  const file = join(dir, 'profiles.yml');
  writeFileSync(file, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
