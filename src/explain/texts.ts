// The display texts a stored record keeps so `explain` can show old → new later: the store otherwise keeps
// only digests, and a digest cannot be diffed.
//
// Kept, per input key of the record:
//   code          the node's raw code (models, snapshots, singular tests: what the user edits and reviews;
//                 the repository has the same text, so keeping it reveals nothing the repository does not)
//   macro:<id>    the Jinja of each project/package macro the node may call (also repository text)
// Never kept: var values and env var values (the store travels in the Actions cache, which pull-request runs
// can read: no plain var or env var value ever goes into it, whatever the name), seed CSV contents (data, not
// code), target/profile fields.

import type { ManifestMacro, ManifestNode } from '../dbt/manifest.js';
import type { ResolvedVars } from '../hash/node-hash.js';
import type { HashInput } from '../types.js';

/** Texts above this size are not kept (explain then says the old text is unavailable). */
export const MAX_TEXT_CHARS = 64 * 1024;
export interface TextSources {
  macros: Record<string, ManifestMacro>;
  vars: ResolvedVars;
}

/** The node's own code as a text worth diffing, or undefined (seeds, generic and unit tests). */
export function codeText(node: ManifestNode): string | undefined {
  if (node.resource_type === 'seed' || node.resource_type === 'unit_test' || node.resource_type === 'source' || node.test_metadata) return undefined;
  return node.raw_code ?? undefined;
}

/** The current text of one input key, under the rules above (undefined: nothing may or can be shown). */
export function currentText(key: string, node: ManifestNode, sources: TextSources): string | undefined {
  if (key === 'code') return codeText(node);
  if (key.startsWith('macro:')) return sources.macros[key.slice('macro:'.length)]?.macro_sql;
  return undefined;
}

/** What a record of `node` keeps for explain: every showable text of its inputs, each within the size bound. */
export function explainTexts(node: ManifestNode, inputs: HashInput[], sources: TextSources): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key } of inputs) {
    const text = currentText(key, node, sources);
    if (text !== undefined && text.length <= MAX_TEXT_CHARS) out[key] = text;
  }
  return out;
}
