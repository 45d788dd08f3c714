// The Merkle hash of a node: which inputs are in it (and which are deliberately not), and how a change
// ripples to descendants. In memory, on hand-built manifest nodes.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ManifestMacro, ManifestNode } from '../../src/dbt/manifest.js';
import { computeHashes, type HashContext } from '../../src/hash/node-hash.js';
import type { NodeHash } from '../../src/types.js';
import { graphOf, macro, model, modelId, seed, seedId, source, sourceId } from '../helpers/nodes.js';

const A = modelId('a');
const B = modelId('b');
const C = modelId('c');

function context(nodes: ManifestNode[], overrides: Partial<HashContext> & { macroList?: ManifestMacro[]; env?: Record<string, string> } = {}): HashContext {
  const { macroList = [], env = {}, ...rest } = overrides;
  return {
    graph: graphOf(...nodes),
    macros: Object.fromEntries(macroList.map((m) => [m.unique_id, m])),
    globals: { dbtVersion: '1.12.6', adapterVersion: '1.11.1', adapterType: 'duckdb', targetName: 'dev', targetDatabase: 'db', targetSchema: 'main', projectEnvVarsHash: null },
    vars: { global: {}, byPackage: {}, cli: {} },
    envVarsByUniqueId: {},
    envValueDigest: (name) => createHash('sha256').update(env[name] === undefined ? '<unset>' : `set:${env[name]}`).digest('hex'),
    readSeedFile: () => new TextEncoder().encode('id\n1\n'),
    upstreamOverride: new Map(),
    dataStates: new Map(),
    ...rest,
  };
}

const hashes = (nodes: ManifestNode[], overrides: Parameters<typeof context>[1] = {}): Map<string, NodeHash> => computeHashes(context(nodes, overrides));
const keys = (h: NodeHash): string[] => h.inputs.map((i) => i.key);

/** Which of the ids got another hash between two contexts. */
function changedIds(before: Map<string, NodeHash>, after: Map<string, NodeHash>): string[] {
  return [...before.keys()].filter((id) => before.get(id)!.hash !== after.get(id)?.hash).sort();
}

/** a → b → c, and x alone. */
function chain(edit: { aCode?: string } = {}): ManifestNode[] {
  return [model('a', { rawCode: edit.aCode }), model('b', { deps: [A] }), model('c', { deps: [B] }), model('x')];
}

describe('computeHashes', () => {
  it('is deterministic and independent of the order nodes are listed in', () => {
    const nodes = chain();
    assert.deepEqual([...hashes(nodes)].sort(), [...hashes([...nodes].reverse())].sort());
  });

  it('a code change reaches every descendant through the upstream input, and nothing else', () => {
    assert.deepEqual(changedIds(hashes(chain()), hashes(chain({ aCode: 'select 2 as id' }))), [A, B, C]);
  });

  it('names every input of a plain table model', () => {
    assert.deepEqual(keys(hashes(chain()).get(B)!), ['code', 'config', 'project-env', 'relation', 'resource', 'target', 'upstream:model.p.a', 'versions']);
  });

  it('a macro change reaches the nodes whose macro closure contains it, however deep', () => {
    const inner = (sql: string) => macro('inner', sql);
    const outer = macro('outer', '{% macro outer() %}{{ inner() }}{% endmacro %}', { calls: ['macro.p.inner'] });
    const nodes = [model('a', { macros: ['macro.p.outer'] }), model('x')];
    const before = hashes(nodes, { macroList: [outer, inner('v1')] });
    const after = hashes(nodes, { macroList: [outer, inner('v2')] });
    assert.deepEqual(changedIds(before, after), [A]);
    assert.ok(keys(before.get(A)!).includes('macro:macro.p.inner'));
  });

  it('built-in macros of dbt and the adapter are left out (the versions input covers them)', () => {
    const builtin = (sql: string) => macro('get_columns', sql, { packageName: 'dbt_duckdb' });
    const nodes = [model('a', { macros: ['macro.dbt_duckdb.get_columns'] })];
    assert.deepEqual(changedIds(hashes(nodes, { macroList: [builtin('v1')] }), hashes(nodes, { macroList: [builtin('v2')] })), []);
  });

  it('a user macro overriding a dbt built-in reaches every node, called or not', () => {
    const dbtOwn = macro('generate_schema_name', 'dbt', { packageName: 'dbt' });
    const override = (sql: string) => macro('generate_schema_name', sql);
    const nodes = chain();
    assert.deepEqual(changedIds(hashes(nodes, { macroList: [dbtOwn, override('v1')] }), hashes(nodes, { macroList: [dbtOwn, override('v2')] })), [A, B, C, modelId('x')]);
  });

  it('the materialization macro a node runs through is an input', () => {
    const mat = (sql: string) => macro('materialization_table_default', sql);
    const nodes = [model('a'), model('v', { materialized: 'view' })];
    assert.deepEqual(changedIds(hashes(nodes, { macroList: [mat('v1')] }), hashes(nodes, { macroList: [mat('v2')] })), [A]);
  });

  it('a var is an input only of the nodes whose Jinja reads it', () => {
    const nodes = [model('a', { rawCode: "select '{{ var(\"start\") }}' as d" }), model('x')];
    const before = hashes(nodes, { vars: { global: { start: '2018' }, byPackage: {}, cli: {} } });
    const after = hashes(nodes, { vars: { global: { start: '2018' }, byPackage: {}, cli: { start: '2017' } } });
    assert.deepEqual(changedIds(before, after), [A]);
    assert.ok(keys(before.get(A)!).includes('var:start'));
    assert.ok(!keys(before.get(modelId('x'))!).some((k) => k.startsWith('var')));
  });

  it('a var read inside a called macro counts for the caller', () => {
    const m = macro('since', "{% macro since() %}{{ var('start') }}{% endmacro %}");
    const nodes = [model('a', { macros: ['macro.p.since'] })];
    const before = hashes(nodes, { macroList: [m], vars: { global: { start: 1 }, byPackage: {}, cli: {} } });
    const after = hashes(nodes, { macroList: [m], vars: { global: { start: 2 }, byPackage: {}, cli: {} } });
    assert.deepEqual(changedIds(before, after), [A]);
  });

  it('a var resolves --vars first, then the package scope, then the project', () => {
    const nodes = [model('a', { rawCode: "{{ var('v') }}" })];
    const digestWith = (vars: HashContext['vars']) => hashes(nodes, { vars }).get(A)!.inputs.find((i) => i.key === 'var:v')!.digest;
    const project = digestWith({ global: { v: 1 }, byPackage: {}, cli: {} });
    assert.equal(digestWith({ global: { v: 0 }, byPackage: { p: { v: 1 } }, cli: {} }), project);
    assert.equal(digestWith({ global: { v: 0 }, byPackage: { p: { v: 0 } }, cli: { v: 1 } }), project);
    assert.notEqual(digestWith({ global: {}, byPackage: {}, cli: {} }), project, 'unset differs from set');
  });

  it('a var read by a computed name makes all vars an input', () => {
    const nodes = [model('a', { rawCode: '{{ var(name_from_loop) }}' })];
    const before = hashes(nodes, { vars: { global: { any: 1 }, byPackage: {}, cli: {} } });
    const after = hashes(nodes, { vars: { global: { any: 2 }, byPackage: {}, cli: {} } });
    assert.ok(keys(before.get(A)!).includes('vars:*'));
    assert.deepEqual(changedIds(before, after), [A]);
  });

  it('an env var is an input of the nodes dbt saw read it, and of static env_var() reads', () => {
    const nodes = [model('a'), model('b', { rawCode: "{{ env_var('REGION', 'eu') }}" }), model('x')];
    const envVarsByUniqueId = { [A]: ['REGION'] };
    const before = hashes(nodes, { envVarsByUniqueId, env: { REGION: 'eu' } });
    const after = hashes(nodes, { envVarsByUniqueId, env: { REGION: 'us' } });
    assert.deepEqual(changedIds(before, after), [A, B]);
  });

  it('never lets a DBT_ENV_SECRET variable into a hash record', () => {
    const nodes = [model('a', { rawCode: "{{ env_var('DBT_ENV_SECRET_TOKEN') }}" })];
    const before = hashes(nodes, { envVarsByUniqueId: { [A]: ['DBT_ENV_SECRET_KEY'] }, env: { DBT_ENV_SECRET_TOKEN: 'one', DBT_ENV_SECRET_KEY: 'k1' } });
    const after = hashes(nodes, { envVarsByUniqueId: { [A]: ['DBT_ENV_SECRET_KEY'] }, env: { DBT_ENV_SECRET_TOKEN: 'two', DBT_ENV_SECRET_KEY: 'k2' } });
    assert.ok(!keys(before.get(A)!).some((k) => k.includes('SECRET')));
    assert.deepEqual(changedIds(before, after), []);
  });

  it('records digests of env values, never the values', () => {
    const nodes = [model('a')];
    const record = JSON.stringify(hashes(nodes, { envVarsByUniqueId: { [A]: ['REGION'] }, env: { REGION: 'plain-region-value' } }).get(A));
    assert.ok(!record.includes('plain-region-value'));
  });

  it('a seed\'s code is its file bytes (dbt\'s checksum stops at 1 MiB; ours does not)', () => {
    const nodes = [seed('s', { extra: { checksum: { name: 'path', checksum: 'seeds/s.csv' } } }), model('a', { deps: [seedId('s')] })];
    const before = hashes(nodes, { readSeedFile: () => new TextEncoder().encode('id\n1\n') });
    const after = hashes(nodes, { readSeedFile: () => new TextEncoder().encode('id\n2\n') });
    assert.deepEqual(changedIds(before, after), [A, seedId('s')].sort());
  });

  it('an unreadable seed never hashes the same twice (never reused)', () => {
    const nodes = [seed('s')];
    const unreadable = { readSeedFile: () => undefined };
    assert.notEqual(hashes(nodes, unreadable).get(seedId('s'))!.hash, hashes(nodes, unreadable).get(seedId('s'))!.hash);
  });

  it('--full-refresh is no input: a full refresh records the hash the next normal run computes', () => {
    const nodes = [model('t'), model('i', { materialized: 'incremental' }), seed('s')];
    for (const hash of hashes(nodes).values()) assert.ok(!keys(hash).includes('full-refresh'), hash.uniqueId);
  });

  it('columns are an input only when a contract is enforced or docs are persisted', () => {
    const withColumns = (config: Record<string, unknown>) => model('a', { config, extra: { columns: { id: { name: 'id', description: 'v1' } } } });
    assert.ok(!keys(hashes([withColumns({})]).get(A)!).includes('columns'));
    assert.ok(keys(hashes([withColumns({ contract: { enforced: true } })]).get(A)!).includes('columns'));
    assert.ok(keys(hashes([withColumns({ persist_docs: { columns: true } })]).get(A)!).includes('columns'));
  });

  it('an adapter change reaches every node', () => {
    const nodes = chain();
    const other = context(nodes).globals;
    assert.deepEqual(changedIds(hashes(nodes), hashes(nodes, { globals: { ...other, adapterType: 'postgres' } })), [A, B, C, modelId('x')]);
  });

  it('a renamed target or another target schema reaches only the nodes that read it (relations are hashed on their own)', () => {
    const reader = model('r', { rawCode: "select '{{ target.name }}' as t" });
    const nodes = [...chain(), reader];
    const other = context(nodes).globals;
    assert.deepEqual(changedIds(hashes(nodes), hashes(nodes, { globals: { ...other, targetName: 'ci' } })), [modelId('r')]);
    assert.deepEqual(changedIds(hashes(nodes), hashes(nodes, { globals: { ...other, targetSchema: 'ci' } })), []);
  });

  it('a seed in a fixed custom schema keeps its hash when the target schema changes, even with a generate_schema_name that reads target.schema', () => {
    // The override names relations only (dbt renders it into node.schema, which is the relation input); another
    // override that reads target.schema runs for every node and does reach them all.
    const naming = macro('generate_schema_name', '{% macro generate_schema_name(custom, node) %}{{ custom if custom else target.schema }}{% endmacro %}');
    const dbtOwn = macro('generate_schema_name', 'dbt', { packageName: 'dbt' });
    const nodes = [seed('raw_orders'), model('a', { deps: [seedId('raw_orders')] })];
    const other = context(nodes).globals;
    const withMacros = (list: ManifestMacro[], targetSchema: string) => hashes(nodes, { macroList: list, globals: { ...other, targetSchema } });
    assert.deepEqual(changedIds(withMacros([dbtOwn, naming], 'main'), withMacros([dbtOwn, naming], 'ci')), []);
    const dbtCreate = macro('create_table_as', 'dbt', { packageName: 'dbt' });
    const reading = macro('create_table_as', "{% macro create_table_as() %}{{ log(target.schema) }}{% endmacro %}");
    assert.deepEqual(changedIds(withMacros([dbtCreate, reading], 'main'), withMacros([dbtCreate, reading], 'ci')), [A, seedId('raw_orders')].sort());
  });

  it('a source\'s new data changes its readers\' hash but not their code hash', () => {
    const S = sourceId('raw', 'orders');
    const nodes = [source('raw', 'orders'), model('a', { deps: [S] }), model('b', { deps: [A] })];
    const data = (v: string) => ({ dataStates: new Map([[S, { digest: v, value: `max_loaded_at ${v}` }]]) });
    const before = hashes(nodes, data('t1'));
    const after = hashes(nodes, data('t2'));
    assert.deepEqual(changedIds(before, after), [A, B]);
    assert.equal(before.get(A)!.codeHash, after.get(A)!.codeHash);
    assert.equal(before.get(B)!.codeHash, after.get(B)!.codeHash);
    assert.deepEqual(after.get(A)!.inputs.find((i) => i.key === `data:${S}`), { key: `data:${S}`, digest: 't2', value: 'max_loaded_at t2' });
  });

  it('children see what a parent\'s relation holds when this run will not build the parent', () => {
    const nodes = chain();
    const held = { hash: 'hash-of-what-the-table-holds', codeHash: 'code-of-what-the-table-holds' };
    const after = hashes(nodes, { upstreamOverride: new Map([[A, held]]) });
    assert.equal(after.get(B)!.inputs.find((i) => i.key === `upstream:${A}`)!.digest, held.hash);
    assert.equal(after.get(A)!.hash, hashes(nodes).get(A)!.hash, 'the parent\'s own hash is unchanged');
  });

  it('a parent kept within lag tolerance hands its children the kept hash', () => {
    const nodes = chain();
    const kept = { hash: 'kept', codeHash: 'kept-code' };
    const after = hashes(nodes, { keep: (hash) => (hash.uniqueId === A ? kept : undefined) });
    assert.equal(after.get(B)!.inputs.find((i) => i.key === `upstream:${A}`)!.digest, 'kept');
  });

  it('a source is hashed by where its data lives and how freshness is measured', () => {
    const S = sourceId('raw', 'orders');
    const moved = source('raw', 'orders', { extra: { schema: 'elsewhere' } });
    const reader = model('a', { deps: [S] });
    assert.deepEqual(keys(hashes([source('raw', 'orders')]).get(S)!), ['loaded_at', 'source', 'target']);
    assert.deepEqual(changedIds(hashes([source('raw', 'orders'), reader]), hashes([moved, reader])), [A, S].sort());
  });
});
