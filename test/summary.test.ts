// The job summary: rendered from real engine runs (a failing model, its skipped child, a failing test, then
// a re-run that reuses everything else) and from synthetic reports sized to hit GitHub's 1 MiB limit.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { OrchestratorReport, ReportNode } from '../src/report/orchestrator-json.js';
import {
  codeSpan,
  compiledCodeByUniqueId,
  DEFAULT_SUMMARY_MAX_BYTES,
  fencedBlock,
  formatSeconds,
  renderSummary,
  TRUNCATION_NOTICE,
  truncateUtf8,
  utf8Length,
} from '../src/report/summary.js';
import { copyExample, orchestrate, report, runResults } from './helpers/project.js';
import { assertBalanced } from './helpers/markdown.js';

// ---------------------------------------------------------------------------------------------------------
// Helpers

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

function orchestratorReport(project: string): OrchestratorReport {
  return report(project) as unknown as OrchestratorReport;
}

function manifestNodes(project: string): Record<string, { original_file_path?: string }> {
  const manifest = JSON.parse(readFileSync(join(project, 'target/manifest.json'), 'utf8'));
  return { ...manifest.nodes, ...manifest.unit_tests };
}

function compiledCode(project: string): Record<string, string> {
  return compiledCodeByUniqueId(runResults(project) as unknown as { results: Array<{ unique_id: string; compiled_code: string | null }> });
}

/** The lines of the Markdown table that follows the line containing `title` (header rows excluded). */
function tableRows(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.includes(title));
  assert.ok(start >= 0, `no section ${title}`);
  const tableStart = lines.findIndex((line, index) => index > start && line.startsWith('| '));
  const rows: string[] = [];
  for (let i = tableStart; i >= 0 && i < lines.length && lines[i].startsWith('| '); i++) rows.push(lines[i]);
  assert.equal(rows[0], '| Status | Node | Reason | Time | Attempts |');
  return rows.slice(2);
}

/** The <details> section whose summary mentions `name`. */
function detailsOf(markdown: string, name: string): string {
  const start = markdown.indexOf(`<details><summary>❌ <b>${name}</b>`);
  assert.ok(start >= 0, `no details for ${name}`);
  // The section's own closing tag is on a line of its own (a message may contain the text "</details>").
  return markdown.slice(start, markdown.indexOf('\n</details>', start) + '\n</details>'.length);
}

/** Cells of a table row, split on unescaped pipes. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
}


function assertValidUtf8(markdown: string): void {
  assert.ok(!markdown.includes('\uFFFD'), 'a multi-byte character was cut');
  assert.equal(Buffer.from(markdown, 'utf8').toString('utf8'), markdown);
}

// ---------------------------------------------------------------------------------------------------------
// Real runs

describe('job summary of a real failing run', () => {
  let project: string;
  let first: { report: OrchestratorReport; markdown: string };
  let second: { report: OrchestratorReport; markdown: string };

  before(async () => {
    project = copyExample();
    addFile(project, 'models/broken/broken.sql', "{{ config(materialized='table') }}\n\nselect error('boom') as id\n");
    addFile(project, 'models/broken/broken_child.sql', "select id from {{ ref('broken') }}\n");
    addFile(project, 'tests/assert_no_customers.sql', "-- Fails on purpose: returns every customer.\nselect customer_id\nfrom {{ ref('customers') }}\n");
    const render = () => {
      const r = orchestratorReport(project);
      return { report: r, markdown: renderSummary(r, { manifestNodes: manifestNodes(project), compiledCode: compiledCode(project) }) };
    };
    assert.equal((await orchestrate(project, ['build'])).code, 1);
    first = render();
    assert.equal((await orchestrate(project, ['build'])).code, 1);
    second = render();
  });

  it('headline: overall status, command and the totals of the report', () => {
    const { totals } = first.report;
    assert.deepEqual(
      { failed: totals.failed, skipped: totals.skipped, reused: totals.reused, ephemeral: totals.ephemeral },
      { failed: 2, skipped: 1, reused: 0, ephemeral: 1 },
    );
    const lines = first.markdown.split('\n');
    assert.equal(lines[0], '## ❌ dbt build failed');
    assert.equal(
      lines[2],
      `**2 failed** · ${totals.succeeded} built · 0 reused · 1 skipped — ${totals.selected} nodes selected (+1 ephemeral)`,
    );
    assert.equal(
      lines[4],
      `⏱️ ${formatSeconds(first.report.timeSpentSeconds)} spent building · ` +
        `${formatSeconds(first.report.run.elapsedSeconds)} wall time`,
    );
    assert.ok(!first.markdown.includes(TRUNCATION_NOTICE));
  });

  it('one table row per node, grouped failed → skipped → built', () => {
    const { totals } = first.report;
    const failed = tableRows(first.markdown, '### ❌ Failed (2)');
    assert.deepEqual(failed.map((row) => cells(row).slice(0, 2)), [
      ['❌ error', 'model `broken`'],
      ['❌ fail', 'test `assert_no_customers`'],
    ]);
    assert.deepEqual(tableRows(first.markdown, '### ⏭️ Skipped (1)'), [
      '| ⏭️ skipped | model `broken_child` | skipped: upstream `broken` failed | – | 0 |',
    ]);
    const built = tableRows(first.markdown, `✅ Built (${totals.succeeded})`);
    assert.equal(built.length, totals.succeeded);
    assert.ok(built.every((row) => cells(row).length === 5 && cells(row)[2] === 'no previous result' && cells(row)[4] === '1'));
    const order = ['### ❌ Failed', '### Failure details', '### ⏭️ Skipped', '✅ Built'].map((title) => first.markdown.indexOf(title));
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
    assert.ok(!first.markdown.includes('Reused ('));
    assertBalanced(first.markdown);
  });

  it("a failed model's details hold dbt's error and the compiled SQL", () => {
    const details = detailsOf(first.markdown, 'model broken');
    assert.ok(details.startsWith('<details><summary>❌ <b>model broken</b> (error): Invalid Input Error: boom</summary>'));
    assert.ok(details.includes('File: `models/broken/broken.sql` · Relation: `"jaffle_shop"."main"."broken"` · 1 attempt'));
    assert.ok(details.includes('```text\nRuntime Error in model broken (models/broken/broken.sql)\n  Invalid Input Error: boom\n```'));
    assert.ok(details.includes("Compiled SQL:\n\n```sql\nselect error('boom') as id\n```"));
  });

  it("a failed test's details hold the failure count and its compiled query", () => {
    const details = detailsOf(first.markdown, 'test assert_no_customers');
    assert.match(details, /\(fail\): Got \d+ results, configured to fail if != 0<\/summary>/);
    assert.ok(details.includes('File: `tests/assert_no_customers.sql`'));
    assert.ok(details.includes('```sql\n-- Fails on purpose: returns every customer.\nselect customer_id\nfrom "jaffle_shop"."main"."customers"\n```'));
  });

  it('the re-run reuses everything that succeeded and says how much time that saved', () => {
    const { totals } = second.report;
    assert.equal(totals.reused, first.report.totals.succeeded);
    assert.equal(totals.succeeded, 0);
    assert.ok(second.report.totals.savedSeconds > 0);
    assert.equal(
      second.markdown.split('\n')[2],
      `**2 failed** · 0 built · ${totals.reused} reused · 1 skipped — ${totals.selected} nodes selected (+1 ephemeral)`,
    );
    assert.ok(second.markdown.includes(` · ${formatSeconds(second.report.totals.savedSeconds)} saved by reuse · `));
    const reused = tableRows(second.markdown, `♻️ Reused (${totals.reused})`);
    assert.equal(reused.length, totals.reused);
    for (const row of reused) {
      const [status, , reason, time, attempts] = cells(row);
      assert.equal(status, '♻️ reused');
      assert.match(reason, /^unchanged since \d{4}-\d\d-\d\dT/);
      assert.match(time, / s saved$/);
      assert.equal(attempts, '0');
    }
    assert.equal(tableRows(second.markdown, '### ❌ Failed (2)').length, 2);
    assertBalanced(second.markdown);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Synthetic reports

interface NodeSpec {
  name: string;
  status: string;
  type?: string;
  message?: string | null;
}

function node({ name, status, type = 'model', message = null }: NodeSpec): ReportNode {
  const decision = status === 'reused' ? 'reuse' : status === 'skipped' ? 'skip' : 'run';
  return {
    uniqueId: `${type}.pkg.${name}`,
    name,
    resourceType: type,
    hash: 'h',
    inputs: [],
    decision,
    reason: decision === 'reuse' ? 'unchanged since 2025-01-01T00:00:00.000Z' : decision === 'skip' ? 'skipped: upstream `f0` failed' : 'no previous result',
    status,
    attempts: decision === 'run' ? 1 : 0,
    timing: [],
    executionTime: decision === 'run' ? 1.5 : 0,
    relationName: null,
    message,
    failures: null,
    ...(decision === 'reuse' ? { reusedFrom: { hash: 'h', runId: 'r0', recordedAt: '2025-01-01T00:00:00.000Z', executionTime: 2 } } : {}),
  };
}

function syntheticReport(nodes: ReportNode[]): OrchestratorReport {
  const by = (status: string) => nodes.filter((n) => n.status === status).length;
  const failed = nodes.filter((n) => n.decision === 'run' && !['success', 'pass'].includes(n.status)).length;
  return {
    schemaVersion: 1,
    run: { runId: 'run-1', command: 'build', startedAt: '', finishedAt: '', elapsedSeconds: 3725, dbtVersion: '1.12.6', adapterType: 'duckdb', args: {} },
    totals: {
      selected: nodes.length,
      run: nodes.filter((n) => n.decision === 'run').length,
      reused: by('reused'),
      skipped: by('skipped'),
      succeeded: by('success'),
      warned: 0,
      failed,
      notRun: 0,
      ephemeral: 0,
      savedSeconds: 2 * by('reused'),
    },
    timeSpentSeconds: 1.5 * nodes.filter((n) => n.decision === 'run').length,
    nodes,
  };
}

function many(count: number, spec: (i: number) => NodeSpec): ReportNode[] {
  return Array.from({ length: count }, (_, i) => node(spec(i)));
}

describe('job summary of large synthetic reports', () => {
  it('5,000 nodes and a 2 MB compiled query: every failure kept, long tables and the SQL capped, no notice', () => {
    const hugeSql = Array.from({ length: 40_000 }, (_, i) => `select ${i} as col_${i} union all -- ${'x'.repeat(20)}`).join('\n');
    assert.ok(utf8Length(hugeSql) > 2_000_000);
    const nodes = [
      ...many(20, (i) => ({ name: `f${i}`, status: 'error', message: `Runtime Error in model f${i} (models/f${i}.sql)\n  boom ${i}` })),
      ...many(30, (i) => ({ name: `s${i}`, status: 'skipped' })),
      ...many(950, (i) => ({ name: `b${i}`, status: 'success' })),
      ...many(4_000, (i) => ({ name: `r${i}`, status: 'reused' })),
    ];
    const markdown = renderSummary(syntheticReport(nodes), { compiledCode: { 'model.pkg.f0': hugeSql } });

    assert.ok(utf8Length(markdown) <= DEFAULT_SUMMARY_MAX_BYTES);
    assert.ok(!markdown.includes(TRUNCATION_NOTICE));
    assert.equal(markdown.split('\n')[2], '**20 failed** · 950 built · 4,000 reused · 30 skipped — 5,000 nodes selected');
    assert.equal(markdown.split('\n')[4], '⏱️ 24m 15s spent building · 2h 13m saved by reuse · 1h 02m wall time');
    assert.equal(tableRows(markdown, '### ❌ Failed (20)').length, 20);
    assert.equal(tableRows(markdown, '### ⏭️ Skipped (30)').length, 30);
    assert.equal(tableRows(markdown, '✅ Built (950)').length, 200);
    assert.ok(markdown.includes('… and 750 more built nodes (see orchestrator.json)'));
    assert.equal(tableRows(markdown, '♻️ Reused (4,000)').length, 200);
    assert.ok(markdown.includes('… and 3,800 more reused nodes (see orchestrator.json)'));
    const details = detailsOf(markdown, 'model f0');
    assert.ok(details.includes('```sql\nselect 0 as col_0 union all'));
    assert.match(details, /```\n\n_\(truncated: showing 200 of 40,000 lines, [\d.]+ kB of 2\.\d MB\)_\n\n<\/details>$/);
    assert.equal((markdown.match(/<details><summary>❌/g) ?? []).length, 20);
    assertBalanced(markdown);
  });

  it('over the budget: compiled SQL goes first, then long tables, then messages; failures and skips stay', () => {
    const message = (i: number) => `Runtime Error in model f${i} (models/f${i}.sql)\n${'  Database Error: 🙃 ünïcödé detail\n'.repeat(150)}`;
    const sql = 'select\n' + '  1 as x, -- ✓ padding\n'.repeat(2_000);
    const nodes = [
      ...many(1_000, (i) => ({ name: `f${i}`, status: 'error', message: message(i) })),
      ...many(500, (i) => ({ name: `s${i}`, status: 'skipped' })),
      ...many(3_500, (i) => ({ name: `r${i}`, status: 'reused' })),
    ];
    const compiledCode = Object.fromEntries(nodes.filter((n) => n.status === 'error').map((n) => [n.uniqueId, sql]));
    const markdown = renderSummary(syntheticReport(nodes), { compiledCode, artifactUrl: 'https://example.test/a/1' });

    assert.ok(utf8Length(markdown) <= DEFAULT_SUMMARY_MAX_BYTES, String(utf8Length(markdown)));
    assert.ok(markdown.trimEnd().endsWith(`${TRUNCATION_NOTICE} ([download](https://example.test/a/1)).`));
    assert.ok(!markdown.includes('Compiled SQL:'));
    assert.equal(tableRows(markdown, '### ❌ Failed (1,000)').length, 1_000);
    assert.equal(tableRows(markdown, '### ⏭️ Skipped (500)').length, 500);
    assert.ok(markdown.includes('<details><summary><b>♻️ Reused (3,500)</b></summary>\n\n… and 3,500 more reused nodes (see orchestrator.json)\n\n</details>'));
    // Messages are shortened, with a marker, but every failure keeps its section.
    assert.equal((markdown.match(/<details><summary>❌/g) ?? []).length, 1_000);
    assert.match(detailsOf(markdown, 'model f999'), /```\n\n_\(truncated: showing 8 of 151 lines, \d+ B of 6\.\d kB\)_\n\n<\/details>$/);
    assertBalanced(markdown);
    assertValidUtf8(markdown);
  });

  it('when dropping the compiled SQL is enough, tables and messages stay whole', () => {
    // ~17 kB each: under the per-query cap, so only the byte budget can drop it.
    const sql = `select\n${`  1 as padding_column, -- ${'x'.repeat(90)}\n`.repeat(140)}  2 as last`;
    const nodes = [
      ...many(100, (i) => ({ name: `f${i}`, status: 'error', message: `Runtime Error in model f${i} (models/f${i}.sql)\n  boom` })),
      ...many(500, (i) => ({ name: `r${i}`, status: 'reused' })),
    ];
    const compiledCode = Object.fromEntries(nodes.slice(0, 100).map((n) => [n.uniqueId, sql]));
    const full = renderSummary(syntheticReport(nodes), { compiledCode, maxBytes: 10_000_000 });
    assert.ok(utf8Length(full) > 1_000_000 && full.includes('Compiled SQL:') && !full.includes(TRUNCATION_NOTICE));

    const markdown = renderSummary(syntheticReport(nodes), { compiledCode });
    assert.ok(utf8Length(markdown) <= DEFAULT_SUMMARY_MAX_BYTES);
    assert.ok(!markdown.includes('Compiled SQL:'));
    assert.equal(tableRows(markdown, '♻️ Reused (500)').length, 200);
    assert.ok(detailsOf(markdown, 'model f99').includes('```text\nRuntime Error in model f99 (models/f99.sql)\n  boom\n```'));
    assert.ok(markdown.endsWith(`> ${TRUNCATION_NOTICE}.\n`));
    assertBalanced(markdown);
  });

  it('50,000 failures with compiled SQL each: rendered lazily, capped failure rows and sections', () => {
    const sql = `select\n${'  1 as c, -- padding padding padding padding padding padding padding padding\n'.repeat(190)}`;
    const nodes = many(50_000, (i) => ({ name: `m${i}`, status: 'error', message: `Runtime Error in model m${i} (models/m${i}.sql)\n  permission denied` }));
    // Counts which nodes' SQL the renderer reads: lazily rendered means only the nodes it shows.
    const read = new Set<string>();
    const compiledCode = new Proxy(Object.fromEntries(nodes.map((n) => [n.uniqueId, sql])), {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key);
      },
    });
    const markdown = renderSummary(syntheticReport(nodes), { compiledCode });
    // Fully rendered, the first level alone would be ~800 MB: the SQL of at most the 500 detailed nodes is read.
    assert.ok(read.size <= 500, `read the SQL of ${read.size} nodes`);
    assert.ok(utf8Length(markdown) <= DEFAULT_SUMMARY_MAX_BYTES);
    assert.equal(tableRows(markdown, '### ❌ Failed (50,000)').length, 5_000);
    assert.ok(markdown.includes('… and 45,000 more failed nodes (see orchestrator.json)'));
    assert.equal((markdown.match(/<details><summary>❌/g) ?? []).length, 500);
    assert.ok(markdown.includes('\n\n… and 49,500 more failed nodes (see orchestrator.json)\n\n'));
    assert.ok(markdown.endsWith(`> ${TRUNCATION_NOTICE}.\n`));
    assertBalanced(markdown);
  });

  it('a tiny budget keeps whole blocks only and still ends with the notice', () => {
    const nodes = many(300, (i) => ({ name: `f${i}`, status: 'error', message: '€'.repeat(5_000) }));
    for (const maxBytes of [1_500, 4_000, 20_000]) {
      const markdown = renderSummary(syntheticReport(nodes), { maxBytes, compiledCode: { 'model.pkg.f0': '```\n'.repeat(10) } });
      assert.ok(utf8Length(markdown) <= maxBytes, `${utf8Length(markdown)} > ${maxBytes}`);
      assert.ok(markdown.startsWith('## ❌ dbt build failed'));
      assert.ok(markdown.includes(TRUNCATION_NOTICE));
      assertBalanced(markdown);
      assertValidUtf8(markdown);
    }
  });

  it('names, reasons and messages cannot break the table, the fences or the page', () => {
    const nasty = node({ name: 'a|b`c', status: 'error', message: 'Error with | pipe\n```sql\nselect 1\n```\nand ````` five ticks </details>' });
    nasty.reason = 'upstream `x|y` changed\n<details>second line';
    const markdown = renderSummary(syntheticReport([nasty, node({ name: 'ok', status: 'success' })]), {
      compiledCode: { [nasty.uniqueId]: 'select "````" as ticks' },
    });
    const [row] = tableRows(markdown, '### ❌ Failed (1)');
    assert.deepEqual(cells(row), ['❌ error', 'model ``a\\|b`c``', 'upstream `x\\|y` changed<br>&lt;details>second line', '1.50 s', '1']);
    const details = detailsOf(markdown, 'model a|b`c');
    assert.ok(details.includes('``````text\nError with | pipe\n```sql\nselect 1\n```\nand ````` five ticks </details>\n``````'));
    assert.ok(details.includes('`````sql\nselect "````" as ticks\n`````'));
    assertBalanced(markdown);
  });

  it('a successful run has a green headline, collapsed tables and optional links', () => {
    const markdown = renderSummary(syntheticReport(many(3, (i) => ({ name: `m${i}`, status: 'success' }))), {
      runUrl: 'https://github.com/o/r/actions/runs/9',
      artifactUrl: 'https://github.com/o/r/actions/runs/9/artifacts/7',
    });
    assert.ok(markdown.startsWith('## ✅ dbt build succeeded\n'));
    assert.ok(markdown.includes('[Workflow run](https://github.com/o/r/actions/runs/9) · [orchestrator.json artifact](https://github.com/o/r/actions/runs/9/artifacts/7)'));
    assert.ok(!markdown.includes('Failure details'));
    assert.equal(tableRows(markdown, '✅ Built (3)').length, 3);
  });
});

describe('markdown primitives', () => {
  it('truncateUtf8 never splits a character', () => {
    const text = 'aé😀€';
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => truncateUtf8(text, n)), ['a', 'a', 'aé', 'aé', 'aé', 'aé', 'aé😀', 'aé😀', 'aé😀', 'aé😀€']);
  });

  it('fences and code spans outgrow the backtick runs they contain', () => {
    assert.equal(fencedBlock('plain', 'sql'), '```sql\nplain\n```');
    assert.equal(fencedBlock('a ```` b'), '`````\na ```` b\n`````');
    assert.equal(codeSpan('orders'), '`orders`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x'), '`` `x ``');
  });
});
