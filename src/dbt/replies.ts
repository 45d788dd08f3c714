// Bridge replies at the door: every line python/dbt_bridge/ writes on fd 3 (an event, or the reply to a
// request) and the result of each command go through one parser here, which returns the typed value or the
// reason it is not one. bridge.ts applies them where a line arrives and where a request resolves, so a
// malformed reply is a BridgeError naming the command and the field, never a TypeError deep inside; nothing
// past the door casts. The checks follow what the Python side builds (the file named at each parser) in every
// supported dbt (1.10-1.12): a field it always sends is required, one some paths or older bridges leave out is
// optional, and fields nobody reads here are not checked (extra fields are ignored).

import { isPlainObject, type Parsed, type ShapeParser } from '../util/json-file.js';
import {
  BRIDGE_ERROR_KINDS,
  type BridgeEvent,
  type BridgeReply,
  type BuildResult,
  type ColumnsReply,
  type CompileResult,
  type CountsReply,
  type DbtNodeResult,
  type ExistingRelation,
  type FreshnessResult,
  type ListResult,
  type ParseResult,
  type RecordedRelationsResult,
  type RelationsResult,
  type RunStatusReplies,
  type TableRef,
} from './protocol.js';

/**
 * A check of one value: undefined when it has the shape T, else the problem, naming the value by `path`.
 * T is phantom: it lets the compiler hold each check to its type in ./protocol.ts (see `fields`).
 */
interface Check<T> {
  (value: unknown, path: string): string | undefined;
  readonly shape?: T;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function is<T>(what: string, test: (value: unknown) => boolean): Check<T> {
  return (value, path) => (test(value) ? undefined : `${path} is not ${what} (got ${shown(value)})`);
}

const text = is<string>('a string', (v) => typeof v === 'string');
const number = is<number>('a number', (v) => typeof v === 'number');
const whole = is<number>('a whole number', (v) => Number.isInteger(v));
const flag = is<boolean>('true or false', (v) => typeof v === 'boolean');
const anything: Check<unknown> = () => undefined;
const anyObject = is<Record<string, unknown>>('an object', isPlainObject);

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return is<T>(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) => values.some((allowed) => allowed === v));
}

function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? undefined : check(value, path));
}

function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value, path) => (value === undefined ? undefined : check(value, path));
}

function listOf<T>(check: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return `${path} is not a list (got ${shown(value)})`;
    for (const [i, item] of value.entries()) {
      const problem = check(item, `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function mapOf<T>(check: Check<T>): Check<Record<string, T>> {
  return (value, path) => {
    if (!isPlainObject(value)) return `${path} is not an object (got ${shown(value)})`;
    for (const [key, item] of Object.entries(value)) {
      const problem = check(item, `${path}[${JSON.stringify(key)}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** An object with these fields: one check per field of T, each held to the field's type. */
function fields<T>(checks: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  return (value, path) => {
    if (!isPlainObject(value)) return `${path} is not an object (got ${shown(value)})`;
    for (const key of Object.keys(checks) as Array<keyof T & string>) {
      const problem = checks[key](value[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** The door: a check as a ShapeParser (`label` names the value's root in the reason). */
function parser<T>(check: Check<T>): ShapeParser<T> {
  return (value, label): Parsed<T> => {
    const problem = check(value, label);
    return problem === undefined ? { ok: true, value: value as T } : { ok: false, reason: problem };
  };
}

// -- events and the reply envelope (python/dbt_bridge/protocol.py Wire, __main__.py, build.py) -------------

/**
 * One node's result in run_results.json's "results" item shape (python/dbt_bridge/results.py: dbt's own
 * RunResult, the NodeFinished event's copy, or a refused node); what run_results.json and the store need.
 */
const nodeResult = fields<DbtNodeResult>({
  unique_id: text,
  status: text,
  timing: listOf(fields({ name: text, started_at: nullable(text), completed_at: nullable(text) })),
  thread_id: text,
  execution_time: number,
  adapter_response: anyObject,
  message: nullable(text),
  failures: nullable(number),
  compiled: optional(nullable(flag)),
  compiled_code: optional(nullable(text)),
  relation_name: optional(nullable(text)),
  batch_results: anything,
  overload_results: anything,
});

const errorKind = oneOf(BRIDGE_ERROR_KINDS);

const events: { [E in BridgeEvent['event']]: Check<Extract<BridgeEvent, { event: E }>> } = {
  ready: fields({ event: oneOf(['ready'] as const), dbtVersion: text, python: text }),
  fatal: fields({ event: oneOf(['fatal'] as const), kind: errorKind, message: text }),
  node_start: fields({ event: oneOf(['node_start'] as const), id: whole, uniqueId: text, startedAt: text }),
  node_finish: fields({ event: oneOf(['node_finish'] as const), id: whole, uniqueId: text, result: nodeResult }),
};

const isEventName = (name: unknown): name is BridgeEvent['event'] => typeof name === 'string' && Object.hasOwn(events, name);

/** A protocol line that has an "event": one of the events the bridge sends (`label` roots the reason). */
export function parseBridgeEvent(value: unknown, label: string): Parsed<BridgeEvent> {
  const name = isPlainObject(value) ? value.event : undefined;
  if (!isEventName(name)) return { ok: false, reason: `${label} is not an event the dbt bridge sends (event ${shown(name)})` };
  return parser<BridgeEvent>(events[name])(value, name);
}

const replyId = nullable(whole);
const successReply = fields<Extract<BridgeReply, { ok: true }>>({ id: replyId, ok: is<true>('true', (v) => v === true), result: anything });
const failureReply = fields<Extract<BridgeReply, { ok: false }>>({
  id: replyId,
  ok: is<false>('false', (v) => v === false),
  error: fields({ kind: errorKind, message: text }),
});

/** A protocol line without an "event": the reply to a request, its result still unchecked (see the parsers below). */
export function parseBridgeReply(value: unknown, label: string): Parsed<BridgeReply> {
  if (!isPlainObject(value) || typeof value.ok !== 'boolean') return { ok: false, reason: `${label} has no "ok": true or false (got ${shown(value)})` };
  return value.ok ? parser(successReply)(value, label) : parser(failureReply)(value, label);
}

/** One fd-3 line, read at the door: an event (it has "event") or the reply to a request, each parsed or why not. */
export type ProtocolLine =
  | { kind: 'event'; parsed: Parsed<BridgeEvent> }
  | { kind: 'reply'; parsed: Parsed<BridgeReply> }
  | { kind: 'invalid'; reason: string };

export function parseProtocolLine(line: string): ProtocolLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: `dbt bridge wrote an invalid protocol line: ${line.slice(0, 200)}` };
  }
  if (isPlainObject(value) && value.event !== undefined) return { kind: 'event', parsed: parseBridgeEvent(value, 'event') };
  return { kind: 'reply', parsed: parseBridgeReply(value, 'reply') };
}

// -- the result of each command ------------------------------------------------------------------------

/** `deps` and `shutdown` reply with nothing (None). */
export const parseNoResult: ShapeParser<null> = parser(is<null>('null', (v) => v === null));

/** `parse` (python/dbt_bridge/project_state.py `parse`). */
export const parseParseResult: ShapeParser<ParseResult> = parser(
  fields<ParseResult>({
    manifestPath: text,
    dbtVersion: text,
    adapterVersion: text,
    target: fields({ profileName: text, targetName: text, adapterType: text, database: nullable(text), schema: text, threads: whole }),
    envVarsByUniqueId: mapOf(listOf(text)),
    projectEnvVarsHash: nullable(text),
    profileEnvVarsHash: nullable(text),
    envVarDigests: mapOf(text),
    vars: fields({ global: anyObject, byPackage: mapOf(anyObject), cli: anyObject }),
    projectName: text,
    packagesInstallPath: text,
    rereadFiles: optional(listOf(text)),
    partialParseGuard: optional(flag),
  }),
);

/** `ls` (python/dbt_bridge/selection.py `ls`). */
export const parseListResult: ShapeParser<ListResult> = parser(fields<ListResult>({ uniqueIds: listOf(text), warnings: optional(listOf(text)) }));

const relationFields = { database: nullable(text), schema: text, identifier: text, type: nullable(text) };

/** `relations` (python/dbt_bridge/warehouse.py `relations`). */
export const parseRelationsResult: ShapeParser<RelationsResult> = parser(fields<RelationsResult>({ relations: listOf(fields<ExistingRelation>(relationFields)) }));

/** `relations` with `withRecords` (python/dbt_bridge/warehouse_records.py `read_schema`). */
export const parseRecordedRelationsResult: ShapeParser<RecordedRelationsResult> = parser(
  fields<RecordedRelationsResult>({
    relations: listOf(
      fields<RecordedRelationsResult['relations'][number]>({
        ...relationFields,
        records: listOf(fields({ hash: text, uniqueId: nullable(text), kind: nullable(text), runId: nullable(text), recordedAt: nullable(text), matches: flag })),
      }),
    ),
    schemas: listOf(fields({ database: nullable(text), schema: text, recordsTable: flag, recordsError: nullable(text) })),
  }),
);

/** `freshness` (python/dbt_bridge/warehouse.py `freshness`). */
export const parseFreshnessResult: ShapeParser<FreshnessResult> = parser(
  fields<FreshnessResult>({
    results: listOf(
      fields({ uniqueId: text, status: text, maxLoadedAt: nullable(text), snapshottedAt: nullable(text), ageSeconds: nullable(number), error: nullable(text) }),
    ),
  }),
);

/** `compile` (python/dbt_bridge/compile_sql.py). */
export const parseCompileResult: ShapeParser<CompileResult> = parser(
  fields<CompileResult>({ results: listOf(fields({ uniqueId: text, compiledCode: nullable(text), error: nullable(text) })) }),
);

const tableRef = { database: nullable(text), schema: text, identifier: text } satisfies { [K in keyof TableRef]: Check<TableRef[K]> };

/** `impact` with what=columns (python/dbt_bridge/impact.py `Impact.columns`). */
export const parseColumnsReply: ShapeParser<ColumnsReply> = parser(
  fields<ColumnsReply>({
    method: oneOf(['catalog', 'adapter'] as const),
    relations: listOf(fields({ ...tableRef, columns: nullable(listOf(fields({ name: text, type: text }))), error: nullable(text) })),
  }),
);

/** `impact` with what=counts (python/dbt_bridge/impact.py `Impact.counts`). */
export const parseCountsReply: ShapeParser<CountsReply> = parser(
  fields<CountsReply>({ relations: listOf(fields({ ...tableRef, rows: optional(whole), timedOut: optional(flag), error: optional(text) })) }),
);

/** `build` (python/dbt_bridge/build.py `build`). */
export const parseBuildResult: ShapeParser<BuildResult> = parser(
  fields<BuildResult>({
    success: flag,
    results: listOf(nodeResult),
    elapsedTime: number,
    error: optional(text),
    recordWarnings: optional(listOf(text)),
  }),
);

/** The reply of each `run_status` op (python/dbt_bridge/run_status.py `command`). */
const runStatusParsers: { [Op in keyof RunStatusReplies]: ShapeParser<RunStatusReplies[Op]> } = {
  begin: parser(fields<RunStatusReplies['begin']>({ table: text, cleanupError: nullable(text) })),
  delete_run: parser(fields<RunStatusReplies['delete_run']>({ table: text, error: optional(text) })),
  read: parser(
    fields<RunStatusReplies['read']>({
      rows: listOf(fields({ uniqueId: text, shard: nullable(text), status: text, message: nullable(text) })),
      errors: listOf(text),
    }),
  ),
  write: parser(anyObject),
  finish: parser(fields<RunStatusReplies['finish']>({ errors: listOf(text) })),
};

export function parseRunStatusReply<Op extends keyof RunStatusReplies>(op: Op): ShapeParser<RunStatusReplies[Op]> {
  return runStatusParsers[op];
}

/** One node result alone (the unit tests check it; node_finish events and build replies hold it). */
export const parseDbtNodeResult: ShapeParser<DbtNodeResult> = parser(nodeResult);
