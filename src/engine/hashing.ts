// Phase `plan`, hashing: every node's own inputs once (they depend only on the parse), then the Merkle
// links once the world facts are known — parents outside the selection as their relations hold them,
// source data states, and the lag keep rule (plan/lag.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestNode } from '../dbt/manifest.js';
import type { ParseResult } from '../dbt/protocol.js';
import { sha256 } from '../hash/digest.js';
import { linkHashes } from '../hash/link.js';
import { ownInputs, UNSET } from '../hash/node-hash.js';
import { keyedEnvDigest, resolveHashSalt, type HashSalt } from '../hash/salt.js';
import type { EngineOptions } from '../options.js';
import { lagTolerance } from '../plan/data-state.js';
import { lagKeepRule, lagKept, type LagCandidate, type LagRule } from '../plan/lag.js';
import { relationKey } from '../plan/plan.js';
import type { HashInput, NodeHash, StoredResult } from '../types.js';
import type { WorldFacts } from './facts.js';
import type { Selection } from './select.js';
import type { Project } from './session.js';

export interface RunHashes {
  hashes: Map<string, NodeHash>;
  /** Nodes kept within their lag tolerance — or after a comment/whitespace-only edit — with the plan's reason. */
  lagKept: Map<string, string>;
  /** Records of comment/whitespace-only edits checked this run, written if the run goes on (engine/equivalence.ts). */
  equivalentRecords?: StoredResult[];
  /** Keyed digest of a build's compiled SQL in normal form, kept in its record. */
  compiledDigest?(compiledCode: string | null | undefined): string | undefined;
}

/** Every node's own hash inputs (hash/node-hash.ts): the same whatever the run selects. */
export function ownHashInputs(project: Project, options: Pick<EngineOptions, 'projectDir'>, env: NodeJS.ProcessEnv): Map<string, HashInput[]> {
  const { parse, graph, manifest } = project;
  const salt = resolveHashSalt(env);
  return ownInputs({
    graph,
    macros: manifest.macros,
    globals: {
      dbtVersion: parse.dbtVersion,
      adapterVersion: parse.adapterVersion,
      adapterType: parse.target.adapterType,
      targetName: parse.target.targetName,
      targetDatabase: parse.target.database,
      targetSchema: parse.target.schema,
      projectEnvVarsHash: parse.projectEnvVarsHash === null ? null : keyedEnvDigest(salt, parse.projectEnvVarsHash),
    },
    vars: parse.vars,
    envVarsByUniqueId: parse.envVarsByUniqueId,
    envValueDigest: envDigest(parse, env, salt),
    readSeedFile: seedReader(options, parse),
  });
}

/** The Merkle hashes of the run, and which nodes the lag rule keeps. */
export function hashRun(project: Project, own: Map<string, HashInput[]>, selection: Selection, world: WorldFacts, options: EngineOptions): RunHashes {
  const rule = lagRuleOf(project, selection, world, options);
  const hashes = linkHashes(project.graph, own, { upstreamOverride: world.overrides, dataStates: world.dataStates, keep: lagKeepRule(rule) });
  return { hashes, lagKept: lagKept(rule, hashes) };
}

export function lagRuleOf(project: Project, selection: Selection, world: WorldFacts, options: EngineOptions): LagRule {
  const candidates = new Map<string, LagCandidate>();
  for (const id of selection.executable) {
    const toleranceSeconds = lagTolerance(project.nodes.get(id)!);
    if (toleranceSeconds === undefined) continue;
    const relation = world.slots.get(id)!.relation;
    candidates.set(id, { toleranceSeconds, slotState: world.slotStates.get(id), relationExists: !relation || world.warehouse.existing.has(relationKey(relation)) });
  }
  return { enabled: options.reuse && !options.fullRefresh, now: world.now, candidates };
}

function seedReader(options: Pick<EngineOptions, 'projectDir'>, parse: ParseResult) {
  return (node: ManifestNode): Uint8Array | undefined => {
    const base = node.package_name === parse.projectName ? options.projectDir : join(options.projectDir, parse.packagesInstallPath, node.package_name);
    try {
      return readFileSync(join(base, node.original_file_path));
    } catch {
      return undefined;
    }
  };
}

function envDigest(parse: ParseResult, env: NodeJS.ProcessEnv, salt: HashSalt) {
  // Keyed: a bare sha256 of a short value can be brute-forced from orchestrator.json or the cached store.
  return (name: string): string => keyedEnvDigest(salt, parse.envVarDigests[name] ?? (env[name] === undefined ? sha256(UNSET) : sha256(`set:${env[name]}`)));
}
