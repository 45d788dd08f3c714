// Phase `plan`, hashing with comment/whitespace-only edits (plan/code-equivalence.ts): the lag keep rule as in
// hashRun, plus candidates compiled in the one dbt process and kept when their compiled SQL is unchanged.
// Without a candidate this is hashRun: one linking, no store read, no compile.

import type { Output } from '../report/console.js';
import { compiledSqlDigest } from '../hash/code-equivalence.js';
import { linkHashes } from '../hash/link.js';
import { resolveHashSalt } from '../hash/salt.js';
import type { EngineOptions } from '../options.js';
import { hashWithEquivalence } from '../plan/code-equivalence.js';
import { lagKeepRule, lagKept } from '../plan/lag.js';
import { relationKey } from '../plan/plan.js';
import type { HashInput } from '../types.js';
import type { WorldFacts } from './facts.js';
import { lagRuleOf, type RunHashes } from './hashing.js';
import type { Selection } from './select.js';
import type { Project } from './session.js';

export async function hashRunWithEquivalence(
  project: Project,
  own: Map<string, HashInput[]>,
  selection: Selection,
  world: WorldFacts,
  options: EngineOptions,
  deps: { env: NodeJS.ProcessEnv; output: Pick<Output, 'warn'> },
): Promise<RunHashes> {
  const rule = lagRuleOf(project, selection, world, options);
  const lagKeep = lagKeepRule(rule);
  const saltKey = resolveHashSalt(deps.env).key;
  const compiledDigest = (code: string | null | undefined): string | undefined => compiledSqlDigest(code, saltKey);
  const result = await hashWithEquivalence({
    executable: options.reuse && !options.fullRefresh ? new Set(selection.executable) : new Set(),
    nodeOf: (id) => project.nodes.get(id)!,
    slotState: (id) => world.slotStates.get(id),
    relationExists: (id) => {
      const relation = world.slots.get(id)?.relation;
      return relation !== null && relation !== undefined && world.warehouse.existing.has(relationKey(relation));
    },
    hash: (extra) => linkHashes(project.graph, own, { upstreamOverride: world.overrides, dataStates: world.dataStates, keep: (hash) => lagKeep(hash) ?? extra(hash.uniqueId, hash) }),
    getResult: (hash) => world.store.getResult(hash),
    compile: async (ids) => new Map((await project.bridge.compile({ ...project.args, uniqueIds: ids })).results.map((r) => [r.uniqueId, r.compiledCode])),
    compiledDigest,
    warn: deps.output.warn,
  });
  const kept = lagKept(rule, result.hashes);
  for (const [id, reason] of result.reused) kept.set(id, reason);
  return { hashes: result.hashes, lagKept: kept, equivalentRecords: result.records, compiledDigest };
}
