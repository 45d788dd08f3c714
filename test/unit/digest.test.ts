// Canonical JSON (the bytes every hash is taken of) matches RFC 8785 as the `canonicalize` package writes it,
// byte for byte, so replacing that package changed no hash; and it refuses what RFC 8785 refuses.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import canonicalize from 'canonicalize';
import { canonicalInputList, canonicalJson, inputFragment, inputListOf } from '../../src/hash/digest.js';

const REPO = join(import.meta.dirname, '..', '..');

const samples: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1e21,
  1e-7,
  0.1 + 0.2,
  -123.456,
  Number.MAX_SAFE_INTEGER,
  '',
  'plain',
  'quote " backslash \\ newline \n tab \t control \u0001 \u001f',
  'unicode é 漢字 😀 \u2028 \u2029',
  [],
  [1, 'a', null, undefined, [2, [3]], { b: 1, a: 2 }],
  {},
  { b: 1, a: 2, c: { z: [1, 2], y: undefined, x: null } },
  { '': 0, é: 1, e: 2, E: 3, '10': 4, '9': 5, '😀': 6, '\uffff': 7 },
  { date: new Date('2026-12-01T00:00:00Z') },
  { nested: { toJSON: () => ({ b: 2, a: 1 }) } },
];

describe('canonical JSON', () => {
  it('writes exactly the bytes of the canonicalize package for every kind of JSON value', () => {
    for (const value of samples) assert.equal(canonicalJson(value), canonicalize(value), JSON.stringify(value));
  });

  it('writes exactly the bytes of the canonicalize package for a large real JSON document (package-lock.json)', () => {
    const document = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8'));
    assert.equal(canonicalJson(document), canonicalize(document));
  });

  it('refuses NaN, Infinity, lone surrogates and cycles, as RFC 8785 does', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, { x: -Infinity }, 'a\ud800', ['\udc00b'], cycle]) {
      assert.throws(() => canonicalJson(bad));
      assert.throws(() => canonicalize(bad));
    }
  });

  it('writes a hash input list ({scheme, inputs: [{key, digest}]}) exactly as canonicalJson does, also entry by entry', () => {
    const lists = [
      [],
      [{ key: 'code', digest: 'ab12' }],
      [{ key: 'upstream:model.p.a', digest: '0f'.repeat(32) }, { key: 'var:é "x" \\ \n', digest: 'd😀' }, { key: 'env:\u2028', digest: '' }],
      [{ key: 'code', digest: undefined as unknown as string }, { key: 'x', digest: 'y' }],
    ];
    for (const inputs of lists) {
      const expected = canonicalJson({ scheme: 's/1', inputs: inputs.map(({ key, digest }) => ({ key, digest })) });
      assert.equal(canonicalInputList('s/1', inputs), expected);
      assert.equal(inputListOf('s/1', inputs.map((i) => inputFragment(i.key, i.digest)).join(',')), expected);
    }
    assert.throws(() => canonicalInputList('s', [{ key: 'a\ud800', digest: 'x' }]));
  });

  it('writes undefined at the top level as null (a digest always has text to hash)', () => {
    assert.equal(canonicalJson(undefined), 'null');
  });
});
