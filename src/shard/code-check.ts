// A shard runs what plan.json says only if the plan was made from the code it parsed: every planned node's
// code hash (its hash over code, vars, env and target, without warehouse or source state) must match.

import { InputError } from '../errors.js';
import type { ManifestNode } from '../dbt/manifest.js';
import type { ParseResult } from '../dbt/protocol.js';
import type { NodeHash } from '../types.js';
import type { ShardPlanFile } from './plan-file.js';

/** Refuses (exit 2) a plan of another project, target or code. */
export function checkPlanMatches(plan: ShardPlanFile, parse: ParseResult, nodes: Map<string, ManifestNode>, own: Map<string, NodeHash>, planPath: string): void {
  const again = `re-run \`dbt-orchestrator plan --shards ${plan.shards} --json\` on this code and pass its plan to every shard`;
  if (plan.project.name !== parse.projectName) throw new InputError('--plan', `${planPath} was made for project ${plan.project.name}, this is ${parse.projectName}; ${again}`);
  if (plan.project.adapterType !== parse.target.adapterType || plan.project.targetName !== parse.target.targetName) {
    throw new InputError('--plan', `${planPath} was made for target ${plan.project.targetName} (${plan.project.adapterType}), this shard uses ${parse.target.targetName} (${parse.target.adapterType}); pass the same --target as the plan`);
  }
  const changed = plan.nodes.filter((n) => !nodes.has(n.uniqueId) || own.get(n.uniqueId)?.hash !== n.codeHash).map((n) => n.name || n.uniqueId);
  if (changed.length > 0) {
    const shown = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ` and ${changed.length - 5} more` : '');
    throw new InputError('--plan', `${planPath} was made from other code (or vars, env, target): ${shown} changed since; ${again}`);
  }
}
