// The key of every env-var digest. A plain sha256 of a value can be brute-forced when the value is short
// (a region, a flag, a date), and those digests travel: orchestrator.json is uploaded as an artifact, the
// result store is saved to the Actions cache, which pull-request runs (forks included) can read. So each
// digest is an HMAC under a salt that never travels with them:
//
//   1. DBT_ORCHESTRATOR_HASH_SALT (the action's `hash-salt` input, from a repository secret): stable
//      across runs and runners, never in a file, an artifact or the cache; GitHub gives it to no fork run.
//   2. Otherwise a random salt kept on this machine, outside the project and the store
//      (~/.dbt-orchestrator/hash-salt, mode 0600): stable for a developer or a self-hosted runner.
//   3. If that file cannot be written, a salt for this run only.
//
// A different salt only means different digests: nodes that read a set env var rebuild (never a wrong
// reuse). An unset variable keeps its fixed digest, which reveals nothing but "unset".

import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from './digest.js';

export const HASH_SALT_ENV = 'DBT_ORCHESTRATOR_HASH_SALT';
/** Overrides the folder of the machine-local salt file (default: the home folder). */
export const HASH_SALT_HOME_ENV = 'DBT_ORCHESTRATOR_HOME';

export interface HashSalt {
  key: string;
  source: 'env' | 'file' | 'run';
  /** The machine-local file, when source is 'file'. */
  path?: string;
}

const UNSET_DIGEST = sha256('<unset>');

function machineSalt(env: NodeJS.ProcessEnv): HashSalt | undefined {
  const dir = join(env[HASH_SALT_HOME_ENV] || homedir(), '.dbt-orchestrator');
  const path = join(dir, 'hash-salt');
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return { key: existing, source: 'file', path };
  } catch {
    // not there yet
  }
  try {
    // Not recursive: the home folder must exist (and Node's recursive mkdir can spin on some pseudo-filesystems).
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const key = randomBytes(32).toString('hex');
    // 'wx': two processes starting at once do not overwrite each other; the loser re-reads.
    try {
      writeFileSync(path, `${key}\n`, { flag: 'wx', mode: 0o600 });
    } catch {
      const raced = readFileSync(path, 'utf8').trim();
      if (raced.length >= 32) return { key: raced, source: 'file', path };
      return undefined;
    }
    chmodSync(path, 0o600);
    return { key, source: 'file', path };
  } catch {
    return undefined;
  }
}

export function resolveHashSalt(env: NodeJS.ProcessEnv): HashSalt {
  const given = env[HASH_SALT_ENV];
  if (given !== undefined && given !== '') return { key: given, source: 'env' };
  return machineSalt(env) ?? { key: randomBytes(32).toString('hex'), source: 'run' };
}

/** HMAC-SHA256 of a value digest under the salt; the fixed digest of an unset variable stays as it is. */
export function keyedEnvDigest(salt: HashSalt, digest: string): string {
  if (digest === UNSET_DIGEST) return digest;
  return createHmac('sha256', salt.key).update(`env-value:${digest}`).digest('hex');
}
