import { createHash } from 'node:crypto';

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
 * time in JavaScript, which was most of the hashing time of a 5,000-node plan; `isWellFormed` is native.
 */
export function canonicalJson(value: unknown): string {
  return write(value === undefined ? null : value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new Error('Lone surrogate is not allowed');
      return JSON.stringify(value);
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
  if (seen.has(value)) throw new Error('Circular reference detected');
  seen.add(value);
  let text: string;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') {
    text = write(withJson.toJSON(), seen);
  } else if (Array.isArray(value)) {
    text = `[${value.map((item) => (item === undefined || typeof item === 'symbol' ? 'null' : write(item, seen))).join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined || typeof item === 'symbol') continue;
      parts.push(`${write(key, seen)}:${write(item, seen)}`);
    }
    text = `{${parts.join(',')}}`;
  }
  seen.delete(value);
  return text;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function digestOf(value: unknown): string {
  return sha256(canonicalJson(value));
}
