// The action's guards against values travelling where they should not (see README "What never leaves
// the runner"): the hash salt handed to the engine, the partial-parse file kept out of the cache when it
// holds env values, and a warning when env digests are keyed with a salt that will not outlive the runner.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../hash/digest.js';
import { HASH_SALT_ENV } from '../hash/salt.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import type { CacheEntrySpec, CacheSession } from '../store/actions-cache.js';
import { partialParseDecision } from '../store/partial-parse.js';
import type { ActionSettings } from './inputs.js';

interface Log {
  info(message: string): void;
  warning(message: string): void;
  env: NodeJS.ProcessEnv;
  workspace: string;
}

export function engineEnv(settings: ActionSettings, rt: Log): NodeJS.ProcessEnv {
  return settings.hashSalt ? { ...rt.env, [HASH_SALT_ENV]: settings.hashSalt } : rt.env;
}

export async function savePartialParse(settings: ActionSettings, cache: CacheSession, spec: CacheEntrySpec, rt: Log): Promise<void> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = readFileSync(join(rt.workspace, spec.paths[0]!));
  } catch {
    bytes = undefined;
  }
  const decision = partialParseDecision(settings.cachePartialParse, bytes, Boolean(settings.engine.vars));
  if (decision.message) (decision.warn ? rt.warning : rt.info)(decision.message);
  if (decision.save) await cache.save(spec);
}

const UNSET_DIGEST = sha256('<unset>');

/** Env digests under a runner-local salt do not match on the next (fresh) runner: say so, once. */
export function warnIfUnsalted(settings: ActionSettings, report: OrchestratorReport, rt: Log): void {
  if (settings.hashSalt || rt.env[HASH_SALT_ENV]) return;
  const names = new Set<string>();
  for (const node of report.nodes) {
    for (const input of node.inputs) if (input.key.startsWith('env:') && input.digest !== UNSET_DIGEST) names.add(input.key.slice(4));
  }
  if (names.size === 0) return;
  rt.warning(
    `hash-salt is not set: the digests of env var(s) ${[...names].sort().join(', ')} are keyed with a salt kept on this runner only, ` +
      'so on a fresh runner the nodes that read them rebuild every run. Set `hash-salt: ${{ secrets.DBT_ORCHESTRATOR_HASH_SALT }}` (any long random string, the same in every workflow of the repository) to reuse them.',
  );
}
