// Comment- and whitespace-only SQL edits reuse (issue 12, item 2), with real dbt and DuckDB: a candidate (its
// code equal in normal form) is compiled by dbt in the one process and reused only when its normalised compiled
// SQL equals the one recorded at build time. Every edit that can change a result rebuilds: a character inside a
// literal, a quoted identifier or Jinja; whitespace that Jinja turns into data (a `{% set %}` block, a macro
// that opens a literal).

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { copyExample, duckdb, editFile, orchestrate, report } from './helpers/project.js';

const m = (name: string): string => `model.jaffle_shop.${name}`;
const REUSED = 'code changed (comments/whitespace only): reused';

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

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

const EPHEMERAL = `{{ config(materialized='ephemeral') }}
-- the rows
select 1 as id
`;
const PLAIN = `{{ config(materialized='table') }}
/* the model */
select id, 'hello world' as greeting, {{ 1 + 1 }} as two, 'x' as "Quoted Col"
from {{ ref('cosmetic_rows') }} -- inlined
`;
const CHILD = "select * from {{ ref('cosmetic_plain') }}\n";
const SET_BLOCK = "{{ config(materialized='table') }}\n{% set x %}a b{% endset %}\nselect '{{ x }}' as v\n";
const QUOTE_MACRO = "{% macro open_quote() %}'{% endmacro %}\n";
const QUOTED_BY_MACRO = "{{ config(materialized='table') }}\nselect {{ open_quote() }}a b{{ open_quote() }} as v\n";

describe('comment- and whitespace-only edits', () => {
  let baseline: string;

  before(async () => {
    baseline = copyExample();
    addFile(baseline, 'models/cosmetic/cosmetic_rows.sql', EPHEMERAL);
    addFile(baseline, 'models/cosmetic/cosmetic_plain.sql', PLAIN);
    addFile(baseline, 'models/cosmetic/cosmetic_child.sql', CHILD);
    addFile(baseline, 'models/cosmetic/cosmetic_set_block.sql', SET_BLOCK);
    addFile(baseline, 'macros/open_quote.sql', QUOTE_MACRO);
    addFile(baseline, 'models/cosmetic/cosmetic_quoted_by_macro.sql', QUOTED_BY_MACRO);
    await build(baseline);
  });

  function copy(): string {
    const dest = join(mkdtempSync(join(tmpdir(), 'cosmetic-')), basename(baseline));
    cpSync(baseline, dest, { recursive: true });
    return dest;
  }

  const editPlain = (project: string, edit: (t: string) => string): void => editFile(project, 'models/cosmetic/cosmetic_plain.sql', edit);

  it('a comment-only edit reuses the model and its children; plan and explain say why', async () => {
    const project = copy();
    editPlain(project, (t) => t.replace('/* the model */', '/* the rows with a greeting; documented at length */\n-- another line').replace('-- inlined', ''));
    const plan = await orchestrate(project, ['plan', '--json']);
    assert.equal(plan.code, 0, plan.stderr);
    const planned = JSON.parse(plan.stdout) as { nodes: Array<{ uniqueId: string; decision: string; reason: string }> };
    assert.deepEqual(planned.nodes.filter((n) => n.decision === 'run').map((n) => n.uniqueId), []);
    assert.equal(planned.nodes.find((n) => n.uniqueId === m('cosmetic_plain'))!.reason, REUSED);
    const explain = await orchestrate(project, ['explain', 'cosmetic_plain']);
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, new RegExp(`decision: reuse — ${REUSED.replace(/[()]/g, '\\$&')}`));
    await build(project);
    assert.deepEqual(built(project), []);
    assert.equal(reasonOf(project, m('cosmetic_plain')), REUSED);
    assert.match(reasonOf(project, m('cosmetic_child')), /^unchanged since /);
    await build(project);
    assert.deepEqual(built(project), [], 'the next run reuses too');
  });

  it('a whitespace-only edit reuses the model', async () => {
    const project = copy();
    // Line breaks stay line breaks (a macro may emit a line comment): indentation, blank lines and runs of spaces.
    editPlain(project, (t) => t.replace('select id, ', '\n\n  select   id,\t').replace("from {{ ref('cosmetic_rows') }}", "    from   {{ ref('cosmetic_rows') }}   "));
    await build(project);
    assert.deepEqual(built(project), []);
    assert.equal(reasonOf(project, m('cosmetic_plain')), REUSED);
  });

  it('one character inside a string literal rebuilds', async () => {
    const project = copy();
    editPlain(project, (t) => t.replace("'hello world'", "'hello  world'"));
    await build(project);
    assert.deepEqual(built(project), [m('cosmetic_child'), m('cosmetic_plain')]);
    assert.deepEqual(JSON.parse(duckdb(project, 'select greeting from main.cosmetic_plain')), [['hello  world']]);
  });

  it('one character inside a quoted identifier rebuilds', async () => {
    const project = copy();
    editPlain(project, (t) => t.replace('"Quoted Col"', '"Quoted  Col"'));
    await build(project);
    assert.deepEqual(built(project), [m('cosmetic_child'), m('cosmetic_plain')]);
    assert.deepEqual(JSON.parse(duckdb(project, 'select "Quoted  Col" from main.cosmetic_plain')), [['x']]);
  });

  it('one character inside Jinja rebuilds', async () => {
    const project = copy();
    editPlain(project, (t) => t.replace('{{ 1 + 1 }}', '{{ 1 + 2 }}'));
    await build(project);
    assert.deepEqual(built(project), [m('cosmetic_child'), m('cosmetic_plain')]);
    assert.deepEqual(JSON.parse(duckdb(project, 'select two from main.cosmetic_plain')), [[3]]);
  });

  it('whitespace inside a {% set %} block (data in the compiled SQL) rebuilds', async () => {
    const project = copy();
    editFile(project, 'models/cosmetic/cosmetic_set_block.sql', (t) => t.replace('a b', 'a  b'));
    await build(project);
    assert.deepEqual(built(project), [m('cosmetic_set_block')]);
    assert.deepEqual(JSON.parse(duckdb(project, 'select v from main.cosmetic_set_block')), [['a  b']]);
  });

  it('whitespace a macro puts inside a literal rebuilds: the compiled SQL differs', async () => {
    const project = copy();
    editFile(project, 'models/cosmetic/cosmetic_quoted_by_macro.sql', (t) => t.replace('a b', 'a   b'));
    await build(project);
    assert.deepEqual(built(project), [m('cosmetic_quoted_by_macro')]);
    assert.deepEqual(JSON.parse(duckdb(project, 'select v from main.cosmetic_quoted_by_macro')), [['a   b']]);
  });

  it('a comment-only edit of an ephemeral parent reuses the models it is compiled into', async () => {
    const project = copy();
    editFile(project, 'models/cosmetic/cosmetic_rows.sql', (t) => t.replace('-- the rows', '-- the rows, one of them\n/* more */'));
    await build(project);
    assert.deepEqual(built(project), []);
    assert.equal(reasonOf(project, m('cosmetic_plain')), REUSED);
    assert.match(reasonOf(project, m('cosmetic_child')), /^unchanged since /);
  });

  it('a record written before compiled digests existed rebuilds after a comment-only edit', async () => {
    const project = copy();
    const results = join(project, '.dbt-orchestrator', 'results');
    for (const file of readdirSync(results, { recursive: true }) as string[]) {
      if (!file.endsWith('.json')) continue;
      const record = JSON.parse(readFileSync(join(results, file), 'utf8')) as Record<string, unknown>;
      if (record.uniqueId !== m('cosmetic_plain')) continue;
      delete record.compiledDigest;
      delete record.equivalence;
      writeFileSync(join(results, file), JSON.stringify(record));
    }
    editPlain(project, (t) => t.replace('/* the model */', '/* the model! */'));
    await build(project);
    assert.deepEqual(built(project), [m('cosmetic_child'), m('cosmetic_plain')]);
    assert.equal(reasonOf(project, m('cosmetic_plain')), 'code changed');
  });
});
