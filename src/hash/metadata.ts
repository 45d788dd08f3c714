// Which of a node's inputs can change the data (or the physical form) of what it builds, and which are only
// metadata. A metadata-only edit (tags, meta, owner/group, docs display, access, descriptions) must not rebuild
// anything; but metadata the node's own Jinja can read (`config.get('meta')`, `model.tags`, the `graph`
// object, …) can change its SQL, so for that node it counts as data. Reads are found by scanning the node's
// Jinja and the Jinja of every macro it may call, as var reads are (scan.ts); a read that cannot be resolved
// statically makes every metadata key data for that node.

/** Config keys that only describe a node; every other key (materialized, grants, hooks, …) stays data. */
export const METADATA_CONFIG_KEYS = ['tags', 'meta', 'group', 'docs', 'access'] as const;
const METADATA_KEYS: ReadonlySet<string> = new Set(METADATA_CONFIG_KEYS);

export interface MetadataReads {
  /** Every metadata key counts as data (a dynamic read, or the whole config/graph is read). */
  all: boolean;
  keys: Set<string>;
}

const DYNAMIC_READS = [
  /(?<![\w.])graph\b/, // graph.nodes: every node's config and metadata
  /(?<![\w.])model\s*\.\s*config\b/, // the whole config
  /(?<![\w.])model\s*\[\s*[^'"\s]/, // model[computed]
  /(?<![\w.])model\s*\.\s*(?:items|keys|values|get)\b/,
  /(?<![\w.])model\s*[|,)]/, // the node object handed on (to a filter, a macro)
  /(?<![\w.])config\s*\.\s*(?:get|require)\s*\(\s*(?!['"])/, // config.get(computed)
];

function keyRead(key: string): RegExp[] {
  return [
    new RegExp(`(?<![\\w.])config\\s*\\.\\s*(?:get|require)\\s*\\(\\s*['"]${key}['"]`),
    new RegExp(`(?<![\\w.])model\\s*\\.\\s*${key}\\b`),
    new RegExp(`(?<![\\w.])model\\s*\\[\\s*['"]${key}['"]`),
  ];
}

const KEY_READS = new Map(METADATA_CONFIG_KEYS.map((key) => [key, keyRead(key)]));

/** The metadata reads of `texts`, added to those of `from` (texts scanned before; not changed). */
export function scanMetadataReads(texts: Iterable<string>, from?: MetadataReads): MetadataReads {
  const reads: MetadataReads = { all: from?.all ?? false, keys: new Set(from?.keys) };
  for (const text of texts) {
    // Every pattern names `graph`, `model` or `config` (and a key pattern its key): a text without the word
    // cannot match, and most texts (plain SQL) have none of them.
    const model = text.includes('model');
    const config = text.includes('config');
    if (!model && !config && !text.includes('graph')) continue;
    if (!reads.all && DYNAMIC_READS.some((re) => re.test(text))) reads.all = true;
    if (!model && !config) continue;
    for (const [key, patterns] of KEY_READS) if (!reads.keys.has(key) && text.includes(key) && patterns.some((re) => re.test(text))) reads.keys.add(key);
  }
  if (reads.all) for (const key of METADATA_CONFIG_KEYS) reads.keys.add(key);
  return reads;
}

/** The node's config split into what can change its data and what only describes it. */
export function splitConfig(config: Record<string, unknown>, reads: MetadataReads): { data: Record<string, unknown>; metadata: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  for (const key of Object.keys(config)) {
    if (METADATA_KEYS.has(key) && !reads.keys.has(key)) metadata[key] = config[key];
    else data[key] = config[key];
  }
  return { data, metadata };
}

export interface TargetReads {
  /** The node reads the target object as a whole (passes it on, indexes it with a computed key). */
  all: boolean;
  attributes: Set<string>;
}

const TARGET_ATTRIBUTE = /(?<![\w.])target\s*\.\s*([A-Za-z_]\w*)/g;
const TARGET_DYNAMIC = /(?<![\w.])target\s*(?:\[|[|,)]|\.\s*(?:get|items|keys|values)\b)/;

/** Which target attributes (target.name, target.schema, …) the node's Jinja reads, added to those of `from`. */
export function scanTargetReads(texts: Iterable<string>, from?: TargetReads): TargetReads {
  const reads: TargetReads = { all: from?.all ?? false, attributes: new Set(from?.attributes) };
  for (const text of texts) {
    if (!text.includes('target')) continue; // both patterns name it
    if (TARGET_DYNAMIC.test(text)) reads.all = true;
    for (const match of text.matchAll(TARGET_ATTRIBUTE)) reads.attributes.add(match[1]!);
  }
  return reads;
}

/**
 * The macros whose whole output is the node's relation name (dbt renders them at parse time into
 * database/schema/alias, which are hashed as the relation): what they read of the target reaches the node
 * only through that relation, so their target reads are not the node's.
 */
export const RELATION_NAMING_MACROS = new Set(['generate_schema_name', 'generate_database_name', 'generate_alias_name']);

export interface ColumnSpec {
  name: string;
  data_type: unknown;
  constraints: unknown;
  description?: unknown;
}

/** What of the declared columns can change the relation: names, types and constraints (contracts), and
 * descriptions only when they are persisted into the warehouse (`persist_docs.columns`). */
export function columnSpec(columns: Record<string, Record<string, unknown>>, persistColumnDocs: boolean): ColumnSpec[] {
  return Object.keys(columns)
    .sort()
    .map((key) => {
      const column = columns[key] ?? {};
      const spec: ColumnSpec = { name: String(column.name ?? key), data_type: column.data_type ?? null, constraints: column.constraints ?? [] };
      if (persistColumnDocs) spec.description = column.description ?? '';
      return spec;
    });
}
