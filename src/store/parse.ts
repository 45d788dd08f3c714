// Parsing store records at the door: a result or slot file read back from disk (or restored from the
// Actions cache) is checked before anything dereferences it. The checks return a description of the first
// problem, or undefined when the value is usable; they check what consumers dereference, not a full schema.

import type { SlotState, StoredResult } from '../types.js';
import { isPlainObject } from '../util/json-file.js';

/**
 * Hashes become file names, so they are restricted to a safe character set (no path separators, no dots).
 * Real hashes are lowercase sha256 hex; the looser pattern only keeps hand-made test hashes usable.
 */
export const SAFE_HASH = /^[A-Za-z0-9_-]{2,200}$/;

export { isPlainObject } from '../util/json-file.js';

function checkStrings(value: Record<string, unknown>, keys: string[]): string | undefined {
  const bad = keys.find((key) => typeof value[key] !== 'string');
  return bad === undefined ? undefined : `field "${bad}" is not a string`;
}

export function checkDbtResult(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'field "result" is not an object';
  const strings = checkStrings(value, ['unique_id', 'status']);
  if (strings) return `result: ${strings}`;
  if (!Array.isArray(value.timing)) return 'result: field "timing" is not an array';
  if (typeof value.execution_time !== 'number') return 'result: field "execution_time" is not a number';
  if (value.adapter_response !== undefined && !isPlainObject(value.adapter_response)) {
    return 'result: field "adapter_response" is not an object';
  }
  return undefined;
}

function checkInputs(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'field "inputs" is not an array';
  const bad = value.findIndex(
    (input) => !isPlainObject(input) || typeof input.key !== 'string' || typeof input.digest !== 'string',
  );
  return bad === -1 ? undefined : `inputs[${bad}] is not a {key, digest} pair of strings`;
}

export function checkStoredResult(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not a JSON object';
  const strings = checkStrings(value, ['hash', 'uniqueId', 'status', 'slot', 'recordedAt', 'runId']);
  if (strings) return strings;
  if (value.relationName !== null && typeof value.relationName !== 'string') {
    return 'field "relationName" is neither a string nor null';
  }
  return checkInputs(value.inputs) ?? checkDbtResult(value.result) ?? checkTexts(value.texts) ?? checkEquivalence(value);
}

/** Optional (records before comment/whitespace reuse have none; they just rebuild after a code edit). */
function checkEquivalence(value: Record<string, unknown>): string | undefined {
  const bad = ['equivalence', 'compiledDigest', 'equivalentOf'].find((key) => value[key] !== undefined && (typeof value[key] !== 'string' || !SAFE_HASH.test(value[key] as string)));
  return bad === undefined ? undefined : `field "${bad}" is not a hex digest`;
}

/** Optional (records before explain have none): a map of input key to display text. */
function checkTexts(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) return 'field "texts" is not an object';
  const bad = Object.keys(value).find((key) => typeof value[key] !== 'string');
  return bad === undefined ? undefined : `texts["${bad}"] is not a string`;
}

export function checkSlotState(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not a JSON object';
  return checkStrings(value, ['slot', 'hash', 'uniqueId', 'recordedAt', 'runId']);
}

export function slotStateOf(result: StoredResult): SlotState {
  return {
    slot: result.slot,
    hash: result.hash,
    uniqueId: result.uniqueId,
    recordedAt: result.recordedAt,
    runId: result.runId,
    ...(result.codeHash ? { codeHash: result.codeHash } : {}),
  };
}
