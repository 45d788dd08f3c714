// After a successful merge the run's rows in the status table have served their purpose (nothing of the run
// is left to re-run): the merge deletes them through dbt's adapter, as the shards wrote them (a dbt process
// of its own and one parse, in its own target dir). Best effort: a failure is a warning, never the build's;
// rows left behind are deleted by a later sharded build's shards once they are STATUS_KEEP_DAYS old.

import { join } from 'node:path';
import type { DbtBridge } from '../dbt/bridge.js';
import type { DbtCommonArgs } from '../dbt/protocol.js';
import { needsDeps, startDbt } from '../dbt/start.js';
import type { ShardPlanFile } from './plan-file.js';
import { RunStatusClient, STATUS_KEEP_DAYS } from './status.js';

export interface StatusCleanupOptions {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  dbtPath?: string;
}

/** Deletes the plan's run from its status table. Returns a warning when it could not (undefined: done). */
export async function deleteRunStatus(plan: ShardPlanFile, options: StatusCleanupOptions, deps: { env: NodeJS.ProcessEnv; cwd: string }): Promise<string | undefined> {
  const left = (why: string): string =>
    `could not delete the status rows of run ${plan.runId} (${why}); the shards of a later sharded build delete them once they are ${STATUS_KEEP_DAYS} days old`;
  let bridge: DbtBridge | undefined;
  try {
    const env = { ...deps.env, DBT_TARGET_PATH: deps.env.DBT_TARGET_PATH ?? join('target', 'dbt-merge') };
    bridge = await startDbt(options, { env, cwd: deps.cwd });
    const args: DbtCommonArgs = { projectDir: options.projectDir, profilesDir: options.profilesDir, target: options.target, vars: options.vars };
    if (needsDeps(options.projectDir)) await bridge.deps(args);
    await bridge.parse(args);
    const error = await new RunStatusClient(bridge).deleteRun({ runId: plan.runId, table: plan.statusTable });
    return error === undefined ? undefined : left(error);
  } catch (error) {
    return left(firstLine(error instanceof Error ? error.message : String(error)));
  } finally {
    await bridge?.close().catch(() => undefined);
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}
