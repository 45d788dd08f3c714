// Reuse after a comment- or whitespace-only edit of a SQL model (or of an ephemeral model it inlines).
//
// A node is a *candidate* when the relation its slot holds was built by a record whose equivalence digest
// (hash/code-equivalence.ts) equals the node's now while its hash differs: nothing but comments/whitespace of
// its code or of its ephemeral parents changed. A candidate is reused only when dbt, compiling it in the one
// long-lived process, gives SQL whose normalised digest equals the one recorded at build time, or when a
// record for exactly these inputs says that was checked before. The relation keeps its record; the children
// of a reused candidate see the hash of the build the relation holds, so they are not touched either.
//
// Hashing runs twice only when there is a candidate: first assuming every candidate will be reused (so a
// child edited the same way is a candidate too, and all are compiled in one request), then with the verdicts.
// Without a candidate it costs nothing: one hashing, no store read, no compile.

import type { ManifestNode } from '../dbt/manifest.js';
import type { EffectiveHash } from '../hash/link.js';
import { sha256 } from '../hash/digest.js';
import { takesPart } from '../hash/code-equivalence.js';
import type { DbtNodeResult } from '../dbt/protocol.js';
import { isSuccess } from '../status.js';
import type { NodeHash, SlotState, StoredResult } from '../types.js';

export const EQUIVALENT_REASON = 'code changed (comments/whitespace only): reused';

export interface EquivalenceDeps {
  /** Executable nodes of this run (ephemeral models are compiled into them, never candidates). */
  executable: Set<string>;
  nodeOf(uniqueId: string): ManifestNode;
  slotState(uniqueId: string): SlotState | undefined;
  /** The relation exists in the target (a missing one is rebuilt whatever the hash). */
  relationExists(uniqueId: string): boolean;
  /** Hash every node; `effective` may name what children see of a node (undefined: its own hash). */
  hash(effective: (uniqueId: string, hash: NodeHash) => EffectiveHash | undefined): Map<string, NodeHash>;
  getResult(hash: string): Promise<StoredResult | undefined>;
  /** Compiled SQL by unique_id (null: did not compile). One request for all. */
  compile(uniqueIds: string[]): Promise<Map<string, string | null>>;
  compiledDigest(compiledCode: string | null): string | undefined;
  /** A compile request that failed as a whole: the candidates rebuild (dbt's error then comes from the build). */
  warn(message: string): void;
}

export interface EquivalenceResult {
  hashes: Map<string, NodeHash>;
  /** Nodes reused although their hash changed, with the reason to show. */
  reused: Map<string, string>;
  /** Records to write when the run goes on (not for `plan`): the check need not be repeated next time. */
  records: StoredResult[];
  /** How many nodes were compiled (0 without a candidate). */
  compiled: number;
}

function heldEffective(state: SlotState, held: StoredResult): EffectiveHash {
  return { hash: state.hash, codeHash: state.codeHash ?? held.codeHash ?? sha256(`no-code-hash:${state.hash}`) };
}

export async function hashWithEquivalence(deps: EquivalenceDeps): Promise<EquivalenceResult> {
  const plain = deps.hash(() => undefined);
  // Nodes whose hash moved away from what their slot holds: only they (and, with them, their children) can be candidates.
  const moved = [...deps.executable].filter((id) => {
    const state = deps.slotState(id);
    return takesPart(deps.nodeOf(id)) && state !== undefined && state.hash !== plain.get(id)?.hash && deps.relationExists(id);
  });
  if (moved.length === 0) return { hashes: plain, reused: new Map(), records: [], compiled: 0 };

  const held = new Map<string, StoredResult>();
  for (const id of moved) {
    const result = await deps.getResult(deps.slotState(id)!.hash);
    if (result && isSuccess(result.status) && result.equivalence && result.compiledDigest) held.set(id, result);
  }
  const candidate = (id: string, hash: NodeHash): boolean => {
    const record = held.get(id);
    return record !== undefined && hash.equivalence === record.equivalence && hash.hash !== record.hash;
  };
  if (held.size === 0) return { hashes: plain, reused: new Map(), records: [], compiled: 0 };

  // Pass 1: every candidate assumed reused.
  const optimistic = deps.hash((id, hash) => (candidate(id, hash) ? heldEffective(deps.slotState(id)!, held.get(id)!) : undefined));
  const candidates = [...held.keys()].filter((id) => candidate(id, optimistic.get(id)!));
  if (candidates.length === 0) return { hashes: plain, reused: new Map(), records: [], compiled: 0 };

  const verified = new Set<string>();
  const toCompile: string[] = [];
  for (const id of candidates) {
    const hash = optimistic.get(id)!;
    const earlier = await deps.getResult(hash.hash);
    const record = held.get(id)!;
    if (earlier?.equivalentOf === record.hash && earlier.compiledDigest === record.compiledDigest && isSuccess(earlier.status)) verified.add(id);
    else toCompile.push(id);
  }
  const compiled =
    toCompile.length === 0
      ? new Map<string, string | null>()
      : await deps.compile(toCompile).catch((error: unknown) => {
          deps.warn(`could not compile ${toCompile.length} node(s) whose code changed only in comments/whitespace (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); they rebuild`);
          return new Map<string, string | null>();
        });
  const checked = new Set<string>();
  for (const id of toCompile) {
    const digest = deps.compiledDigest(compiled.get(id) ?? null);
    if (digest !== undefined && digest === held.get(id)!.compiledDigest) {
      verified.add(id);
      checked.add(id);
    }
  }

  // Pass 2: only the verified keep their relation; a candidate whose inputs moved again (a parent was not
  // verified after all) is not reused.
  const reused = new Map<string, string>();
  const final = verified.size === candidates.length
    ? optimistic
    : deps.hash((id, hash) => {
        if (!verified.has(id) || !candidate(id, hash) || hash.hash !== optimistic.get(id)!.hash) return undefined;
        return heldEffective(deps.slotState(id)!, held.get(id)!);
      });
  for (const id of verified) if (final.get(id)!.hash === optimistic.get(id)!.hash) reused.set(id, EQUIVALENT_REASON);

  const records = [...checked]
    .filter((id) => reused.has(id))
    .map((id) => {
      const hash = final.get(id)!;
      const record = held.get(id)!;
      return { ...record, hash: hash.hash, inputs: hash.inputs, codeHash: hash.codeHash, equivalence: hash.equivalence, equivalentOf: record.hash };
    });
  return { hashes: final, reused, records, compiled: toCompile.length };
}

/** What a fresh build's record keeps for later comparisons: the equivalence digest and the compiled SQL's digest. */
export function equivalenceFields(
  node: ManifestNode,
  hash: NodeHash,
  result: DbtNodeResult,
  digestOfCompiled: (code: string | null | undefined) => string | undefined,
): Pick<StoredResult, 'equivalence' | 'compiledDigest'> {
  if (!takesPart(node) || hash.equivalence === undefined) return {};
  const compiledDigest = digestOfCompiled(result.compiled_code);
  return compiledDigest === undefined ? {} : { equivalence: hash.equivalence, compiledDigest };
}
