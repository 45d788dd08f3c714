import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** RFC 8785 canonical JSON, so equal values always serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value === undefined ? null : value) ?? 'null';
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function digestOf(value: unknown): string {
  return sha256(canonicalJson(value));
}
