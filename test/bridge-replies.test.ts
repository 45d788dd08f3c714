// Rule: every reply the real bridge gives passes its parser at the door (src/dbt/replies.ts), in every supported
// dbt-core (1.12 in .venv, 1.10 and 1.11 in their venvs). Each request below resolves only if the parser that
// bridge.ts applies where the line arrives accepted it (a malformed reply rejects with a BridgeError naming the
// command and the field), so each command the engine sends is asked once, with real dbt-duckdb: deps, parse, ls,
// relations with and without records, a build streaming node events (success, error, skipped, a test), freshness,
// compile, impact columns and counts, and every run_status op (begin, write, read, finish, delete_run). Nothing
// fake is fed: the last spec makes the real bridge send a malformed reply (a status row without a status) and
// expects the door's reason.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BridgeError, DbtBridge, bridgeScriptPath, type BuildEvent } from '../src/dbt/bridge.js';
import type { BuildResult, DbtCommonArgs, ParseResult, RecordSpec } from '../src/dbt/protocol.js';
import { COMPAT_MINORS, compatVenv, requireVenv } from './helpers/dbt-versions.js';
import { PYTHON } from './helpers/project.js';

function writeProject(root: string): void {
  const files: Record<string, string> = {
    'dbt_project.yml': "name: replies\nversion: '1.0'\nprofile: replies\nconfig-version: 2\nmodels:\n  replies:\n    +materialized: table\n",
    'profiles.yml': `replies:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: "${join(root, 'dev.duckdb')}"\n      schema: main\n      threads: 2\n`,
    'seeds/raw_orders.csv': 'id,amount,loaded_at\n1,10,2026-01-01 00:00:00\n2,20,2026-01-02 00:00:00\n',
    'models/orders.sql': "select id, amount * 2 as doubled from {{ ref('raw_orders') }}\n",
    'models/broken.sql': "select no_such_column from {{ ref('orders') }}\n",
    'models/after_broken.sql': "select * from {{ ref('broken') }}\n",
    'models/schema.yml': `version: 2
sources:
  - name: raw
    schema: main
    tables:
      - name: orders
        identifier: raw_orders
        loaded_at_field: loaded_at
        freshness:
          warn_after: {count: 1, period: day}
      - name: unwatched
        identifier: raw_orders
models:
  - name: orders
    columns:
      - name: id
        data_tests: [not_null]
`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

const ids = {
  seed: 'seed.replies.raw_orders',
  orders: 'model.replies.orders',
  broken: 'model.replies.broken',
  afterBroken: 'model.replies.after_broken',
  source: 'source.replies.raw.orders',
  unwatched: 'source.replies.raw.unwatched',
};

const versions = [{ minor: '1.12', python: PYTHON }, ...COMPAT_MINORS.map((minor) => compatVenv(minor))];

for (const venv of versions) {
  describe(`the real bridge's replies pass the door (dbt-core ${venv.minor})`, { timeout: 240_000 }, () => {
    let dir: string;
    let args: DbtCommonArgs;
    let bridge: DbtBridge;
    let parsed: ParseResult;
    let notNull: string | undefined;
    let built: BuildResult;
    const events: BuildEvent[] = [];
    const schema = { database: 'dev', schema: 'main' };

    before(async () => {
      if (venv.minor !== '1.12') requireVenv(compatVenv(venv.minor));
      dir = mkdtempSync(join(tmpdir(), 'bridge-replies-'));
      const project = join(dir, 'project');
      writeProject(project);
      args = { projectDir: project, profilesDir: project };
      bridge = await DbtBridge.start({ python: venv.python, bridgeScript: bridgeScriptPath(), projectDir: project, env: { ...process.env, DO_NOT_TRACK: '1' }, logFile: join(dir, 'dbt.log') });
      await bridge.deps(args);
      parsed = await bridge.parse(args);
      notNull = (await bridge.ls({ select: ['orders'], exclude: [], indirectSelection: 'eager' })).uniqueIds.find((id) => id.startsWith('test.'));
      const records: RecordSpec[] = [
        { uniqueId: ids.seed, ...schema, identifier: 'raw_orders', hash: 'a'.repeat(64), kind: 'seed' },
        { uniqueId: ids.orders, ...schema, identifier: 'orders', hash: 'b'.repeat(64), kind: 'table' },
      ];
      const build = [ids.seed, ids.orders, ...(notNull ? [notNull] : []), ids.broken, ids.afterBroken];
      built = await bridge.build({ uniqueIds: build, threads: 2, fullRefresh: false, records: { runId: 'run-1', nodes: records } }, (event) => events.push(event));
    });

    after(async () => {
      await bridge?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('ready, deps, parse, ls and relations', async () => {
      assert.ok(bridge.dbtVersion.startsWith(`${venv.minor}.`), bridge.dbtVersion);
      assert.equal(parsed.target.adapterType, 'duckdb');
      assert.equal(parsed.projectName, 'replies');
      const listed = await bridge.ls({ select: ['raw_orders+', 'source:raw'], exclude: [] });
      assert.ok(listed.uniqueIds.includes(ids.orders) && listed.uniqueIds.includes(ids.source), listed.uniqueIds.join(', '));
      const none = await bridge.ls({ select: ['no_such_model'], exclude: [] });
      assert.deepEqual(none.uniqueIds, []);
      assert.equal((await bridge.relations({ schemas: [{ database: null, schema: 'nowhere' }] })).relations.length, 0);
    });

    test('a build streams node events and replies with success, error, skipped and a test, and writes records', async () => {
      assert.ok(notNull, 'the not_null test of orders');
      const reply = built;

      const status = new Map(reply.results.map((r) => [r.unique_id, r.status]));
      assert.deepEqual(
        [ids.seed, ids.orders, notNull, ids.broken, ids.afterBroken].map((id) => status.get(id)),
        ['success', 'success', 'pass', 'error', 'skipped'],
      );
      assert.equal(reply.success, false);
      assert.ok(events.some((e) => e.event === 'node_start' && e.uniqueId === ids.orders));
      assert.ok(events.some((e) => e.event === 'node_finish' && e.uniqueId === ids.broken && e.result.status === 'error'));
      assert.deepEqual(reply.recordWarnings, []);

      const recorded = await bridge.recordedRelations({ schemas: [schema] });
      const orders = recorded.relations.find((r) => r.identifier === 'orders');
      assert.deepEqual(orders?.records.map((r) => [r.hash, r.matches]), [['b'.repeat(64), true]]);
      assert.deepEqual(recorded.schemas.map((s) => s.recordsTable), [true]);
      const plain = await bridge.relations({ schemas: [schema] });
      assert.ok(plain.relations.some((r) => r.identifier === 'orders' && r.type === 'table'));
    });

    test('freshness, compile and impact', async () => {
      const fresh = await bridge.freshness({ uniqueIds: [ids.source, ids.unwatched], outputPath: join(dir, 'sources.json') });
      const byId = new Map(fresh.results.map((r) => [r.uniqueId, r]));
      assert.equal(byId.get(ids.unwatched)?.status, 'unchecked');
      assert.ok(['pass', 'warn'].includes(String(byId.get(ids.source)?.status)), JSON.stringify(byId.get(ids.source)));
      assert.equal(typeof byId.get(ids.source)?.ageSeconds, 'number');
      assert.equal(typeof byId.get(ids.source)?.maxLoadedAt, 'string');

      const compiled = await bridge.compile({ uniqueIds: [ids.orders, 'model.replies.nope'] });
      assert.match(compiled.results[0]?.compiledCode ?? '', /raw_orders/);
      assert.deepEqual(compiled.results[1], { uniqueId: 'model.replies.nope', compiledCode: null, error: 'unknown node' });

      const refs = [{ database: 'dev', schema: 'main', identifier: 'orders' }, { database: 'dev', schema: 'main', identifier: 'broken' }];
      const columns = await bridge.impact({ what: 'columns', relations: refs });
      assert.deepEqual(columns.relations.map((r) => r.columns?.map((c) => c.name) ?? null), [['id', 'doubled'], null]);
      const counts = await bridge.impact({ what: 'counts', relations: refs, timeoutSeconds: 30 });
      assert.equal(counts.relations[0]?.rows, 2);
      assert.equal(typeof counts.relations[1]?.error, 'string');
    });

    test('every run_status op, and a malformed reply of the real bridge is a BridgeError naming the command and the field', async () => {
      const table = { database: 'dev', schema: 'main' };
      const begun = await bridge.runStatus({ op: 'begin', runId: 'run-1', shard: 1, uniqueIds: [ids.orders], table, heartbeatSeconds: 1, keepDays: 35 });
      assert.match(begun.table, /dbt_orchestrator_run_status/);
      assert.equal(begun.cleanupError, null);
      await bridge.runStatus({ op: 'write', rows: [{ uniqueId: ids.broken, status: 'error', message: 'boom' }] });
      const read = await bridge.runStatus({ op: 'read' });
      assert.deepEqual(read.rows.filter((r) => r.uniqueId === ids.broken).map((r) => [r.shard, r.status, r.message]), [['1', 'error', 'boom']]);

      // Outside the contract on purpose: a row without a status is stored, and read back as it is.
      await bridge.runStatus({ op: 'write', rows: [{ uniqueId: 'model.replies.odd', status: null as unknown as string, message: '' }] });
      await assert.rejects(
        bridge.runStatus({ op: 'read' }),
        (e: unknown) => e instanceof BridgeError && e.kind === 'internal' && /^the dbt bridge replied to run_status with a malformed result: result\.rows\[\d+\]\.status is not a string \(got null\)$/.test(e.message),
      );
      // The protocol stays in step: the next request is answered.
      assert.ok(Array.isArray((await bridge.runStatus({ op: 'finish', finished: true })).errors));
      assert.deepEqual(await bridge.runStatus({ op: 'delete_run', runId: 'run-1', table }), { table: begun.table });
    });
  });
}
