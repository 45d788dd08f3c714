// The sticky PR comment: rendered from a real engine run (a changed model, a new failing model and its
// skipped child) and from synthetic reports sized to hit GitHub's 65,536-character limit; posted with the
// REAL @octokit/rest client against the loopback fake of GitHub's REST API (test/helpers/fake-github-api.ts).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import { Octokit } from '@octokit/rest';
import { prNumberFromEvent, repoFromEnv, upsertPrComment } from '../src/github/comment.js';
import {
  clipChars,
  COMMENT_MARKER,
  DEFAULT_COMMENT_MAX_CHARS,
  GITHUB_COMMENT_LIMIT_CHARS,
  markerFor,
  renderPrComment,
  type ModifiedNode,
} from '../src/report/comment.js';
import type { OrchestratorReport, ReportNode } from '../src/report/orchestrator-json.js';
import { compiledCodeByUniqueId, formatSeconds } from '../src/report/summary.js';
import { startFakeGitHubApi, type FakeGitHubApi } from './helpers/fake-github-api.js';
import { copyExample, editFile, orchestrate, report, runResults } from './helpers/project.js';
import { assertBalanced } from './helpers/markdown.js';

// ---------------------------------------------------------------------------------------------------------
// Helpers

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}


/** No lone surrogate (a character cut in half), so the body is valid UTF-8 once sent. */
function assertWellFormed(text: string): void {
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text), 'a character was cut in half');
}

/** Code points: what GitHub's limit counts. Never more than the UTF-16 length the renderer measures. */
function codePoints(text: string): number {
  return [...text].length;
}

/** The rows of the modified-nodes table (header rows excluded). */
function modifiedRows(markdown: string): string[] {
  const lines = markdown.split('\n');
  const header = lines.indexOf('| Node | Why | Result |');
  assert.ok(header >= 0, 'no modified-nodes table');
  const rows: string[] = [];
  for (let i = header + 2; i < lines.length && lines[i].startsWith('| '); i++) rows.push(lines[i]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// A real run

describe('PR comment of a real run', () => {
  let project: string;
  let built: OrchestratorReport;
  let markdown: string;
  let modified: ModifiedNode[];
  const brokenSql = `select\n${Array.from({ length: 58 }, (_, i) => `  ${i} as c${i},`).join('\n')}\n  error('boom') as id\n`;

  before(async () => {
    project = copyExample();
    assert.equal((await orchestrate(project, ['build'])).code, 0);
    // The pull request: one changed staging model, one new model that fails, and its new child.
    editFile(project, 'models/staging/stg_orders.sql', (text) => text.replace('    status,', '    status,\n    order_date as ordered_on,'));
    addFile(project, 'models/broken/broken.sql', `{{ config(materialized='table') }}\n\n${brokenSql}`);
    addFile(project, 'models/broken/broken_child.sql', "select id from {{ ref('broken') }}\n");
    assert.equal((await orchestrate(project, ['build'])).code, 1);
    built = report(project) as unknown as OrchestratorReport;
    const node = (name: string) => {
      const found = built.nodes.find((n) => n.name === name && n.resourceType === 'model');
      assert.ok(found, `${name} not in the report`);
      return found;
    };
    modified = [
      { ...node('stg_orders'), reason: node('stg_orders').reason },
      { ...node('broken'), reason: 'new model' },
      { ...node('broken_child'), reason: 'new model' },
    ].map(({ uniqueId, name, resourceType, reason }) => ({ uniqueId, name, resourceType, reason }));
    markdown = renderPrComment({
      report: built,
      modified,
      compiledCode: compiledCodeByUniqueId(runResults(project) as unknown as { results: Array<{ unique_id: string; compiled_code?: string | null }> }),
      runUrl: 'https://github.com/acme/analytics/actions/runs/42',
      artifactUrl: 'https://github.com/acme/analytics/actions/runs/42/artifacts/7',
      stateSource: 'production run #123',
    });
  });

  it('the engine reported what the pull request did', () => {
    assert.equal(modified[0].reason, 'code changed');
    assert.deepEqual(
      { failed: built.totals.failed, skipped: built.totals.skipped, ephemeral: built.totals.ephemeral },
      { failed: 1, skipped: 1, ephemeral: 1 },
    );
    assert.ok(built.totals.reused > 0 && built.totals.succeeded > 0);
  });

  it('marker, status, counts, time, production state and links come first', () => {
    const { totals } = built;
    const head = markdown.split('\n').slice(0, 7).join('\n');
    assert.equal(
      head,
      [
        COMMENT_MARKER,
        '### ❌ dbt build failed',
        '',
        `**${totals.succeeded} built** · ${totals.reused} reused · **1 failed** · 1 skipped — ${totals.selected} nodes selected (+1 ephemeral)<br>`,
        `⏱️ ${formatSeconds(built.timeSpentSeconds)} spent building · ${formatSeconds(built.totals.savedSeconds)} saved by reuse · ` +
          `${formatSeconds(built.run.elapsedSeconds)} wall time<br>`,
        '🏭 Production state: production run #123<br>',
        '🔗 [Workflow run and job summary](https://github.com/acme/analytics/actions/runs/42) · ' +
          '[Artifact (orchestrator.json, run_results.json, logs)](https://github.com/acme/analytics/actions/runs/42/artifacts/7)',
      ].join('\n'),
    );
    assert.ok(markdown.startsWith(`${COMMENT_MARKER}\n`));
    assert.ok(built.totals.savedSeconds > 0);
  });

  it('the failure: dbt’s error, what it blocked, and a collapsed excerpt of the compiled SQL', () => {
    const start = markdown.indexOf('#### ❌ Failures (1)');
    assert.ok(start > 0);
    const section = markdown.slice(start, markdown.indexOf('#### ✏️ Modified nodes'));
    const compiledLines = brokenSql.trimEnd().split('\n');
    assert.equal(compiledLines.length, 60);
    assert.equal(
      section,
      [
        '#### ❌ Failures (1)',
        '**❌ model `broken`** (error)',
        '```text\nRuntime Error in model broken (models/broken/broken.sql)\n  Invalid Input Error: boom\n```',
        '⏭️ Skipped because of it: `broken_child`',
        `<details><summary>Compiled SQL (first 40 of 60 lines)</summary>\n\n\`\`\`sql\n${compiledLines.slice(0, 40).join('\n')}\n\`\`\`\n\n</details>`,
        '',
      ].join('\n\n'),
    );
  });

  it('the modified nodes, each with why and what became of it', () => {
    assert.ok(markdown.includes('#### ✏️ Modified nodes (3)\n\n| Node | Why | Result |\n| :-- | :-- | :-- |\n'));
    assert.deepEqual(modifiedRows(markdown), [
      '| model `stg_orders` | code changed | ✅ success |',
      '| model `broken` | new model | ❌ error |',
      '| model `broken_child` | new model | ⏭️ skipped |',
    ]);
    // Failures come before the table, the footer closes the comment.
    assert.ok(markdown.indexOf('#### ❌ Failures') < markdown.indexOf('#### ✏️ Modified nodes'));
    assert.ok(markdown.endsWith(`<sub>dbt-orchestrator · dbt ${built.run.dbtVersion} · duckdb · run ${built.run.runId} · updated ${built.run.finishedAt}</sub>\n`));
    assert.ok(!markdown.includes('not shown'));
    assertBalanced(markdown);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Synthetic reports

interface NodeSpec {
  name: string;
  status: string;
  type?: string;
  message?: string | null;
  skippedBecauseOf?: string;
}

function node({ name, status, type = 'model', message = null, skippedBecauseOf }: NodeSpec): ReportNode {
  const decision = status === 'reused' ? 'reuse' : status === 'skipped' ? 'skip' : 'run';
  return {
    uniqueId: `${type}.pkg.${name}`,
    name,
    resourceType: type,
    hash: 'h',
    inputs: [],
    decision,
    reason: decision === 'reuse' ? 'unchanged since 2025-01-01T00:00:00.000Z' : decision === 'skip' ? 'skipped: upstream failed' : 'code changed',
    status,
    attempts: decision === 'run' ? 1 : 0,
    timing: [],
    executionTime: decision === 'run' ? 1.5 : 0,
    relationName: null,
    message,
    failures: null,
    ...(decision === 'reuse' ? { reusedFrom: { hash: 'h', runId: 'r0', recordedAt: '2025-01-01T00:00:00.000Z', executionTime: 2 } } : {}),
    ...(skippedBecauseOf ? { skippedBecauseOf } : {}),
  };
}

function syntheticReport(nodes: ReportNode[]): OrchestratorReport {
  const by = (status: string) => nodes.filter((n) => n.status === status).length;
  const failed = nodes.filter((n) => n.decision === 'run' && !['success', 'pass'].includes(n.status)).length;
  return {
    schemaVersion: 1,
    run: { runId: 'run-1', command: 'build', startedAt: '', finishedAt: '2025-01-01T01:00:00.000Z', elapsedSeconds: 75, dbtVersion: '1.12.6', adapterType: 'duckdb', args: {} },
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

function modifiedOf(nodes: ReportNode[], reason: (i: number) => string = () => 'code changed'): ModifiedNode[] {
  return nodes.map((n, i) => ({ uniqueId: n.uniqueId, name: n.name, resourceType: n.resourceType, reason: reason(i) }));
}

describe('PR comment of large synthetic reports', () => {
  it('impact sections come after the modified nodes and are given up whole, with a note, to fit', () => {
    const nodes = many(3, (i) => ({ name: `m${i}`, status: 'success' }));
    const impactBlocks = ['#### 🧬 Schema changes against production\n\n' + '| x |\n'.repeat(2_000), '#### ⬇️ Downstream of the change\n\nsmall'];
    const full = renderPrComment({ report: syntheticReport(nodes), modified: modifiedOf(nodes), impactBlocks });
    assert.ok(full.indexOf('#### 🧬') > full.indexOf('Modified nodes') && full.indexOf('#### ⬇️') > full.indexOf('#### 🧬'));
    const small = renderPrComment({ report: syntheticReport(nodes), modified: modifiedOf(nodes), impactBlocks, maxChars: 5_000 });
    assert.ok(small.length <= 5_000, String(small.length));
    assert.ok(!small.includes('#### 🧬') && small.includes('#### ⬇️ Downstream of the change') && small.includes('Modified nodes (3)'));
    assert.match(small, /_Impact sections left out to fit GitHub's comment size limit; see the job summary\._/);
    assertBalanced(small);
  });

  const hugeSql = Array.from({ length: 40_000 }, (_, i) => `select ${i} as col_${i} union all -- ${'x'.repeat(20)} \`\`\` </details>`).join('\n');

  it('10,000 modified nodes and 2 MB of SQL: within the limit, failures whole, explicit truncation of the table', () => {
    assert.ok(hugeSql.length > 2_000_000);
    const failures = many(3, (i) => ({ name: `f${i}`, status: 'error', message: `Runtime Error in model f${i} (models/f${i}.sql)\n${'  Database Error: detail\n'.repeat(500)}` }));
    const nodes = [
      ...failures,
      ...many(9_997, (i) => ({ name: `model_with_a_long_name_${i}`, status: 'success' })),
      ...many(5, (i) => ({ name: `s${i}`, status: 'skipped', skippedBecauseOf: 'model.pkg.f0' })),
    ];
    const compiledCode = Object.fromEntries(failures.map((n) => [n.uniqueId, hugeSql]));
    const modified = modifiedOf(nodes.slice(0, 10_000), (i) => (i % 2 ? 'var `start_date` changed' : 'code changed'));
    const markdown = renderPrComment({ report: syntheticReport(nodes), modified, compiledCode, runUrl: 'https://example.test/run/1' });

    assert.ok(markdown.length <= DEFAULT_COMMENT_MAX_CHARS, String(markdown.length));
    assert.ok(markdown.length > DEFAULT_COMMENT_MAX_CHARS - 1_000, 'the budget is used, not wasted');
    assert.ok(markdown.startsWith(`${COMMENT_MARKER}\n### ❌ dbt build failed\n`));
    assertBalanced(markdown);
    assertWellFormed(markdown);

    // Every failure keeps its error (clipped, with a marker) and the first 40 lines of its SQL.
    for (const f of failures) {
      assert.ok(markdown.includes(`**❌ model \`${f.name}\`** (error)\n\n\`\`\`text\nRuntime Error in model ${f.name} (models/${f.name}.sql)\n`));
    }
    assert.equal((markdown.match(/<summary>Compiled SQL \(first 40 of 40,000 lines\)<\/summary>/g) ?? []).length, 3);
    // The SQL holds ``` and </details>: a longer fence keeps both inside the block.
    assert.ok(markdown.includes('\n````sql\nselect 0 as col_0 union all'));
    assert.match(markdown, /_\(truncated: showing 30 of 501 lines, \d+ B of [\d.]+ kB\)_/);
    assert.ok(markdown.includes('⏭️ Skipped because of it: `s0`, `s1`, `s2`, `s3`, `s4`'));

    // The table: collapsed, as many whole rows as fit, then the explicit note.
    const rows = modifiedRows(markdown);
    assert.ok(rows.length > 100, String(rows.length));
    assert.equal(rows[0], '| model `f0` | code changed | ❌ error |');
    assert.equal(rows[4], '| model `model_with_a_long_name_1` | code changed | ✅ success |');
    assert.equal(rows[5], '| model `model_with_a_long_name_2` | var `start_date` changed | ✅ success |');
    const hidden = (10_000 - rows.length).toLocaleString('en-US');
    assert.ok(markdown.includes(`\n\n_… ${hidden} more modified nodes not shown; see the job summary._\n\n</details>`));
    assert.ok(markdown.includes('#### ✏️ Modified nodes (10,000)\n\n<details><summary>10,000 modified nodes</summary>\n\n| Node | Why | Result |'));
    assert.ok(markdown.endsWith('<sub>dbt-orchestrator · dbt 1.12.6 · duckdb · run run-1 · updated 2025-01-01T01:00:00.000Z</sub>\n'));
  });

  it('thousands of failures: details shortened, then whole sections left out with a note; the table keeps rows', () => {
    const failures = many(5_000, (i) => ({ name: `m${i}`, status: 'error', message: `Runtime Error in model m${i} (models/m${i}.sql)\n  permission denied for schema analytics` }));
    const compiledCode = Object.fromEntries(failures.map((n) => [n.uniqueId, hugeSql]));
    const markdown = renderPrComment({ report: syntheticReport(failures), modified: modifiedOf(failures), compiledCode });

    assert.ok(markdown.length <= DEFAULT_COMMENT_MAX_CHARS);
    assertBalanced(markdown);
    assert.ok(markdown.includes("_Only the first line of each error is shown to fit GitHub's comment size limit; see the job summary for the full text._"));
    assert.ok(markdown.includes('**❌ model `m0`** (error): permission denied for schema analytics'));
    assert.ok(!markdown.includes('<summary>Compiled SQL'));
    const shown = (markdown.match(/^\*\*❌ model/gm) ?? []).length;
    assert.ok(shown > 100 && shown < 5_000, String(shown));
    assert.ok(markdown.includes(`_… ${(5_000 - shown).toLocaleString('en-US')} more failures not shown; see the job summary._`));
    const rows = modifiedRows(markdown);
    assert.ok(rows.length >= 20, `the reserve of modified rows was kept: ${rows.length}`);
    assert.ok(markdown.includes(`_… ${(5_000 - rows.length).toLocaleString('en-US')} more modified nodes not shown; see the job summary._`));
  });

  it('a few failures that do not fit in full lose their SQL before anything else', () => {
    const message = (i: number) => `Runtime Error in model f${i} (models/f${i}.sql)\n${'  detail line\n'.repeat(100)}`;
    const failures = many(60, (i) => ({ name: `f${i}`, status: 'error', message: message(i) }));
    const compiledCode = Object.fromEntries(failures.map((n) => [n.uniqueId, hugeSql]));
    const markdown = renderPrComment({ report: syntheticReport(failures), modified: [], compiledCode });
    assert.ok(markdown.length <= DEFAULT_COMMENT_MAX_CHARS);
    assert.ok(!markdown.includes('<summary>Compiled SQL'));
    assert.ok(markdown.includes("_Compiled SQL is left out and error messages are shortened to fit GitHub's comment size limit; see the job summary for the full text._"));
    assert.equal((markdown.match(/^\*\*❌ model/gm) ?? []).length, 60);
    assert.match(markdown, /_\(truncated: showing 10 of 101 lines, \d+ B of [\d.]+ kB\)_/);
    assert.ok(markdown.includes('#### ✏️ Modified nodes (0)\n\nNo node differs from the production state.'));
    assert.ok(!markdown.includes('not shown'));
    assertBalanced(markdown);
  });

  it('any budget: never over it, always balanced, always starting with the marker', () => {
    const emoji = '🙃'.repeat(200);
    const failures = many(30, (i) => ({ name: `f${i}_${emoji}`, status: 'error', message: `Runtime Error\n  ${emoji}\n${'  ünïcödé |<b>|\n'.repeat(60)}` }));
    const nodes = [...failures, ...many(3_000, (i) => ({ name: `n${i}`, status: 'reused' }))];
    const compiledCode = Object.fromEntries(failures.map((n) => [n.uniqueId, `select '${emoji}'\n`.repeat(100)]));
    const modified = modifiedOf(nodes, (i) => `macro \`m${i}\` changed ${emoji}`);
    const marker = markerFor('analytics/dbt');
    for (const maxChars of [200, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 40_000, 65_000, 200_000]) {
      const markdown = renderPrComment({ report: syntheticReport(nodes), modified, compiledCode, markerKey: 'analytics/dbt', stateWarning: `state ${emoji}`, maxChars });
      assert.ok(markdown.length <= maxChars, `${markdown.length} > ${maxChars}`);
      assert.ok(codePoints(markdown) <= markdown.length);
      assert.ok(markdown.startsWith(`${marker}\n`), `marker at ${maxChars}`);
      assertBalanced(markdown);
      assertWellFormed(markdown);
      if (maxChars >= 5_000) {
        assert.ok(markdown.includes('### ❌ dbt build failed · `analytics/dbt`'));
        assert.ok(markdown.includes(`> [!WARNING]\n> state ${emoji}`));
      }
    }
  });

  it('a success with nothing failed: ✅, no failures section, long reasons clipped in their cell', () => {
    const nodes = many(3, (i) => ({ name: `m${i}`, status: i === 0 ? 'success' : 'reused' }));
    const modified = [{ ...modifiedOf(nodes)[0], reason: `env var \`A|B\` changed <script> ${'x'.repeat(400)}` }];
    const markdown = renderPrComment({ report: syntheticReport(nodes), modified, stateWarning: 'no production state found\nevery node was built' });
    assert.ok(markdown.startsWith(`${COMMENT_MARKER}\n### ✅ dbt build succeeded\n\n**1 built** · 2 reused · 0 failed · 0 skipped — 3 nodes selected<br>\n`));
    assert.ok(markdown.includes('\n\n> [!WARNING]\n> no production state found\n> every node was built\n\n'));
    assert.ok(!markdown.includes('Failures'));
    const [row] = modifiedRows(markdown);
    assert.ok(row.startsWith('| model `m0` | env var `A\\|B` changed &lt;script> xxx'));
    assert.ok(row.endsWith('x… | ✅ success |'));
  });
});

describe('markers', () => {
  it('one per key, none a substring of another, none able to end the HTML comment early', () => {
    assert.equal(COMMENT_MARKER, '<!-- dbt-orchestrator:pr-comment -->');
    assert.equal(markerFor(), COMMENT_MARKER);
    assert.equal(markerFor('  '), COMMENT_MARKER);
    assert.equal(markerFor('analytics'), '<!-- dbt-orchestrator:pr-comment:analytics -->');
    assert.equal(markerFor('dbt/analytics'), '<!-- dbt-orchestrator:pr-comment:dbt/analytics -->');
    assert.equal(markerFor('a --> b'), '<!-- dbt-orchestrator:pr-comment:a-b -->');
    const markers = [markerFor(), markerFor('a'), markerFor('ab'), markerFor('a/b')];
    for (const a of markers) for (const b of markers) if (a !== b) assert.ok(!a.includes(b), `${a} contains ${b}`);
  });

  it('clipChars never cuts a surrogate pair', () => {
    assert.equal(clipChars('ab🙃cd', 4), 'ab…');
    assert.equal(clipChars('ab🙃cd', 5), 'ab🙃…');
    assert.equal(clipChars('abc', 3), 'abc');
    assert.ok(DEFAULT_COMMENT_MAX_CHARS < GITHUB_COMMENT_LIMIT_CHARS);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Posting: the real octokit client against the loopback fake

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('upsertPrComment', () => {
  let api: FakeGitHubApi;
  let octokit: Octokit;
  const PR = 7;

  beforeEach(async () => {
    api = await startFakeGitHubApi();
    octokit = new Octokit({ auth: api.token, baseUrl: api.url, log: silent });
  });
  afterEach(async () => {
    await api.close();
  });

  const upsert = (body: string, marker = COMMENT_MARKER, issueNumber = PR) =>
    upsertPrComment({ octokit, owner: api.owner, repo: api.repo, issueNumber, body, marker });

  it('creates the comment once, then updates it in place', async () => {
    api.addComment(PR, 'LGTM, but please check the failing model');
    const first = await upsert(`${COMMENT_MARKER}\nfirst run`);
    assert.equal(first.action, 'created');
    assert.equal(first.warning, undefined);
    assert.equal(typeof first.id, 'number');
    assert.equal(first.url, `https://github.com/${api.owner}/${api.repo}/pull/${PR}#issuecomment-${first.id}`);

    const second = await upsert(`${COMMENT_MARKER}\nsecond run`);
    assert.deepEqual(second, { action: 'updated', id: first.id, url: first.url });
    const comments = api.comments(PR);
    assert.equal(comments.length, 2);
    assert.equal(comments[1].id, first.id);
    assert.equal(comments[1].body, `${COMMENT_MARKER}\nsecond run`);
    assert.equal(comments[1].user?.login, 'github-actions[bot]');
    assert.equal(api.requestsTo('issues.createComment').length, 1);
    assert.equal(api.requestsTo('issues.updateComment').length, 1);
  });

  it('follows pagination: the marker on page 2 of 151 comments is found and updated', async () => {
    for (let i = 0; i < 120; i++) api.addComment(PR, `comment ${i}`);
    const ours = api.addComment(PR, `${COMMENT_MARKER}\nold report`, { login: 'github-actions[bot]', id: 41898282, type: 'Bot' });
    for (let i = 0; i < 30; i++) api.addComment(PR, `later comment ${i}`);

    const result = await upsert(`${COMMENT_MARKER}\nnew report`);
    assert.deepEqual(result, { action: 'updated', id: ours.id, url: ours.html_url });
    assert.equal(api.comments(PR).length, 151);
    assert.equal(api.comments(PR)[120].body, `${COMMENT_MARKER}\nnew report`);
    const pages = api.requestsTo('issues.listComments');
    assert.equal(pages.length, 2);
    assert.ok(pages.every((p) => p.path.includes('per_page=100')));
    assert.equal(api.requestsTo('issues.createComment').length, 0);
  });

  it('prefers the comment written by a bot over a human one quoting the marker; markers with keys are separate', async () => {
    const bot = api.addComment(PR, `${COMMENT_MARKER}\nreport`, { login: 'github-actions[bot]', id: 41898282, type: 'Bot' });
    api.addComment(PR, `Why does this say ${COMMENT_MARKER}?`);
    assert.equal((await upsert(`${COMMENT_MARKER}\nreport 2`)).id, bot.id);

    const keyed = await upsert(`${markerFor('marts')}\nmarts report`, markerFor('marts'));
    assert.equal(keyed.action, 'created');
    assert.notEqual(keyed.id, bot.id);
    assert.equal((await upsert(`${markerFor('marts')}\nmarts report 2`, markerFor('marts'))).id, keyed.id);
    assert.equal((await upsert(`${COMMENT_MARKER}\nreport 3`)).id, bot.id);
    assert.equal(api.comments(PR).length, 3);
  });

  it('a marker comment we may not edit (written by someone else): a new one is created and used from then on', async () => {
    const human = api.addComment(PR, `${COMMENT_MARKER}\ncopied by hand`);
    const first = await upsert(`${COMMENT_MARKER}\nrun 1`);
    assert.equal(first.action, 'created');
    assert.match(first.warning ?? '', new RegExp(`^could not update comment ${human.id} \\(403 Resource not accessible by integration\\); created a new one$`));
    const second = await upsert(`${COMMENT_MARKER}\nrun 2`);
    assert.deepEqual(second, { action: 'updated', id: first.id, url: first.url });
    assert.equal(api.comments(PR).length, 2);
  });

  it('a read-only token (fork PR): skipped with a warning, never thrown', async () => {
    api.fail('issues.createComment', 403);
    const result = await upsert(`${COMMENT_MARKER}\nreport`);
    assert.deepEqual(result, {
      action: 'skipped',
      warning:
        'could not comment on the pull request (403 Resource not accessible by integration); ' +
        'a token with pull-requests: write is needed — the job summary has the report',
    });
    assert.equal(api.comments(PR).length, 0);
  });

  it('read-only token with an existing comment: update and create both refused → skipped', async () => {
    api.addComment(PR, `${COMMENT_MARKER}\nold`, { login: 'github-actions[bot]', id: 41898282, type: 'Bot' });
    api.fail('issues.updateComment', 403);
    api.fail('issues.createComment', 403);
    const result = await upsert(`${COMMENT_MARKER}\nnew`);
    assert.equal(result.action, 'skipped');
    assert.match(result.warning ?? '', /\(403 Resource not accessible by integration\); a token with pull-requests: write is needed/);
    assert.equal(api.comments(PR)[0].body, `${COMMENT_MARKER}\nold`);
  });

  it('other API failures are warnings too: 404 on listing, 500, a dropped connection, bad credentials', async () => {
    api.fail('issues.listComments', 404, undefined, { times: 1 });
    assert.deepEqual(await upsert('x'), {
      action: 'skipped',
      warning: 'could not comment on the pull request (404 Not Found); a token with pull-requests: write is needed — the job summary has the report',
    });
    api.fail('issues.createComment', 500, undefined, { times: 1 });
    assert.deepEqual(await upsert('x'), {
      action: 'skipped',
      warning: 'could not comment on the pull request (500 Server Error); the job summary has the report',
    });
    api.fail('issues.listComments', 'drop', undefined, { times: 1 });
    const dropped = await upsert('x');
    assert.equal(dropped.action, 'skipped');
    assert.match(dropped.warning ?? '', /^could not comment on the pull request \(.+\); the job summary has the report$/);
    const wrongToken = new Octokit({ auth: 'ghs_wrong', baseUrl: api.url, log: silent });
    const bad = await upsertPrComment({ octokit: wrongToken, owner: api.owner, repo: api.repo, issueNumber: PR, body: 'x', marker: COMMENT_MARKER });
    assert.deepEqual(bad, { action: 'skipped', warning: 'could not comment on the pull request (401 Bad credentials); the job summary has the report' });
    assert.equal(api.comments(PR).length, 0);
  });

  it('a body at the default budget is accepted by the API', async () => {
    const nodes = [
      ...many(50, (i) => ({ name: `f${i}`, status: 'error', message: `boom ${'🙃'.repeat(3_000)}` })),
      ...many(3_000, (i) => ({ name: `n${i}`, status: 'success' })),
    ];
    const body = renderPrComment({ report: syntheticReport(nodes), modified: modifiedOf(nodes) });
    assert.ok(body.length <= DEFAULT_COMMENT_MAX_CHARS && body.length > 60_000, String(body.length));
    const result = await upsert(body);
    assert.equal(result.action, 'created');
    assert.equal(api.comments(PR)[0].body, body);
  });
});

describe('prNumberFromEvent and repoFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-'));
  const event = (name: string, payload: unknown) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
    return path;
  };

  it('pull_request and pull_request_target events give the PR number; anything else undefined', () => {
    const pr = event('pr', { action: 'synchronize', number: 12, pull_request: { number: 12, head: { sha: 'abc' } } });
    assert.equal(prNumberFromEvent(undefined, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: pr }), 12);
    assert.equal(prNumberFromEvent(pr, { GITHUB_EVENT_NAME: 'pull_request_target' }), 12);
    assert.equal(prNumberFromEvent(pr, { GITHUB_EVENT_NAME: 'push' }), undefined);
    assert.equal(prNumberFromEvent(pr, {}), undefined);
    const push = event('push', { ref: 'refs/heads/main' });
    assert.equal(prNumberFromEvent(push, { GITHUB_EVENT_NAME: 'pull_request' }), undefined);
    assert.equal(prNumberFromEvent(event('bad', '{not json'), { GITHUB_EVENT_NAME: 'pull_request' }), undefined);
    assert.equal(prNumberFromEvent(join(dir, 'missing.json'), { GITHUB_EVENT_NAME: 'pull_request' }), undefined);
    assert.equal(prNumberFromEvent(undefined, { GITHUB_EVENT_NAME: 'pull_request' }), undefined);
    assert.equal(prNumberFromEvent(event('str', { pull_request: { number: '12' } }), { GITHUB_EVENT_NAME: 'pull_request' }), undefined);
  });

  it('GITHUB_REPOSITORY gives owner and repo', () => {
    assert.deepEqual(repoFromEnv({ GITHUB_REPOSITORY: 'acme/analytics' }), { owner: 'acme', repo: 'analytics' });
    assert.equal(repoFromEnv({}), undefined);
    assert.equal(repoFromEnv({ GITHUB_REPOSITORY: 'nope' }), undefined);
  });
});
