// Invalidation rules that depend only on what dbt parses, checked in memory against real parses: one dbt
// process for the whole file parses the example project once (the baseline), then each spec edits one
// file, re-parses (dbt's partial parse), and asserts exactly which executable nodes get a new hash (what
// a build would rerun) and the reason the planner gives. Each spec restores the files it edited.
// What runs, end to end, when a hash changes: reuse.test.ts.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isEphemeral } from '../../src/dbt/manifest.js';
import { planNodes, type NodeFacts } from '../../src/plan/plan.js';
import { expectedWithTests } from '../helpers/expected.js';
import { parsedProject, type ParsedProject, type ParsedState } from '../helpers/parsed-project.js';
import { appendFile, copyExample, editFile } from '../helpers/project.js';

const P = 'jaffle_shop';
const model = (name: string): string => `model.${P}.${name}`;
const seed = (name: string): string => `seed.${P}.${name}`;
const snapshot = (name: string): string => `snapshot.${P}.${name}`;
const EXECUTED = new Set(['model', 'seed', 'snapshot', 'test', 'unit_test']);

describe('hash rules on real parses of the example project', () => {
  let dbt: ParsedProject;
  let baseline: ParsedState;

  before(async () => {
    dbt = await parsedProject(copyExample());
    baseline = await dbt.parse();
  });
  after(() => dbt?.close());

  /** Runs `body` (which edits files), re-parses with `vars`, and restores every file `body` touched. */
  async function afterChange(files: string[], body: () => void, vars?: string): Promise<ParsedState> {
    const saved = files.map((f) => [f, readFileSync(join(dbt.project, f), 'utf8')] as const);
    try {
      body();
      return await dbt.parse({ vars });
    } finally {
      for (const [f, text] of saved) writeFileSync(join(dbt.project, f), text);
    }
  }

  /** Executable nodes (what `build` runs) whose hash differs from the baseline, sorted. */
  function rehashed(state: ParsedState): string[] {
    return [...state.hashes.keys()]
      .filter((id) => {
        const node = state.nodes.get(id)!;
        return EXECUTED.has(node.resource_type) && !isEphemeral(node) && baseline.hashes.get(id)?.hash !== state.hashes.get(id)!.hash;
      })
      .sort();
  }

  /** The planner's reason for `id` when its slot holds the baseline's result. */
  function reasonOf(state: ParsedState, id: string): string {
    const before = baseline.hashes.get(id)!;
    const previous = { hash: before.hash, uniqueId: id, status: 'success', slot: id, relationName: null, inputs: before.inputs, result: {} as never, recordedAt: '2026-01-01T00:00:00Z', runId: 'baseline' };
    const facts: NodeFacts = {
      node: state.nodes.get(id)!,
      hash: state.hashes.get(id)!,
      slot: { key: id, relation: null },
      slotState: { slot: id, hash: before.hash, uniqueId: id, recordedAt: previous.recordedAt, runId: 'baseline' },
      previous,
      unknownUpstream: [],
    };
    const nameOf = (uid: string): string => state.nodes.get(uid)?.name ?? uid.split('.').pop()!;
    return planNodes([facts], { reuse: true, fullRefresh: false, existingRelations: new Set(), nameOf, now: new Date() })[0].reason;
  }

  const assertRehashed = (state: ParsedState, rebuilt: string[]): void => assert.deepEqual(rehashed(state), expectedWithTests(dbt.project, rebuilt));

  it('parsing the unchanged project again gives the same hashes', async () => {
    const again = await dbt.parse();
    assert.deepEqual(rehashed(again), []);
    assert.ok(baseline.hashes.size >= 40, `hashed ${baseline.hashes.size} nodes`);
  });

  it('nested macro change rebuilds every model whose macro closure reaches it', async () => {
    const state = await afterChange(['macros/cents_to_dollars.sql'], () => editFile(dbt.project, 'macros/cents_to_dollars.sql', (t) => t.replace('-%}', '-%}\n    {#- v2 -#}')));
    // stg_payments and fct_daily_revenue call it directly, orders through money(); customers is downstream.
    assertRehashed(state, [model('stg_payments'), model('orders'), model('customers'), model('fct_daily_revenue')]);
    assert.match(reasonOf(state, model('orders')), /^macro `cents_to_dollars` changed/);
  });

  it('package macro change rebuilds its callers', async () => {
    const file = 'packages/jaffle_utils/macros/surrogate_key.sql';
    const state = await afterChange([file], () => editFile(dbt.project, file, (t) => t.replace("'_jaffle_null_'", "'_null_'")));
    assertRehashed(state, [model('stg_customers'), model('customers')]);
    assert.equal(reasonOf(state, model('stg_customers')), 'macro `surrogate_key` changed');
  });

  it('ephemeral model change reaches its dependents through the Merkle chain', async () => {
    const file = 'models/intermediate/int_order_payments.sql';
    const state = await afterChange([file], () => editFile(dbt.project, file, (t) => t.replace('count(*) as payment_count', 'count(payment_id) as payment_count')));
    assertRehashed(state, [model('orders'), model('customers')]);
    assert.equal(reasonOf(state, model('orders')), 'upstream `int_order_payments` changed');
  });

  it('seed CSV change rebuilds the seed and everything reading it', async () => {
    const file = 'seeds/raw_payments.csv';
    const state = await afterChange([file], () => appendFile(dbt.project, file, '88,80,gift_card,250\n'));
    assertRehashed(state, [seed('raw_payments'), model('stg_payments'), model('orders'), model('customers'), model('fct_daily_revenue')]);
    assert.equal(reasonOf(state, seed('raw_payments')), 'code changed');
  });

  it('YAML config change rebuilds only that node', async () => {
    // A data config (a hook): metadata such as meta or tags is reused instead (test/precision.test.ts).
    const file = 'models/marts/finance/finance_models.yml';
    const state = await afterChange([file], () => editFile(dbt.project, file, (t) => t.replace(/(- name: fct_daily_revenue\n)/, "$1    config:\n      post_hook: 'select 1 as noop'\n")));
    assertRehashed(state, [model('fct_daily_revenue')]);
    assert.equal(reasonOf(state, model('fct_daily_revenue')), 'config changed');
  });

  it('test config change reruns only that test', async () => {
    const file = 'models/marts/core/core_models.yml';
    const state = await afterChange([file], () =>
      editFile(dbt.project, file, (t) =>
        t.replace('      - name: amount\n        data_tests:\n          - not_null', '      - name: amount\n        data_tests:\n          - not_null:\n              config:\n                severity: warn'),
      ),
    );
    const changed = rehashed(state);
    assert.equal(changed.length, 1, changed.join(', '));
    assert.match(changed[0], /^test\.jaffle_shop\.not_null_orders_amount\./);
  });

  // Last: another --vars value makes dbt parse from scratch.
  it('var change rebuilds only the nodes reading it', async () => {
    const state = await afterChange([], () => undefined, '{start_date: "2017-06-01"}');
    assertRehashed(state, [model('stg_orders'), model('orders'), model('customers'), model('fct_daily_revenue'), snapshot('orders_snapshot')]);
    assert.equal(reasonOf(state, model('stg_orders')), 'var `start_date` changed');
  });
});
