// Step 1: the inputs. Secrets masked, inputs parsed into settings, profiles.yml written from the secret env
// variable when given (the settings then point at it), and the profiles checked before anything runs.

import { tmpdir } from 'node:os';
import { missingProfilesMessage } from '../dbt/profiles.js';
import { ActionInputError, Inputs, readSettings, type ActionSettings } from './inputs.js';
import { PROFILES_ENV, writeProfilesFromEnv } from './profiles-secret.js';
import { messageOf, type ActionRuntime } from './runtime.js';
import { readShardRole, settingsInput, type ShardRole } from './shard-inputs.js';

export type SettingsStep = { ok: true; settings: ActionSettings; role?: ShardRole; cleanup(): void } | { ok: false; message: string; cleanup(): void };

export function readActionSettings(rt: ActionRuntime): SettingsStep {
  const token = rt.getInput(Inputs.githubToken);
  if (token) rt.setSecret(token);
  for (const secret of [Inputs.hashSalt, Inputs.notifyWebhook]) if (rt.getInput(secret).trim()) rt.setSecret(rt.getInput(secret).trim());
  let read: ActionSettings;
  let role: ShardRole | undefined;
  try {
    // A sharded build's role (command plan/merge, or a shard): its options are settled as a build's.
    role = readShardRole(rt.getInput, rt.workspace, rt.env.RUNNER_TEMP ?? tmpdir());
    read = readSettings(settingsInput(rt.getInput, role), rt.workspace);
  } catch (error) {
    return { ok: false, message: messageOf(error), cleanup: () => undefined };
  }
  const secretProfiles = writeProfilesFromEnv(rt.env);
  const cleanup = (): void => secretProfiles?.remove();
  let settings = read;
  if (secretProfiles) {
    if (read.engine.profilesDir) rt.warning(`${PROFILES_ENV} is set, so the input '${Inputs.profilesDir}' is ignored`);
    settings = { ...read, engine: { ...read.engine, profilesDir: secretProfiles.dir } };
    // dbt reads the file; no child process needs the secret in its environment.
    delete rt.env[PROFILES_ENV];
    rt.info(`profiles.yml written from ${PROFILES_ENV} (readable by this user only, outside the workspace, removed when the step ends)`);
  }
  const noProfiles = missingProfilesMessage(
    { profilesDir: settings.engine.profilesDir, projectDir: settings.engine.projectDir, env: rt.env },
    `the input \`${Inputs.profilesDir}\` (or put the whole profiles.yml in a secret and give it to the step as the env variable \`${PROFILES_ENV}\`)`,
  );
  // The merge of a sharded build reads files only: no dbt, no profile.
  if (noProfiles && role?.kind !== 'merge') return { ok: false, message: new ActionInputError(Inputs.profilesDir, noProfiles).message, cleanup };
  return { ok: true, settings, role, cleanup };
}
