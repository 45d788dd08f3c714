// The Merkle link: each node's own inputs (node-hash.ts) plus what it sees of its parents — their hashes,
// or what their relations hold (upstream overrides, the lag keep rule) — and the data states of the sources
// it reads. The full hash and the code hash (data states left out, parents by their code hashes).

import type { ProjectGraph } from '../graph/graph.js';
import { topologicalOrder } from '../graph/graph.js';
import type { HashInput, NodeHash } from '../types.js';
import { equivalenceDigest, takesPart } from './code-equivalence.js';
import { inputFragment, inputListOf, sha256 } from './digest.js';

/** Bumped whenever the meaning of a hash changes, so old store entries can never match. */
export const HASH_SCHEME = 'dbt-orchestrator/hash/2';

export interface EffectiveHash {
  hash: string;
  codeHash: string;
}

/** What links the nodes' own inputs into Merkle hashes: what each child sees of its parents. */
export interface HashLinks {
  /**
   * What children see of parents this run will not build: the hash of what their relation actually holds
   * (by our records), not what their code would produce now. Without it, a child built against an
   * outdated parent would be recorded under the parent's new hash and wrongly reused later.
   */
  upstreamOverride: Map<string, EffectiveHash>;
  /** Data state of each source (freshness), given to the source's direct readers as a `data:` input. */
  dataStates: Map<string, { digest: string; value: string }>;
  /**
   * A pure rule (plan/lag.ts): when the run keeps a node's existing relation although its hash changed
   * (lag tolerance), what children see instead — the hash of what the relation holds.
   */
  keep?: KeepRule;
}

export type KeepRule = (hash: NodeHash) => EffectiveHash | undefined;

function byKey(a: HashInput, b: HashInput): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The full hash, and the code hash: data states left out, parents contributing their code hashes. Both are
 * sha256(canonicalInputList(HASH_SCHEME, …)) of key-sorted {key, digest} lists (`value` is explanation only:
 * the digest covers it), built from entries written once for both.
 */
function finish(uniqueId: string, inputs: HashInput[], codeOf: (parent: string) => string): NodeHash {
  const sorted = [...inputs].sort(byKey);
  let data = '';
  let code = '';
  for (const input of sorted) {
    if (input.kind === 'metadata') continue;
    const entry = inputFragment(input.key, input.digest);
    data += (data === '' ? '' : ',') + entry;
    if (input.key.startsWith('data:')) continue;
    code += (code === '' ? '' : ',') + (input.key.startsWith('upstream:') ? inputFragment(input.key, codeOf(input.key.slice('upstream:'.length))) : entry);
  }
  return { uniqueId, inputs: sorted, hash: sha256(inputListOf(HASH_SCHEME, data)), codeHash: sha256(inputListOf(HASH_SCHEME, code)) };
}

/** The Merkle hashes: each node's own inputs plus what it sees of its parents, parents before children. */
export function linkHashes(graph: ProjectGraph, own: Map<string, HashInput[]>, links: HashLinks): Map<string, NodeHash> {
  const hashes = new Map<string, NodeHash>();
  // What children see of each parent: normally its hash; what its relation holds when the run keeps it.
  const effective = new Map<string, EffectiveHash>();
  const seen = (parent: string): EffectiveHash | undefined => effective.get(parent);
  const codeOf = (parent: string): string => seen(parent)?.codeHash ?? sha256(`missing-upstream:${parent}`);
  for (const id of topologicalOrder(graph)) {
    const node = graph.nodes.get(id)!;
    const inputs = [...(own.get(id) ?? [])];
    // Upstream results: the Merkle link. Ephemeral models and sources are hashed like any parent; a source
    // whose table a project node writes (a seed read through source()) has that producer as its parent
    // (graph/produced-sources.ts adds the edge).
    for (const parent of graph.parents.get(id) ?? []) {
      inputs.push({ key: `upstream:${parent}`, digest: seen(parent)?.hash ?? sha256(`missing-upstream:${parent}`) });
      // New data in a source changes what its readers produce, though no code changed.
      const data = node.resource_type === 'source' ? undefined : links.dataStates.get(parent);
      if (data) inputs.push({ key: `data:${parent}`, digest: data.digest, value: data.value });
    }
    const hash = finish(id, inputs, codeOf);
    // Read only for a node whose hash moved from what its slot holds, and for the records of what runs:
    // computed on first read (the same value as when computed here), not for every node of every plan.
    if (takesPart(node)) {
      lazyProperty(hash, 'equivalence', () => equivalenceDigest(node, hash.inputs, HASH_SCHEME, (parent) => graph.nodes.get(parent), (parent) => hashes.get(parent)?.equivalence));
    }
    hashes.set(id, hash);
    effective.set(id, links.upstreamOverride.get(id) ?? links.keep?.(hash) ?? { hash: hash.hash, codeHash: hash.codeHash });
  }
  return hashes;
}

/** An enumerable property computed on first read and kept (spreads and JSON see the value). */
function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
    set(value: T[K]) {
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    },
  });
}
