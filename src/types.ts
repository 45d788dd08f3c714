// Domain types shared across the engine's modules. The pure core (graph, hash, plan) only sees these.

import type { DbtNodeResult } from './dbt/protocol.js';

/** Resource types the engine executes (everything else is only a hash input). */
export type ExecutableType = 'model' | 'seed' | 'snapshot' | 'test' | 'unit_test';

/** One named input of a node's hash and the digest of its value. */
export interface HashInput {
  /** e.g. "code", "config", "macro:macro.jaffle_shop.cents_to_dollars", "upstream:model.x.y", "var:start_date". */
  key: string;
  digest: string;
  /** A human-readable value for inputs that are not secret and explain a change (source data states). */
  value?: string;
  /**
   * `metadata`: describes the node but cannot change what it builds (tags, meta, group, docs, access). Left out
   * of `hash`; a change of these alone reuses the node and refreshes its record.
   */
  kind?: 'metadata';
  /**
   * `code` of a SQL model only: the digest of the code in normal form (comments and whitespace gone,
   * hash/code-equivalence.ts). Not part of the hash; it feeds the node's equivalence digest.
   */
  normal?: string;
}

export interface NodeHash {
  uniqueId: string;
  /** sha256 over the canonical JSON of the data inputs (`kind` unset) plus the hash scheme version. */
  hash: string;
  /** The same over everything but source data states: equal code hashes + different hashes = only data changed. */
  codeHash: string;
  inputs: HashInput[];
  /**
   * SQL models only (hash/code-equivalence.ts): the hash with the code in normal form (comments and whitespace
   * gone) and ephemeral parents by their own equivalence digest. Equal to a stored one while the hash differs:
   * a candidate for reuse, once its compiled SQL is checked.
   */
  equivalence?: string;
}

/** Where a node's result lives. Tests without a relation use a synthetic slot. */
export interface Slot {
  /** Stable key: the fully qualified relation name, or "test:<unique_id>@<database>.<schema>". */
  key: string;
  /** Relation to verify in the warehouse; null when the node has no relation (tests, unit tests). */
  relation: { database: string | null; schema: string; identifier: string } | null;
}

export type DecisionKind = 'run' | 'reuse' | 'skip';

export interface Decision {
  uniqueId: string;
  decision: DecisionKind;
  /** Human readable: "no previous result", "macro `cents_to_dollars` changed", "upstream `stg_orders` changed", ... */
  reason: string;
  /** Reused although its metadata changed: the stored record is rewritten to describe the new metadata. */
  refreshRecord?: boolean;
}

/** One row of a run's plan: a selected node, what the run does with it and why, its hash. */
export interface PlannedNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  decision: DecisionKind | 'ephemeral';
  reason: string;
  hash: string;
  inputs: HashInput[];
}

/** What the store keeps per successful (or failed) execution, keyed by node hash. */
export interface StoredResult {
  hash: string;
  uniqueId: string;
  status: string; // dbt status of the recorded run: success | pass | warn
  slot: string;
  relationName: string | null;
  inputs: HashInput[];
  /** The dbt result (timings, adapter response, message) of the run that produced this hash. */
  result: DbtNodeResult;
  recordedAt: string;
  runId: string;
  codeHash?: string;
  /**
   * Display texts of some inputs, by input key, so `explain` can show old → new (src/explain/texts.ts):
   * the node's raw code, its macros' Jinja, values of vars whose name does not look secret. Never an env var
   * value or a secret-looking var's value. Absent in records written before explain existed.
   */
  texts?: Record<string, string>;
  /** The node's equivalence digest when it was built (see NodeHash). Absent in older records: they just rebuild. */
  equivalence?: string;
  /** Keyed digest of the normalised compiled SQL it was built with (hash/code-equivalence.ts), never the SQL. */
  compiledDigest?: string;
  /**
   * Set on a record written for a comment/whitespace-only edit: the hash of the build whose relation these
   * inputs were checked (compiled SQL) to be equivalent to. The slot keeps pointing at that build.
   */
  equivalentOf?: string;
}

/** What a slot holds now: the hash of the last result written into it by us. */
export interface SlotState {
  slot: string;
  hash: string;
  uniqueId: string;
  recordedAt: string;
  runId: string;
  codeHash?: string;
}

/**
 * The content-addressed store. Small on purpose (wireit-style): backends only get and put JSON records.
 * Implementations never throw for unreadable/corrupt data: they warn and behave as if empty.
 */
export interface ResultStore {
  getResult(hash: string): Promise<StoredResult | undefined>;
  getSlot(slot: string): Promise<SlotState | undefined>;
  /**
   * Records a finished node atomically: the result under its hash and the slot pointing at it. A result already
   * stored under the hash is kept, unless `replace` (a metadata-only change: same data, newer description).
   * `keepSlot`: the result only (a comment/whitespace-only edit: the slot still holds the build it is equivalent to).
   */
  record(result: StoredResult, options?: { replace?: boolean; keepSlot?: boolean }): Promise<void>;
  /** Forgets what a slot holds (the node was rebuilt and failed, so its relation content is unknown). */
  clearSlot(slot: string): Promise<void>;
}

/** One attempt of a node that did not succeed. */
export interface AttemptError {
  attempt: number;
  status: string;
  message: string;
}

/** Final state of one selected node after execution, the input of every report. */
export interface NodeOutcome {
  uniqueId: string;
  resourceType: string;
  name: string;
  decision: DecisionKind;
  reason: string;
  hash: string;
  /** For executed nodes: the dbt result of the last attempt. */
  result?: DbtNodeResult;
  /** For reused nodes: the stored result of the run that built this hash. */
  reusedFrom?: StoredResult;
  /** For skipped nodes (by us or by dbt): the failing upstream that caused it. */
  skippedBecauseOf?: string;
  /** Number of dbt executions of this node in this run (0 for reused/skipped). */
  attempts: number;
  /** Attempts that did not succeed, in order (empty when the first attempt succeeded). */
  attemptErrors?: AttemptError[];
  /** Final status (src/status.ts): dbt's status, or "reused", "skipped", "not-run", "interrupted". */
  status: string;
}

/** Metadata about one engine run, shared by the reports. */
export interface RunInfo {
  runId: string;
  command: string;
  startedAt: string;
  finishedAt: string;
  elapsedSeconds: number;
  dbtVersion: string;
  adapterType: string;
  /** The CLI arguments as the user gave them (secrets are never passed as args). */
  args: Record<string, unknown>;
}
