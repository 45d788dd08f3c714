import * as crypto from 'node:crypto';

// ES2024's String.prototype.isWellFormed (Node >= 20); the project's TypeScript lib is ES2022.
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}

/**
 * RFC 8785 canonical JSON, so equal values always serialise to equal bytes: object keys sorted by UTF-16 code
 * units, no whitespace, numbers and strings as ECMAScript's JSON.stringify writes them; NaN, ±Infinity and lone
 * surrogates refused; `undefined` members left out (null in arrays); `toJSON` honoured; cycles refused.
 *
 * Written here rather than taken from the `canonicalize` package (whose output it matches byte for byte:
 * test/unit/digest.test.ts) because that package checks every string for lone surrogates one character at a
 * time in JavaScript, which was most of the hashing time of a 5,000-node plan; `isWellFormed` is native. The
 * text is appended to one string (V8 joins such appends without copying) and the open containers are kept in
 * an array (nesting is shallow): at 5,000 nodes the hashing makes a few million calls here.
 */
export function canonicalJson(value: unknown): string {
  return write(value === undefined ? null : value, []);
}

// Characters JSON.stringify escapes (controls, quote, backslash) or may refuse (surrogates): without them, a
// string's JSON literal is the string in quotes.
const NEEDS_CARE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A JSON string literal, refusing lone surrogates as RFC 8785 does. */
export function jsonString(value: string): string {
  if (!NEEDS_CARE.test(value)) return `"${value}"`;
  if (!value.isWellFormed()) throw new Error('Lone surrogate is not allowed');
  return JSON.stringify(value);
}

function write(value: unknown, open: object[]): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      if (Number.isNaN(value)) throw new Error('NaN is not allowed');
      if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('BigInt value can\'t be serialized in JSON');
    case 'object':
      break;
    default:
      // undefined, functions and symbols at the top level: what JSON.stringify gives (undefined → no text).
      return JSON.stringify(value) as string;
  }
  if (value === null) return 'null';
  if (open.includes(value)) throw new Error('Circular reference detected');
  open.push(value);
  let text: string;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') {
    text = write(withJson.toJSON(), open);
  } else if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) text += ',';
      text += item === undefined || typeof item === 'symbol' ? 'null' : write(item, open);
    }
    text += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > 1) keys.sort();
    text = '{';
    let first = true;
    for (const key of keys) {
      const item = record[key];
      if (item === undefined || typeof item === 'symbol') continue;
      if (!first) text += ',';
      first = false;
      text += `${jsonString(key)}:${write(item, open)}`;
    }
    text += '}';
  }
  open.pop();
  return text;
}

/**
 * canonicalJson({ scheme, inputs: pairs.map(({ key, digest }) => ({ key, digest })) }) — the text every node
 * hash is taken of — written directly: member order digest < key and inputs < scheme is what key sorting gives.
 */
export function canonicalInputList(scheme: string, pairs: readonly { key: string; digest: string }[]): string {
  let body = '';
  for (let i = 0; i < pairs.length; i++) body += (i > 0 ? ',' : '') + inputFragment(pairs[i]!.key, pairs[i]!.digest);
  return inputListOf(scheme, body);
}

/** canonicalJson({ key, digest }): one entry of an input list. */
export function inputFragment(key: string, digest: string): string {
  if (typeof key !== 'string' || typeof digest !== 'string') return canonicalJson({ key, digest });
  return `{"digest":${jsonString(digest)},"key":${jsonString(key)}}`;
}

/** The input list text from its entries (inputFragment), joined by commas. */
export function inputListOf(scheme: string, body: string): string {
  return `{"inputs":[${body}],"scheme":${jsonString(scheme)}}`;
}

// crypto.hash (Node >= 20.12 / 21.7): the one-shot digest, without a Hash object per call.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

export function sha256(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

export function digestOf(value: unknown): string {
  return sha256(canonicalJson(value));
}
