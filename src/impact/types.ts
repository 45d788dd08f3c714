// PR impact: what a pull request does to the data of the relations it rebuilt, against production.
// The report the engine returns (the wire types of the bridge request are in src/dbt/protocol.ts).

import type { Column } from '../dbt/protocol.js';

export type { Column };

export interface ColumnChange {
  name: string;
  from: string;
  to: string;
}

export interface ColumnDiff {
  added: Column[];
  removed: Column[];
  retyped: ColumnChange[];
}

export type SchemaComparison =
  | { kind: 'compared'; diff: ColumnDiff }
  /** Not in production's manifest (or not a relation there): every column is new. */
  | { kind: 'new'; columns: Column[] }
  | { kind: 'unavailable'; reason: string };

export interface SchemaImpact {
  uniqueId: string;
  name: string;
  /** schema.identifier of the relation the PR built, and of production's. */
  relation: string;
  productionRelation?: string;
  /** One of the nodes the PR modified (else a rebuilt descendant). */
  modified: boolean;
  comparison: SchemaComparison;
}

export type RowCount = { kind: 'rows'; rows: number } | { kind: 'timed-out' } | { kind: 'absent' } | { kind: 'error'; message: string };

export interface RowImpact {
  uniqueId: string;
  name: string;
  modified: boolean;
  production: RowCount;
  pr: RowCount;
}

export interface ImpactReport {
  schema: { available: true; method: 'catalog' | 'adapter'; nodes: SchemaImpact[] } | { available: false; reason: string };
  /** Present when row counts were asked for (`impact: rows`). */
  rows?: { available: true; timeoutSeconds: number; nodes: RowImpact[] } | { available: false; reason: string };
}

/** What the engine is asked to collect (EngineOptions.impact); schema changes always, counts when `rows`. */
export interface ImpactOptions {
  rows: boolean;
  timeoutSeconds: number;
}
