// Merkle hash of every node: a flat, named record of everything that can change what the node produces
// (turborepo-style), so a miss can be explained input by input. Each input is listed with a comment
// saying why it is part of the key. When in doubt an input is included: a needless rebuild costs
// money, a wrong reuse serves stale data.

import type { ManifestMacro, ManifestNode } from '../dbt/manifest.js';
import type { ProjectGraph } from '../graph/graph.js';
import type { HashInput, NodeHash } from '../types.js';
import { digestOf, sha256 } from './digest.js';
import { normalisedCodeDigest } from './code-equivalence.js';
import { linkHashes, type HashLinks } from './link.js';
import { MacroIndex } from './macro-index.js';
import { columnSpec, scanMetadataReads, scanTargetReads, splitConfig, type MetadataReads, type TargetReads } from './metadata.js';
import { copyReferences, scanEnvVarReads, scanVarReads, stringsIn, type References } from './scan.js';

export { HASH_SCHEME } from './link.js';
export type { EffectiveHash, HashLinks, KeepRule } from './link.js';

export const UNSET = '<unset>';

export interface ResolvedVars {
  global: Record<string, unknown>;
  byPackage: Record<string, Record<string, unknown>>;
  cli: Record<string, unknown>;
}

export interface HashGlobals {
  dbtVersion: string;
  adapterVersion: string;
  adapterType: string;
  targetName: string;
  targetDatabase: string | null;
  targetSchema: string;
  projectEnvVarsHash: string | null;
}

/** What a node's own inputs are computed from (everything but its parents' hashes and source data). */
export interface OwnHashContext {
  graph: ProjectGraph;
  macros: Record<string, ManifestMacro>;
  globals: HashGlobals;
  vars: ResolvedVars;
  /** Env var names dbt saw each node/macro/source's file read while parsing. */
  envVarsByUniqueId: Record<string, string[]>;
  /** Digest of an env var's current value (never the value itself: it may be a secret). */
  envValueDigest(name: string): string;
  /** Bytes of a seed's CSV file, or undefined when it cannot be read. */
  readSeedFile(node: ManifestNode): Uint8Array | undefined;
}

export type HashContext = OwnHashContext & HashLinks;


function materializationOf(node: ManifestNode): string {
  switch (node.resource_type) {
    case 'seed':
      return 'seed';
    case 'snapshot':
      return 'snapshot';
    case 'test':
      return 'test';
    case 'unit_test':
      return 'unit';
    default:
      return String(node.config.materialized ?? 'view');
  }
}

function nodeCode(node: ManifestNode, ctx: OwnHashContext): { digest: string; note?: string } {
  if (node.resource_type === 'seed') {
    // dbt's own seed checksum degrades to the file path above 1 MiB; we always hash the bytes.
    const bytes = ctx.readSeedFile(node);
    if (bytes === undefined) return { digest: sha256(`unreadable-seed:${node.unique_id}:${Date.now()}:${Math.random()}`), note: 'seed file unreadable' };
    return { digest: sha256(bytes) };
  }
  if (node.resource_type === 'unit_test') {
    return { digest: digestOf({ model: node.model, given: node.given, expect: node.expect, overrides: node.overrides, versions: node.versions ?? null }) };
  }
  // Generic tests share one raw_code; their identity is the test macro plus its arguments.
  return { digest: digestOf({ raw_code: node.raw_code ?? null, language: node.language ?? null, test_metadata: node.test_metadata ?? null }) };
}

function relationIdentity(node: ManifestNode): unknown {
  return {
    database: node.database ?? null,
    schema: node.schema ?? null,
    alias: node.alias ?? null,
    identifier: node.identifier ?? null,
    relation_name: node.relation_name ?? null,
  };
}

/** Declared columns as far as they shape the relation (see metadata.ts columnSpec), and the contract flags. */
function columnsInput(node: ManifestNode): unknown {
  const persistDocs = (node.config.persist_docs ?? {}) as { columns?: boolean; relation?: boolean };
  const contract = (node.contract ?? {}) as { enforced?: boolean; alias_types?: boolean };
  return {
    columns: columnSpec((node.columns ?? {}) as Record<string, Record<string, unknown>>, Boolean(persistDocs.columns)),
    contract: { enforced: contract.enforced ?? false, alias_types: contract.alias_types ?? null },
    description: persistDocs.relation ? ((node as { description?: string }).description ?? '') : null,
  };
}

function columnsMatter(node: ManifestNode): boolean {
  const contract = node.config.contract as { enforced?: boolean } | undefined;
  const persistDocs = node.config.persist_docs as { columns?: boolean; relation?: boolean } | undefined;
  return Boolean(contract?.enforced || persistDocs?.columns || persistDocs?.relation);
}

export function resolveVar(vars: ResolvedVars, packageName: string, name: string): unknown {
  if (Object.hasOwn(vars.cli, name)) return vars.cli[name];
  const scoped = vars.byPackage[packageName];
  if (scoped && Object.hasOwn(scoped, name)) return scoped[name];
  if (Object.hasOwn(vars.global, name)) return vars.global[name];
  return UNSET;
}

function allVarsFor(vars: ResolvedVars, packageName: string): Record<string, unknown> {
  return { ...vars.global, ...(vars.byPackage[packageName] ?? {}), ...vars.cli };
}

function sourceHash(source: ManifestNode, ctx: OwnHashContext, envVars: string[]): HashInput[] {
  return [
    // Where the source data lives: moving the source points every reader at other data.
    { key: 'source', digest: digestOf({ ...(relationIdentity(source) as object), external: source.external ?? null, quoting: source.config?.quoting ?? null }) },
    // How freshness is measured: the later data-state input reads through these.
    { key: 'loaded_at', digest: digestOf({ field: source.loaded_at_field ?? null, query: source.loaded_at_query ?? null }) },
    ...envVars.map((name) => ({ key: `env:${name}`, digest: ctx.envValueDigest(name) })),
    // The source's relation is hashed above: the target counts only through the adapter that reads it.
    { key: 'target', digest: targetDigest(ctx.globals, { all: false, attributes: new Set() }) },
  ];
}

/**
 * The adapter, and the target attributes the node's Jinja reads (`target.name`, `target.schema`, …; all of
 * them when it reads the target as a whole). The target's database and schema reach a node through its
 * relation, hashed as `relation`, so renaming a target or moving a schema nobody reads rebuilds nothing.
 */
function targetDigest(g: HashGlobals, reads: TargetReads): string {
  const known: Record<string, unknown> = { name: g.targetName, database: g.targetDatabase, schema: g.targetSchema, type: g.adapterType };
  const read: Record<string, unknown> = {};
  const attributes = reads.all ? [...Object.keys(known), ...reads.attributes] : [...reads.attributes];
  for (const attribute of [...new Set(attributes)].sort()) {
    // An attribute we do not know the value of (user, threads, a profile field) is named with the target, so a
    // change of target is a change for that node.
    read[attribute] = attribute in known ? known[attribute] : { unknown: attribute, target: g.targetName, database: g.targetDatabase, schema: g.targetSchema };
  }
  return digestOf({ adapter: g.adapterType, read });
}

/** Digests every node of a run shares, and the target digest per distinct set of target reads. */
interface SharedDigests {
  versions: string;
  projectEnv: string;
  target(reads: TargetReads): string;
  /** The config's digests: its data (key `config`), and each metadata key that stays metadata (`meta:<key>`). */
  config(config: Record<string, unknown>, reads: MetadataReads): ConfigDigests;
}

interface ConfigDigests {
  data: string;
  metadata: Array<[key: string, digest: string]>;
}

function sharedDigests(g: HashGlobals): SharedDigests {
  const targets = new Map<string, string>();
  // Most nodes share their config with others (folder-level configs): kept under the config's JSON.stringify
  // text, which V8 writes natively, far faster than canonicalJson. Equal texts are equal JSON values (the
  // manifest's), so this only shortcuts what splitConfig and digestOf would compute again.
  const configs = new Map<string, ConfigDigests>();
  return {
    versions: digestOf({ dbt: g.dbtVersion, adapter: g.adapterVersion }),
    projectEnv: digestOf({ project: g.projectEnvVarsHash }),
    target(reads) {
      const key = `${reads.all}:${[...reads.attributes].sort().join(',')}`;
      let digest = targets.get(key);
      if (digest === undefined) targets.set(key, (digest = targetDigest(g, reads)));
      return digest;
    },
    config(config, reads) {
      const key = `${[...reads.keys].sort().join(',')}\n${JSON.stringify(config)}`;
      let digests = configs.get(key);
      if (digests === undefined) {
        const split = splitConfig(config, reads);
        digests = {
          data: digestOf(split.data),
          metadata: Object.keys(split.metadata).sort().map((k) => [k, digestOf(split.metadata[k])]),
        };
        configs.set(key, digests);
      }
      return digests;
    },
  };
}

function nodeInputs(node: ManifestNode, ctx: OwnHashContext, index: MacroIndex, shared: SharedDigests): HashInput[] {
  const inputs: HashInput[] = [];
  const add = (key: string, digest: string): void => {
    inputs.push({ key, digest });
  };

  // Every macro the node may call (its static calls, the materialization it runs through, transitively) and
  // what their Jinja reads: macro-index.ts, once per distinct set of calls.
  const macros = index.factsFor(materializationOf(node), node.depends_on?.macros ?? []);
  // The node's own Jinja: its code and its configs. It evaluates these, its macros' Jinja and the global overrides'.
  const own = [node.raw_code ?? '', ...stringsIn(node.unrendered_config ?? {}), ...stringsIn(node.test_metadata?.kwargs ?? {})];
  const metadataReads = scanMetadataReads(own, macros.metadata);

  // What the node is: the same SQL as another node still writes somewhere else.
  add('resource', digestOf({ resource_type: node.resource_type, unique_id: node.unique_id, fqn: node.fqn }));
  // The code itself (seed: the CSV bytes; generic test: macro + arguments; unit test: fixtures).
  add('code', nodeCode(node, ctx).digest);
  // Its normal form (comments/whitespace gone) for SQL models, outside the hash: see code-equivalence.ts.
  const normal = macros.readsOwnCode ? undefined : normalisedCodeDigest(node, own, metadataReads);
  if (normal !== undefined) inputs[inputs.length - 1]!.normal = normal;
  // Resolved config: materialization, hooks, grants, incremental strategy, column types... Metadata keys
  // (tags, meta, group, docs, access) are inputs of their own, of kind metadata, unless the node's Jinja reads them.
  const config = shared.config(node.config, metadataReads);
  add('config', config.data);
  for (const [key, digest] of config.metadata) inputs.push({ key: `meta:${key}`, digest, kind: 'metadata' });
  // Where the result is written.
  add('relation', digestOf(relationIdentity(node)));
  if (columnsMatter(node)) add('columns', digestOf(columnsInput(node)));
  // User macros it may call (built-in ones change only with dbt/adapter versions, an input of their own), and
  // user macros overriding dbt built-ins (generate_schema_name, create_table_as...), which reach every node.
  for (const input of macros.inputs) add(input.key, input.digest);

  // Vars: dbt does not record which vars a node reads, so we scan its Jinja and its macros' Jinja.
  const varRefs = scanVarReads(own, copyReferences(macros.vars));
  if (varRefs.dynamic) add('vars:*', digestOf(allVarsFor(ctx.vars, node.package_name)));
  for (const name of [...varRefs.names].sort()) add(`var:${name}`, digestOf(resolveVar(ctx.vars, node.package_name, name)));

  // Env vars: what dbt saw read while parsing, plus static reads in branches parsing did not take.
  const envRefs: References = scanEnvVarReads(own, copyReferences(macros.envVars));
  for (const name of ctx.envVarsByUniqueId[node.unique_id] ?? []) envRefs.names.add(name);
  for (const name of macros.parsedEnvVars) envRefs.names.add(name);
  for (const name of [...envRefs.names].sort()) {
    // dbt forbids secret env vars outside profiles and packages; never let one into a hash record.
    if (name.startsWith('DBT_ENV_SECRET')) continue;
    add(`env:${name}`, ctx.envValueDigest(name));
  }

  // Where and with what the node runs: the adapter, and what the node's Jinja reads of the target (macros that
  // only name its relation left out: macro-index.ts).
  add('target', shared.target(scanTargetReads(own, macros.target)));
  add('versions', shared.versions);
  // Env vars read by dbt_project.yml can change any config (dbt keeps a digest of them). Those read by
  // profiles.yml are deliberately left out: they are mostly credentials, and what they select (database,
  // schema, adapter) is already in the target input.
  add('project-env', shared.projectEnv);
  // Microbatch models build the batches between --event-time-start/--event-time-end (dbt reads them
  // from these env vars too): another window is another result.
  if (node.config.incremental_strategy === 'microbatch') {
    add('event-time', digestOf({ start: ctx.envValueDigest('DBT_EVENT_TIME_START'), end: ctx.envValueDigest('DBT_EVENT_TIME_END') }));
  }
  // --full-refresh is not an input: rebuilding an incremental model, seed or snapshot from scratch gives the
  // relation the same code and upstream describe, so the next normal run reuses it instead of building again.
  return inputs;
}

/**
 * Every node's and source's own inputs: all but its parents' hashes and source data states, so they do not
 * depend on what the run selects (hash:modified compares these) and are computed once per run.
 */
export function ownInputs(ctx: OwnHashContext): Map<string, HashInput[]> {
  const index = new MacroIndex(ctx.macros, ctx.globals.adapterType, ctx.envVarsByUniqueId);
  const shared = sharedDigests(ctx.globals);
  const own = new Map<string, HashInput[]>();
  for (const [id, node] of ctx.graph.nodes) {
    own.set(id, node.resource_type === 'source' ? sourceHash(node, ctx, ctx.envVarsByUniqueId[id] ?? []) : nodeInputs(node, ctx, index, shared));
  }
  return own;
}

/** Hashes of every node and source in the graph, parents before children. */
export function computeHashes(ctx: HashContext): Map<string, NodeHash> {
  return linkHashes(ctx.graph, ownInputs(ctx), ctx);
}
