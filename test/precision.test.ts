// Rebuild only what a change can affect (issue 12, first part), with real dbt and DuckDB: metadata-only edits
// (tags, meta, group, docs, descriptions) reuse and refresh the record; metadata the node's own Jinja reads
// counts as data; materialization and grants changes rebuild; a renamed target whose relations do not move
// reuses; the column spec of a contract is hashed without descriptions; --full-refresh then a normal run
// builds nothing the second time.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { copyExample, duckdb, editFile, orchestrate, report } from './helpers/project.js';

const m = (name: string): string => `model.jaffle_shop.${name}`;

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

/** Relations built in the last run (tests and unit tests aside). */
function built(project: string): string[] {
  return report(project)
    .nodes.filter((n) => n.decision === 'run' && !['test', 'unit_test'].includes(n.resourceType))
    .map((n) => n.uniqueId)
    .sort();
}

function reasonOf(project: string, id: string): string {
  return report(project).nodes.find((n) => n.uniqueId === id)!.reason;
}

async function build(project: string, ...args: string[]): Promise<void> {
  const run = await orchestrate(project, ['build', ...args]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
}

const META_READER = `{{ config(materialized='table', meta={'owner': 'ada'}) }}
select '{{ config.get("meta", {}).get("owner", "nobody") }}' as owner
`;

const CONTRACTED = "{{ config(materialized='table') }}\nselect 1 as id, 'a' as label\n";
const CONTRACT_YAML = `models:
  - name: contracted
    config:
      contract: {enforced: true}
    columns:
      - name: id
        data_type: integer
        description: the key
      - name: label
        data_type: varchar
`;

describe('only what a change can affect is rebuilt', () => {
  let baseline: string;

  before(async () => {
    baseline = copyExample();
    addFile(baseline, 'models/precision/meta_reader.sql', META_READER);
    addFile(baseline, 'models/precision/contracted.sql', CONTRACTED);
    addFile(baseline, 'models/precision/contracted.yml', CONTRACT_YAML);
    await build(baseline);
  });

  /** A private copy of the built baseline: database file, target/ and store included. */
  function copy(): string {
    const dest = join(mkdtempSync(join(tmpdir(), 'precision-')), basename(baseline));
    cpSync(baseline, dest, { recursive: true });
    return dest;
  }

  it('tags and meta added to a model rebuild nothing; plan says why; the record then describes them', async () => {
    const project = copy();
    editFile(project, 'models/staging/stg_models.yml', (t) => t.replace('  - name: stg_orders\n', "  - name: stg_orders\n    config:\n      tags: ['newtag']\n      meta: {owner: someone}\n"));
    const plan = await orchestrate(project, ['plan', '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    const planned = JSON.parse(plan.stdout) as { nodes: Array<{ uniqueId: string; decision: string; reason: string }> };
    assert.deepEqual(planned.nodes.filter((n) => n.decision === 'run').map((n) => n.uniqueId), []);
    assert.equal(planned.nodes.find((n) => n.uniqueId === m('stg_orders'))!.reason, 'metadata changed (meta, tags): reused');
    await build(project);
    assert.deepEqual(built(project), []);
    assert.equal(reasonOf(project, m('stg_orders')), 'metadata changed (meta, tags): reused');
    await build(project);
    assert.match(reasonOf(project, m('stg_orders')), /^unchanged since /, 'the record was refreshed with the new metadata');
  });

  it('group, docs display, access and description edits rebuild nothing', async () => {
    const project = copy();
    addFile(project, 'models/precision/groups.yml', 'groups:\n  - name: finance\n    owner: {name: Ada}\n');
    editFile(project, 'models/staging/stg_models.yml', (t) =>
      t.replace('  - name: stg_orders\n    description: Orders placed on or after var(\'start_date\').\n', "  - name: stg_orders\n    description: Orders, edited description.\n    config:\n      group: finance\n      access: protected\n      docs: {show: false, node_color: red}\n"),
    );
    await build(project);
    assert.deepEqual(built(project), []);
    assert.match(reasonOf(project, m('stg_orders')), /^metadata changed \(docs, group\): reused$/);
  });

  it('metadata that the model itself reads is data for that model: it rebuilds with the new value', async () => {
    const project = copy();
    editFile(project, 'models/precision/meta_reader.sql', (t) => t.replace("'owner': 'ada'", "'owner': 'bram'"));
    await build(project);
    assert.deepEqual(built(project), [m('meta_reader')]);
    assert.deepEqual(JSON.parse(duckdb(project, 'select owner from main.meta_reader')), [['bram']]);
  });

  it('a materialization change rebuilds the model and what reads it', async () => {
    const project = copy();
    editFile(project, 'models/staging/stg_models.yml', (t) => t.replace('  - name: stg_payments\n', "  - name: stg_payments\n    config:\n      materialized: table\n"));
    await build(project);
    assert.ok(built(project).includes(m('stg_payments')), built(project).join(', '));
    assert.equal(reasonOf(project, m('stg_payments')), 'config changed');
  });

  it('a grants change rebuilds the model', async () => {
    const project = copy();
    editFile(project, 'models/precision/meta_reader.sql', (t) => t.replace("materialized='table',", "materialized='table', grants={'select': []},"));
    await build(project);
    assert.deepEqual(built(project), [m('meta_reader')]);
  });

  it('a contract column description edit rebuilds nothing; a constraint change rebuilds', async () => {
    const project = copy();
    editFile(project, 'models/precision/contracted.yml', (t) => t.replace('description: the key', 'description: the primary key'));
    await build(project);
    assert.deepEqual(built(project), []);
    editFile(project, 'models/precision/contracted.yml', (t) => t.replace('data_type: integer\n', 'data_type: integer\n        constraints: [{type: not_null}]\n'));
    await build(project);
    assert.deepEqual(built(project), [m('contracted')]);
    assert.equal(reasonOf(project, m('contracted')), 'columns or contract changed');
  });

  it('a renamed target whose relations do not move rebuilds nothing', async () => {
    const project = copy();
    editFile(project, 'profiles.yml', (t) => `${t}    dev_renamed:\n      type: duckdb\n      path: "{{ env_var('DBT_DUCKDB_PATH', 'jaffle_shop.duckdb') }}"\n      schema: main\n      threads: 4\n`);
    await build(project, '-t', 'dev_renamed');
    assert.deepEqual(built(project), []);
  });

  it('a model that reads target.name rebuilds when the target is renamed', async () => {
    const project = copy();
    addFile(project, 'models/precision/target_reader.sql', "select '{{ target.name }}' as target_name\n");
    editFile(project, 'profiles.yml', (t) => `${t}    dev_renamed:\n      type: duckdb\n      path: "{{ env_var('DBT_DUCKDB_PATH', 'jaffle_shop.duckdb') }}"\n      schema: main\n      threads: 4\n`);
    await build(project, '-s', 'target_reader');
    await build(project, '-t', 'dev_renamed');
    assert.deepEqual(built(project), [m('target_reader')]);
    assert.deepEqual(JSON.parse(duckdb(project, 'select target_name from main.target_reader')), [['dev_renamed']]);
  });

  it('--full-refresh then a normal run: the normal run builds nothing', async () => {
    const project = copy();
    await build(project, '--full-refresh');
    assert.ok(built(project).length > 10);
    await build(project);
    assert.deepEqual(built(project), []);
  });
});

