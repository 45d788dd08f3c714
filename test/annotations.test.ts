// Error annotations and the skipped notice: from a real failing run (database, Jinja and test failures with
// the line hints dbt really emits) and from synthetic reports for the cap of 10.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  DEFAULT_MAX_ANNOTATIONS,
  failureAnnotations,
  skippedNotice,
  trustedLine,
  workspacePath,
  type ManifestNodeInfo,
} from '../src/report/annotations.js';
import type { OrchestratorReport, ReportNode } from '../src/report/orchestrator-json.js';
import { copyExample, orchestrate, report } from './helpers/project.js';

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

describe('annotations of a real failing run', () => {
  let project: string;
  let run: OrchestratorReport;
  let manifestNodes: Record<string, ManifestNodeInfo>;
  const readSource = (path: string): string | undefined => readFileSync(join(project, path), 'utf8');

  before(async () => {
    project = copyExample();
    // A runtime error without a line hint, and its child (skipped).
    addFile(project, 'models/broken/broken.sql', "{{ config(materialized='table') }}\n\nselect error('boom') as id\n");
    addFile(project, 'models/broken/broken_child.sql', "select id from {{ ref('broken') }}\n");
    // A parser error: DuckDB says "LINE 7" (of the executed DDL) for line 3 of this file.
    addFile(project, 'models/broken/typo.sql', 'select\n  1 as id,\n  2 as as b\n');
    // A Jinja syntax error at run time whose "line 2" is a line of the rendered string, not of this file.
    addFile(project, 'models/broken/bad_render.sql', "select 1 as id\n{% if execute %}\n{{ render('x\\n{{ foo bar }}') }}\n{% endif %}\n");
    addFile(project, 'tests/assert_no_customers.sql', '-- Fails on purpose.\nselect customer_id\nfrom {{ ref(\'customers\') }}\n');
    assert.equal((await orchestrate(project, ['build'])).code, 1);
    run = report(project) as unknown as OrchestratorReport;
    const manifest = JSON.parse(readFileSync(join(project, 'target/manifest.json'), 'utf8'));
    manifestNodes = { ...manifest.nodes, ...manifest.unit_tests };
  });

  it('one annotation per failed node, in execution order, on the file in the workspace', () => {
    const annotations = failureAnnotations(run, { manifestNodes, projectDir: 'analytics/jaffle_shop/' });
    const failed = run.nodes.filter((n) => n.status === 'error' || n.status === 'fail');
    assert.equal(run.totals.failed, 4);
    assert.deepEqual(
      annotations.map((a) => [a.title, a.file]),
      failed.map((n) => [`dbt ${n.resourceType} ${n.name} failed`, `analytics/jaffle_shop/${manifestNodes[n.uniqueId].original_file_path}`]),
    );
    assert.deepEqual(annotations.map((a) => a.title).sort(), [
      'dbt model bad_render failed',
      'dbt model broken failed',
      'dbt model typo failed',
      'dbt test assert_no_customers failed',
    ]);
    const broken = annotations.find((a) => a.title === 'dbt model broken failed');
    assert.deepEqual(broken, {
      title: 'dbt model broken failed',
      message: 'Runtime Error in model broken (models/broken/broken.sql)\n  Invalid Input Error: boom',
      file: 'analytics/jaffle_shop/models/broken/broken.sql',
    });
    const test = annotations.find((a) => a.title === 'dbt test assert_no_customers failed');
    assert.match(test?.message ?? '', /^Got \d+ results, configured to fail if != 0$/);
    // Skipped nodes are not errors.
    assert.ok(!annotations.some((a) => a.title.includes('broken_child')));
    // No line number without the source to confirm it.
    assert.ok(annotations.every((a) => a.startLine === undefined));
  });

  it('line numbers only when the source file confirms them', () => {
    const annotations = failureAnnotations(run, { manifestNodes, projectDir: '.', readSource });
    const byTitle = new Map(annotations.map((a) => [a.title, a]));
    const typo = byTitle.get('dbt model typo failed');
    assert.match(typo?.message ?? '', /LINE 7: {3}2 as as b/);
    assert.equal(typo?.file, 'models/broken/typo.sql');
    assert.equal(typo?.startLine, 3);
    const render = byTitle.get('dbt model bad_render failed');
    assert.match(render?.message ?? '', /\n {4}line 2\n {6}\{\{ foo bar \}\}$/);
    assert.equal(render?.startLine, undefined);
    assert.equal(byTitle.get('dbt model broken failed')?.startLine, undefined);
  });

  it('the skipped notice counts the skipped nodes and names the failure that caused them', () => {
    assert.equal(skippedNotice(run), '1 node was skipped (1 model): 1 after broken failed. See the job summary.');
  });
});

function failedNode(i: number, type = 'model', pkg = 'shop'): ReportNode {
  return {
    uniqueId: `${type}.${pkg}.n${i}`,
    name: `n${i}`,
    resourceType: type,
    hash: 'h',
    inputs: [],
    decision: 'run',
    reason: 'no previous result',
    status: type === 'test' ? 'fail' : 'error',
    attempts: 1,
    timing: [],
    executionTime: 1,
    relationName: null,
    message: `Runtime Error in ${type} n${i} (models/n${i}.sql)\n  boom ${i}`,
    failures: null,
  };
}

function skippedNode(name: string, type: string, cause?: string): ReportNode {
  return { ...failedNode(0, type), uniqueId: `${type}.shop.${name}`, name, decision: 'skip', status: 'skipped', message: null, attempts: 0, ...(cause ? { skippedBecauseOf: cause } : {}) };
}

function reportOf(nodes: ReportNode[]): OrchestratorReport {
  return {
    schemaVersion: 1,
    run: { runId: 'r', command: 'build', startedAt: '', finishedAt: '', elapsedSeconds: 1, dbtVersion: '1.12.6', adapterType: 'duckdb', args: {} },
    totals: { selected: nodes.length, run: 0, reused: 0, skipped: 0, succeeded: 0, warned: 0, failed: 0, notRun: 0, ephemeral: 0, savedSeconds: 0 },
    timeSpentSeconds: 0,
    nodes,
  };
}

const manifestOf = (nodes: ReportNode[]): Record<string, ManifestNodeInfo> =>
  Object.fromEntries(nodes.map((n) => [n.uniqueId, { original_file_path: `models/${n.name}.sql`, package_name: n.uniqueId.split('.')[1] }]));

describe('annotation cap and details', () => {
  it('at most 10 by default; the 10th says how many more failed', () => {
    const nodes = Array.from({ length: 25 }, (_, i) => failedNode(i));
    const annotations = failureAnnotations(reportOf(nodes), { manifestNodes: manifestOf(nodes), projectDir: 'p' });
    assert.equal(DEFAULT_MAX_ANNOTATIONS, 10);
    assert.equal(annotations.length, 10);
    assert.deepEqual(annotations.slice(0, 9).map((a) => a.message), nodes.slice(0, 9).map((n) => n.message));
    assert.equal(annotations[9].title, 'dbt model n9 failed');
    assert.equal(annotations[9].message, `${nodes[9].message}\n\nand 15 more failed nodes: see the job summary`);
  });

  it('a custom max, exactly max failures, one more than max, and none', () => {
    const nodes = Array.from({ length: 4 }, (_, i) => failedNode(i));
    const options = { manifestNodes: manifestOf(nodes), projectDir: 'p' };
    assert.equal(failureAnnotations(reportOf(nodes), { ...options, max: 4 }).at(-1)?.message, nodes[3].message);
    assert.equal(failureAnnotations(reportOf(nodes), { ...options, max: 3 }).at(-1)?.message, `${nodes[2].message}\n\nand 1 more failed node: see the job summary`);
    assert.deepEqual(failureAnnotations(reportOf(nodes), { ...options, max: 0 }), []);
    assert.deepEqual(failureAnnotations(reportOf([]), options), []);
  });

  it('titles by type and attempts; no file for nodes of installed packages or without a path', () => {
    const retried = { ...failedNode(1), attempts: 3 };
    const unit = failedNode(2, 'unit_test');
    const fromPackage = failedNode(3, 'model', 'dbt_utils');
    const noPath = failedNode(4, 'test');
    const nodes = [retried, unit, fromPackage, noPath];
    const manifestNodes = { ...manifestOf(nodes), [noPath.uniqueId]: {} };
    const annotations = failureAnnotations(reportOf(nodes), { manifestNodes, projectDir: './', projectName: 'shop' });
    assert.deepEqual(
      annotations.map((a) => [a.title, a.file]),
      [
        ['dbt model n1 failed after 3 attempts', 'models/n1.sql'],
        ['dbt unit test n2 failed', 'models/n2.sql'],
        ['dbt model n3 failed', undefined],
        ['dbt test n4 failed', undefined],
      ],
    );
  });

  it('workspace paths are posix and relative', () => {
    assert.equal(workspacePath('', 'models/a.sql'), 'models/a.sql');
    assert.equal(workspacePath('.', 'models/a.sql'), 'models/a.sql');
    assert.equal(workspacePath('./dbt/', './models/a.sql'), 'dbt/models/a.sql');
    assert.equal(workspacePath('dbt\\shop', 'models\\a.sql'), 'dbt/shop/models/a.sql');
  });

  it('trustedLine: Jinja line confirmed by the file, database echo found once, anything else ignored', () => {
    const source = 'select\n  a,\n  {{ foo bar }}\n  b + b\nfrom t\n  a,\n';
    assert.equal(trustedLine('Compilation Error\n  expected token\n    line 3\n      {{ foo bar }}', source), 3);
    // A wrong number but the echoed line exists exactly once: that line.
    assert.equal(trustedLine('x\n    line 9\n      {{ foo bar }}', source), 3);
    assert.equal(trustedLine('Parser Error: syntax error\n\n  LINE 12:   b + b\n             ^', source), 4);
    // Echoed text found twice, not at all, or too short to mean anything: no line.
    assert.equal(trustedLine('LINE 3:   a,', source), undefined);
    assert.equal(trustedLine('LINE 3: select something_else', source), undefined);
    assert.equal(trustedLine('LINE 3: b + b', 'b + b\nb + b\n'), undefined);
    assert.equal(trustedLine('    line 1\n      t', 't\n'), undefined);
    assert.equal(trustedLine('Invalid Input Error: boom', source), undefined);
  });

  it('skipped notice: counts by type, causes by frequency, nothing when nothing was skipped', () => {
    const cause = failedNode(1);
    const nodes = [
      cause,
      skippedNode('a', 'model', cause.uniqueId),
      skippedNode('b', 'test', cause.uniqueId),
      skippedNode('c', 'test', 'model.shop.gone'),
      skippedNode('d', 'unit_test', cause.uniqueId),
      skippedNode('e', 'snapshot'),
    ];
    assert.equal(
      skippedNotice(reportOf(nodes)),
      '5 nodes were skipped (1 model, 2 tests, 1 unit test, 1 snapshot): 3 after n1 failed, 1 after model.shop.gone failed, 1 not executed. See the job summary.',
    );
    assert.equal(skippedNotice(reportOf([cause])), undefined);
  });
});
