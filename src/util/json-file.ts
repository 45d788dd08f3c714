// JSON at the door: a file (or text) is parsed once, and a shape parser of its kind turns the value into a
// typed one or a reason a human can act on (src/plan/state-report.ts and src/shard/plan-file.ts read the same
// way). Nothing past the door dereferences an unchecked value, so a truncated or foreign file is a clear
// message, never a TypeError deep inside.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** A value read at the door, or why it could not be. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A shape check: the typed value, or the reason it is not one (`label` names the file). */
export type ShapeParser<T> = (value: unknown, label: string) => Parsed<T>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
}

/** Parses JSON text, then its shape. */
export function parseJsonText<T>(text: string, label: string, shape: ShapeParser<T>): Parsed<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${label} is not valid JSON (${oneLine(error)})` };
  }
  return shape(value, label);
}

/** Reads a JSON file and parses its shape; a missing or unreadable file is a reason too. */
export function readJsonFile<T>(path: string, label: string, shape: ShapeParser<T>): Parsed<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read ${label} (${(error as NodeJS.ErrnoException).code ?? oneLine(error)})` };
  }
  return parseJsonText(text, label, shape);
}

/** readJsonFile without blocking the event loop (large files such as dbt's manifest.json). */
export async function readJsonFileAsync<T>(path: string, label: string, shape: ShapeParser<T>): Promise<Parsed<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read ${label} (${(error as NodeJS.ErrnoException).code ?? oneLine(error)})` };
  }
  return parseJsonText(text, label, shape);
}
