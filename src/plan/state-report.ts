// The orchestrator.json of another run (production's, or a --state folder's), read at the door: either the
// node hash records it holds, or a reason a human can act on. Nothing downstream sees an unchecked file,
// so a truncated download or a file from something else is a clear message, never a TypeError.

import { readFileSync, statSync } from 'node:fs';
import type { HashInput } from '../types.js';
import type { HashedNode } from './modified.js';

export interface StateReport {
  /** The hash records of every node of that run (ephemeral ones included). */
  nodes: HashedNode[];
}

export type StateReportRead = { ok: true; report: StateReport } | { ok: false; reason: string };

/** Parses the text of an orchestrator.json; `label` names the file in the reason. */
export function parseStateReport(text: string, label = 'orchestrator.json'): StateReportRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${label} is not valid JSON (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200)})` };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { ok: false, reason: `${label} is not a JSON object` };
  const nodes = (doc as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return { ok: false, reason: `${label} has no "nodes" list (is it an orchestrator.json written by dbt-orchestrator?)` };
  const out: HashedNode[] = [];
  for (const [i, node] of nodes.entries()) {
    const parsed = hashedNode(node);
    if (typeof parsed === 'string') return { ok: false, reason: `${label}: nodes[${i}] ${parsed}` };
    out.push(parsed);
  }
  return { ok: true, report: { nodes: out } };
}

/** Reads and parses an orchestrator.json file. */
export function readStateReport(path: string, label = 'orchestrator.json'): StateReportRead {
  try {
    if (!statSync(path).isFile()) return { ok: false, reason: `${label} is not a file` };
    return parseStateReport(readFileSync(path, 'utf8'), label);
  } catch (error) {
    return { ok: false, reason: `cannot read ${label} (${error instanceof Error ? error.message : String(error)})` };
  }
}

function hashedNode(value: unknown): HashedNode | string {
  if (value === null || typeof value !== 'object') return 'is not an object';
  const v = value as Record<string, unknown>;
  for (const field of ['uniqueId', 'name', 'resourceType'] as const) {
    if (typeof v[field] !== 'string' || v[field] === '') return `has no "${field}" string`;
  }
  if (!Array.isArray(v.inputs)) return `(${String(v.uniqueId)}) has no "inputs" list`;
  const inputs: HashInput[] = [];
  for (const input of v.inputs as unknown[]) {
    const i = input as Record<string, unknown> | null;
    if (!i || typeof i.key !== 'string' || typeof i.digest !== 'string') return `(${String(v.uniqueId)}) has an input without "key" and "digest" strings`;
    inputs.push(typeof i.value === 'string' ? { key: i.key, digest: i.digest, value: i.value } : { key: i.key, digest: i.digest });
  }
  return { uniqueId: v.uniqueId as string, name: v.name as string, resourceType: v.resourceType as string, inputs };
}

/**
 * A state folder's manifest.json is dbt's to read, but a truncated or foreign file must be caught here,
 * where a missing state has a policy, rather than in dbt's selection. Checks it is a JSON object with
 * dbt's `nodes` mapping.
 */
export function checkStateManifest(path: string, label = 'manifest.json'): { ok: true } | { ok: false; reason: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, reason: `${label} is not valid JSON (${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200)})` };
  }
  const nodes = doc !== null && typeof doc === 'object' ? (doc as { nodes?: unknown }).nodes : undefined;
  if (nodes === null || typeof nodes !== 'object' || Array.isArray(nodes)) return { ok: false, reason: `${label} has no "nodes" mapping (is it a dbt manifest?)` };
  return { ok: true };
}
