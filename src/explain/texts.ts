// The display texts a stored record keeps so `explain` can show old → new later: the store otherwise keeps
// only digests, and a digest cannot be diffed.
//
// Kept, per input key of the record:
//   code          the node's raw code (models, snapshots, singular tests: what the user edits and reviews;
//                 the repository has the same text, so keeping it reveals nothing the repository does not)
//   macro:<id>    the Jinja of each project/package macro the node may call (also repository text)
//   var:<name>    the var's resolved value as JSON, only when the name does not look secret (secret.ts),
//                 and clipped
// Never kept: env var values (not even for names that look harmless: env vars are where secrets live),
// values of vars whose name looks secret, seed CSV contents (data, not code), target/profile fields.

import type { ManifestMacro, ManifestNode } from '../dbt/manifest.js';
import { resolveVar, type ResolvedVars } from '../hash/node-hash.js';
import type { HashInput } from '../types.js';
import { looksSecret } from './secret.js';

/** Texts above this size are not kept (explain then says the old text is unavailable). */
export const MAX_TEXT_CHARS = 64 * 1024;
/** Var values are shown, not diffed: a short display is enough. */
export const MAX_VAR_CHARS = 500;

export interface TextSources {
  macros: Record<string, ManifestMacro>;
  vars: ResolvedVars;
}

/** The node's own code as a text worth diffing, or undefined (seeds, generic and unit tests). */
export function codeText(node: ManifestNode): string | undefined {
  if (node.resource_type === 'seed' || node.resource_type === 'unit_test' || node.resource_type === 'source' || node.test_metadata) return undefined;
  return node.raw_code ?? undefined;
}

/** A var's value as shown: JSON, clipped. */
export function varDisplay(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_VAR_CHARS ? `${text.slice(0, MAX_VAR_CHARS - 1)}…` : text;
}

/** The current text of one input key, under the rules above (undefined: nothing may or can be shown). */
export function currentText(key: string, node: ManifestNode, sources: TextSources): string | undefined {
  if (key === 'code') return codeText(node);
  if (key.startsWith('macro:')) return sources.macros[key.slice('macro:'.length)]?.macro_sql;
  if (key.startsWith('var:')) {
    const name = key.slice('var:'.length);
    return looksSecret(name) ? undefined : varDisplay(resolveVar(sources.vars, node.package_name, name));
  }
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
