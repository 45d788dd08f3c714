// Comment- and whitespace-only edits of a model's SQL. Two digests, both pure:
//
//   - the *equivalence* digest of a node: its hash with the code input replaced by the digest of its normalised
//     raw code (normalise-sql.ts), and each ephemeral parent contributing its own equivalence digest (its SQL is
//     compiled into the node). Equal equivalence digests and different hashes mean: only comments/whitespace of
//     the node or of ephemeral models it inlines changed. That is only a *candidate* for reuse: Jinja can turn
//     whitespace into data (a `{% set %}` block, a macro that opens a literal), so the candidate is compiled by
//     dbt and reused only when its normalised compiled SQL equals the one recorded when it was built;
//   - the *compiled* digest: the normalised compiled SQL, keyed like env-var digests (salt.ts), since compiled
//     SQL has var and env values rendered in.
//
// Only SQL models take part. Python models (indentation and `#` are code), seeds, snapshots and tests keep
// their raw code digest; so does a node whose Jinja (or a macro it calls) reads its own code (`model.raw_code`,
// `compiled_code`, the `graph`, the whole `model` object), since a comment would then be data.

import { createHmac } from 'node:crypto';
import { isEphemeral, type ManifestNode } from '../dbt/manifest.js';
import type { HashInput } from '../types.js';
import { canonicalInputList, sha256 } from './digest.js';
import { normaliseSql } from './normalise-sql.js';
import { scanMetadataReads, type MetadataReads } from './metadata.js';

const OWN_CODE_READ = /\b(?:raw_code|raw_sql|compiled_code|compiled_sql|injected_sql|sql_header)\b/;

/** The nodes whose code may be compared in normal form. */
export function takesPart(node: ManifestNode): boolean {
  return node.resource_type === 'model' && (node.language ?? 'sql') === 'sql';
}

/** Whether some of the texts reads a node's own code (then a comment in it is data). */
export function readsOwnCode(texts: readonly string[]): boolean {
  return texts.some((text) => OWN_CODE_READ.test(text));
}

/**
 * Digest of the node's raw code in normal form, or undefined when it cannot take part (then its raw code
 * digest stands in the equivalence digest, and any edit of its code makes it no candidate). `metadataReads`:
 * the metadata reads of jinjaTexts (and of any texts the caller checked with readsOwnCode itself), when known.
 */
export function normalisedCodeDigest(node: ManifestNode, jinjaTexts: string[], metadataReads?: MetadataReads): string | undefined {
  if (!takesPart(node) || typeof node.raw_code !== 'string') return undefined;
  if (readsOwnCode(jinjaTexts) || (metadataReads ?? scanMetadataReads(jinjaTexts)).all) return undefined;
  const normal = normaliseSql(node.raw_code);
  return normal.ok ? sha256(`normalised-sql:${normal.text}`) : undefined;
}

/** Keyed digest of compiled SQL in normal form; undefined when it cannot be normalised with certainty. */
export function compiledSqlDigest(compiledCode: string | null | undefined, saltKey: string): string | undefined {
  if (typeof compiledCode !== 'string') return undefined;
  const normal = normaliseSql(compiledCode, { jinja: false });
  return normal.ok ? createHmac('sha256', saltKey).update(`compiled-sql:${normal.text}`).digest('hex') : undefined;
}

/** The equivalence digest of a SQL model from its hash inputs; undefined for every other node. */
export function equivalenceDigest(
  node: ManifestNode,
  inputs: HashInput[],
  scheme: string,
  nodeOf: (uniqueId: string) => ManifestNode | undefined,
  equivalenceOf: (uniqueId: string) => string | undefined,
): string | undefined {
  if (!takesPart(node)) return undefined;
  const replaced = inputs
    .filter((i) => i.kind !== 'metadata')
    .map((i) => {
      if (i.key === 'code') return { key: i.key, digest: i.normal ?? i.digest };
      const parent = i.key.startsWith('upstream:') ? nodeOf(i.key.slice('upstream:'.length)) : undefined;
      // An ephemeral parent is compiled into this node: its comments and whitespace are this node's.
      if (parent && isEphemeral(parent)) return { key: i.key, digest: equivalenceOf(parent.unique_id) ?? i.digest };
      return { key: i.key, digest: i.digest };
    });
  return sha256(canonicalInputList(`${scheme}/equivalence`, replaced));
}
