// What a pull request modified, judged by our node hashes against production's orchestrator.json. dbt's
// state:modified compares raw code and config; our hash records also see var and env var values, macro
// closures and seed bytes. Inputs that differ only because the PR builds into another schema (target,
// relation) or because something upstream changed are not modifications of the node itself.

import type { HashInput } from '../types.js';
import { changedInputs, describeChanges, type NameOf } from './reasons.js';

export interface HashedNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  inputs: HashInput[];
}

export interface ModifiedNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  /** Why the node counts as modified: "code changed", "var `x` changed", ... */
  reason: string;
}

/** Inputs that change with where the run writes or with its parents, not with the node's own definition. */
function isOwnInput(key: string): boolean {
  return !(key === 'target' || key === 'relation' || key.startsWith('upstream:') || key.startsWith('data:'));
}

function ownInputs(inputs: HashInput[]): HashInput[] {
  return inputs.filter((i) => isOwnInput(i.key));
}

/** Nodes whose own inputs differ from production (or that production does not have), with the reason. */
export function modifiedAgainst(current: HashedNode[], production: HashedNode[], nameOf: NameOf): ModifiedNode[] {
  const prod = new Map(production.map((n) => [n.uniqueId, n]));
  const out: ModifiedNode[] = [];
  for (const node of current) {
    const before = prod.get(node.uniqueId);
    if (!before) {
      out.push({ uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, reason: 'new (not in production)' });
      continue;
    }
    const mine = ownInputs(node.inputs);
    const theirs = ownInputs(before.inputs);
    if (changedInputs(theirs, mine).length === 0) continue;
    out.push({ uniqueId: node.uniqueId, name: node.name, resourceType: node.resourceType, reason: describeChanges(theirs, mine, nameOf) });
  }
  return out.sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1));
}

/** `hash:modified` / `hash:modified+`: our own state selector, resolved by the engine, not by dbt. */
export function parseHashSelector(select: string[]): { modified: true; descendants: boolean } | undefined {
  if (select.length !== 1) {
    if (select.some((s) => s.startsWith('hash:'))) throw new Error("hash:modified must be the only selector (use 'hash:modified' or 'hash:modified+')");
    return undefined;
  }
  const [only] = select;
  if (only === 'hash:modified') return { modified: true, descendants: false };
  if (only === 'hash:modified+') return { modified: true, descendants: true };
  if (only.startsWith('hash:')) throw new Error(`unknown hash selector '${only}'; use 'hash:modified' or 'hash:modified+'`);
  return undefined;
}
