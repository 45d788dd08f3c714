// Data-aware reuse with real dbt and DuckDB: a loader writes raw tables outside dbt; new rows (a newer
// loaded_at) rebuild exactly what reads them; unknown sources follow their policy; lag tolerance and
// max-age with an injected clock; the freshness command's thresholds and exit codes. Each test works on its own
// copy of its describe's baseline (project, DuckDB file, target/ and store).

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runEngine } from '../src/engine/run.js';
import { validateOptions } from '../src/options.js';
import { copyBuilt } from './helpers/fixtures.js';
import { copyExample, DBT, duckdb, editFile, orchestrate, report } from './helpers/project.js';

const HOUR = 3600_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** The loader: raw tables dbt only reads. */
function load(project: string, sql: string): void {
  duckdb(project, sql);
}

function addFile(project: string, relative: string, text: string): void {
  mkdirSync(join(project, relative, '..'), { recursive: true });
  writeFileSync(join(project, relative), text);
}

const SOURCES = `sources:
  - name: loader
    schema: loader
    tables:
      - name: events
        config:
          loaded_at_field: loaded_at
          freshness:
            warn_after: {count: 1, period: hour}
            error_after: {count: 48, period: hour}
      - name: refunds
        meta:
          dbt_orchestrator:
            unknown_data: assume-unchanged
`;

function setUpLoader(project: string, now: number): void {
  load(project, 'create schema if not exists loader');
  load(project, `create table loader.events as select 1 as id, 'click' as kind, timestamp '${iso(now - 3 * HOUR)}' as loaded_at`);
  load(project, 'create table loader.refunds as select 1 as id, 100 as amount');
  addFile(project, 'models/loader/loader_sources.yml', SOURCES);
  addFile(project, 'models/loader/stg_events.sql', "select * from {{ source('loader', 'events') }}\n");
  addFile(project, 'models/loader/events_daily.sql', "{{ config(materialized='table') }}\nselect kind, count(*) as n from {{ ref('stg_events') }} group by kind\n");
  addFile(project, 'models/loader/stg_refunds.sql', "select * from {{ source('loader', 'refunds') }}\n");
}

const m = (name: string): string => `model.jaffle_shop.${name}`;

function ran(project: string): string[] {
  return report(project)
    .nodes.filter((n) => n.decision === 'run' && n.resourceType !== 'test')
    .map((n) => n.uniqueId)
    .sort();
}

function reason(project: string, id: string): string {
  return report(project).nodes.find((n) => n.uniqueId === id)!.reason;
}

/** The engine in-process with an injected clock (no sleeps). */
async function buildAt(project: string, at: number, extra: Record<string, unknown> = {}): Promise<number> {
  const options = validateOptions({ command: 'build', projectDir: project, profilesDir: project, dbt: DBT, ...extra }, project);
  const lines: string[] = [];
  const result = await runEngine(options, {
    output: { line: (l) => lines.push(l), warn: (l) => lines.push(`warning: ${l}`) },
    env: process.env,
    cwd: project,
    now: () => new Date(at),
    sleep: async () => undefined,
  });
  assert.equal(result.exitCode, 0, `${result.error ?? ''}\n${lines.join('\n')}`);
  return result.exitCode;
}

describe('source data state in the hash', () => {
  let baseline: string;
  const t0 = Date.now();

  before(async () => {
    baseline = copyExample();
    // dbt-duckdb creates the database file on first use; the loader writes first here.
    setUpLoader(baseline, t0);
    await buildAt(baseline, t0);
  });

  it('no new data: everything is reused', async () => {
    const project = copyBuilt(baseline);
    await buildAt(project, t0 + 60_000);
    assert.deepEqual(ran(project), []);
  });

  it('new rows with a newer loaded_at rebuild exactly what reads that source', async () => {
    const project = copyBuilt(baseline);
    load(project, `insert into loader.events values (2, 'view', timestamp '${iso(t0 - HOUR)}')`);
    await buildAt(project, t0 + 2 * 60_000);
    assert.deepEqual(ran(project), [m('events_daily'), m('stg_events')]);
    assert.match(reason(project, m('stg_events')), /^`loader\.events` max_loaded_at \S+ → \S+$/);
    assert.equal(reason(project, m('events_daily')), 'upstream `stg_events` changed');
    // Branches of untouched sources were reused.
    assert.equal(report(project).nodes.find((n) => n.uniqueId === m('stg_refunds'))!.decision, 'reuse');
  });

  it('a source without a data state: rebuild by default, reuse when assumed unchanged', async () => {
    const project = copyBuilt(baseline);
    editFile(project, 'models/loader/loader_sources.yml', (t) => t.replace(/        meta:\n          dbt_orchestrator:\n            unknown_data: assume-unchanged\n/, ''));
    await buildAt(project, t0 + 3 * 60_000);
    await buildAt(project, t0 + 4 * 60_000);
    assert.deepEqual(ran(project), [m('stg_refunds')], 'the default policy treats unknown data as changed on every run');
    assert.match(reason(project, m('stg_refunds')), /`loader\.refunds`.*unknown/);
    await buildAt(project, t0 + 5 * 60_000, { unknownSources: 'assume-unchanged' });
    await buildAt(project, t0 + 6 * 60_000, { unknownSources: 'assume-unchanged' });
    assert.deepEqual(ran(project), []);
  });

  it('lag tolerance keeps a node while new data is younger than its tolerance', async () => {
    const project = copyBuilt(baseline);
    addFile(project, 'models/loader/loader_models.yml', 'models:\n  - name: events_daily\n    config:\n      meta:\n        dbt_orchestrator:\n          lag_tolerance: 6h\n');
    const start = t0 + 10 * 60_000;
    await buildAt(project, start, { unknownSources: 'assume-unchanged' });
    load(project, `insert into loader.events values (3, 'click', timestamp '${iso(t0 - HOUR / 2)}')`);
    await buildAt(project, start + HOUR, { unknownSources: 'assume-unchanged' });
    assert.deepEqual(ran(project), [m('stg_events')]);
    assert.match(reason(project, m('events_daily')), /^within lag tolerance 6h/);
    // Seven hours after its last build the tolerance is spent: it catches up with the new data.
    await buildAt(project, start + 7 * HOUR, { unknownSources: 'assume-unchanged' });
    assert.deepEqual(ran(project), [m('events_daily')]);
    assert.equal(reason(project, m('events_daily')), 'upstream `stg_events` changed');
  });

  it('max-age rebuilds anything older, whatever its hash', async () => {
    const project = copyBuilt(baseline);
    const start = t0 + 20 * HOUR;
    await buildAt(project, start, { unknownSources: 'assume-unchanged', maxAge: '1h' });
    await buildAt(project, start + 30 * 60_000, { unknownSources: 'assume-unchanged', maxAge: '1h' });
    assert.deepEqual(ran(project), []);
    await buildAt(project, start + 2 * HOUR, { unknownSources: 'assume-unchanged', maxAge: '1h' });
    const nodes = report(project).nodes.filter((n) => n.decision !== 'ephemeral');
    assert.ok(nodes.every((n) => n.decision === 'run'), 'every node is older than 1h');
    assert.match(reason(project, m('customers')), /^older than max-age 1h \(built /);
  });
});

describe('freshness', () => {
  let base: string;

  before(async () => {
    base = copyExample();
    setUpLoader(base, Date.now());
    load(base, `create table loader.old_events as select 1 as id, timestamp '2020-01-01 00:00:00' as loaded_at`);
    load(base, 'create table loader.broken as select 1 as id');
    editFile(base, 'models/loader/loader_sources.yml', (t) =>
      t.concat(`      - name: old_events
        config:
          loaded_at_field: loaded_at
          freshness:
            warn_after: {count: 1, period: hour}
            error_after: {count: 48, period: hour}
      - name: broken
        config:
          loaded_at_field: no_such_column
          freshness:
            warn_after: {count: 1, period: hour}
`),
    );
    addFile(base, 'models/loader/stg_broken.sql', "select * from {{ source('loader', 'broken') }}\n");
  });

  it('warn vs error thresholds: a table, sources.json, and exit codes by on-stale', async () => {
    const project = copyBuilt(base);
    const warnOnly = await orchestrate(project, ['freshness', '-s', 'source:loader.events']);
    assert.equal(warnOnly.code, 0, warnOnly.stderr);
    assert.match(warnOnly.stdout, /^loader\.events\s+\S+\s+3h\s+warn$/m);
    assert.ok(existsSync(join(project, 'target/sources.json')));
    const sources = JSON.parse(readFileSync(join(project, 'target/sources.json'), 'utf8'));
    assert.deepEqual(sources.results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status]), [['source.jaffle_shop.loader.events', 'warn']]);

    const warnFail = await orchestrate(project, ['freshness', '-s', 'source:loader.events', '--on-stale', 'fail']);
    assert.equal(warnFail.code, 0, 'a warning is not past error_after');

    const stale = await orchestrate(project, ['freshness', '-s', 'source:loader.old_events', '--on-stale', 'fail']);
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /^loader\.old_events\s+2020-01-01\S*\s+\S+\s+error$/m);
    const staleWarn = await orchestrate(project, ['freshness', '-s', 'source:loader.old_events', '--on-stale', 'warn']);
    assert.equal(staleWarn.code, 0);
    assert.match(staleWarn.stderr, /source loader\.old_events is stale \(error\)/);
  });

  it('a source whose freshness query errors is reported and treated as changed', async () => {
    const project = copyBuilt(base);
    const check = await orchestrate(project, ['freshness', '-s', 'source:loader.broken', '--on-stale', 'fail']);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^loader\.broken\s+-\s+-\s+runtime error$/m);

    const first = await orchestrate(project, ['build', '-s', 'stg_broken']);
    assert.equal(first.code, 0, first.stderr);
    const second = await orchestrate(project, ['build', '-s', 'stg_broken']);
    assert.equal(second.code, 0);
    assert.match(second.stderr, /source loader\.broken: freshness query failed/);
    assert.deepEqual(ran(project), [m('stg_broken')], 'never reused while its data state cannot be measured');
    assert.match(reason(project, m('stg_broken')), /freshness query failed/);
  });
});
