import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanEnvVarReads, scanVarReads } from '../src/hash/scan.js';
import { changedInputs, describeChanges } from '../src/plan/reasons.js';
import { canonicalJson, digestOf } from '../src/hash/digest.js';

test('var scanning finds literal names, ignores env_var, flags computed names', () => {
  const refs = scanVarReads([
    "select '{{ var('start_date') }}' as a, {{ var(\"limit\", 10) }} as b, {{ env_var('REGION') }}",
    '{% set x = var( "spaced" ) %}',
  ]);
  assert.deepEqual([...refs.names].sort(), ['limit', 'spaced', 'start_date']);
  assert.equal(refs.dynamic, false);
  assert.equal(scanVarReads(['{{ var(name_from_loop) }}']).dynamic, true);
});

test('env var scanning finds env_var reads only', () => {
  const refs = scanEnvVarReads(["{{ env_var('JAFFLE_REGION', 'eu') }} {{ var('x') }}"]);
  assert.deepEqual([...refs.names], ['JAFFLE_REGION']);
  assert.equal(scanEnvVarReads(['{{ env_var(prefix ~ "X") }}']).dynamic, true);
});

test('canonical digests ignore key order', () => {
  assert.equal(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] }), '{"a":[2,{"c":2,"d":1}],"b":1}');
  assert.equal(digestOf({ a: 1, b: 2 }), digestOf({ b: 2, a: 1 }));
});

test('reasons name the most specific change first', () => {
  const before = [
    { key: 'code', digest: '1' },
    { key: 'macro:macro.p.cents_to_dollars', digest: 'a' },
    { key: 'upstream:model.p.stg_orders', digest: 'x' },
    { key: 'var:start_date', digest: 'v1' },
  ];
  const after = [
    { key: 'code', digest: '1' },
    { key: 'macro:macro.p.cents_to_dollars', digest: 'b' },
    { key: 'upstream:model.p.stg_orders', digest: 'y' },
    { key: 'var:start_date', digest: 'v2' },
    { key: 'env:REGION', digest: 'e' },
  ];
  const nameOf = (id: string) => id.split('.').pop()!;
  assert.deepEqual(changedInputs(before, after).map((c) => c.key), [
    'macro:macro.p.cents_to_dollars',
    'var:start_date',
    'env:REGION',
    'upstream:model.p.stg_orders',
  ]);
  assert.equal(
    describeChanges(before, after, nameOf),
    'macro `cents_to_dollars` changed; var `start_date` changed; env var `REGION` changed (+1 more)',
  );
});
