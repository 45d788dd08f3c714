// The GitHub Action end to end: the bundled dist/index.js under Node 24 against a loopback server that
// speaks the real cache v2 and artifact protocols (real @actions/cache and @actions/artifact clients),
// on the example project with real dbt. Fault tests run the same action code in-process, where the
// clients' multi-second retry back-off can be sped up.

import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as cache from '@actions/cache';
import { DefaultArtifactClient } from '@actions/artifact';
import { runAction, type ActionRuntime } from '../src/github/run-action.js';
import { runBundledAction, type ActionRun } from './helpers/action.js';
import { speedUpClientRetries, startFakeActionsServer, type FakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample, DBT } from './helpers/project.js';
import { validateRunResults } from './helpers/schema.js';

function workspaceWithExample(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
  return workspace;
}

const INPUTS = { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', threads: '4' };

function assertStep(run: ActionRun, ok: boolean): void {
  const failed = run.commands.some((c) => c.command === 'error' && c.properties === '' && run.code !== 0);
  assert.equal(run.code === 0, ok, `exit ${run.code}${failed ? ' (failed)' : ''}\n${run.stdout}\n${run.stderr}`);
}

describe('bundled action, two consecutive runs', () => {
  let server: FakeActionsServer;
  let workspace: string;
  let first: ActionRun;
  let second: ActionRun;
  let storeEntriesAfterFirst: Array<{ key: string; finalized: boolean }>;

  before(async () => {
    workspace = workspaceWithExample();
    server = await startFakeActionsServer({ workspace });
    first = await runBundledAction({ workspace, inputs: INPUTS, serviceEnv: server.env(), runId: server.run.runId });
    storeEntriesAfterFirst = server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-store-v1-'));
    // The second run starts on a runner without the first run's local store: only the cache can help.
    rmSync(join(workspace, 'jaffle_shop/.dbt-orchestrator'), { recursive: true, force: true });
    server.newRun();
    second = await runBundledAction({ workspace, inputs: INPUTS, serviceEnv: server.env(), runId: server.run.runId });
  });
  after(() => server.close());

  it('the first run builds everything and saves one cache entry for the store', () => {
    assertStep(first, true);
    assert.equal(first.outputs.status, 'success');
    assert.equal(first.outputs['cache-hit'], 'false');
    assert.equal(Number(first.outputs.built), 44);
    assert.equal(first.outputs.reused, '0');
    assert.equal(first.outputs.failed, '0');
    assert.equal(first.outputs.skipped, '0');
    assert.ok(first.outputs['run-results-path'].endsWith('jaffle_shop/target/run_results.json'));
    assert.ok(first.outputs['manifest-path'].endsWith('jaffle_shop/target/manifest.json'));
    const storeEntries = storeEntriesAfterFirst;
    assert.equal(storeEntries.length, 1);
    assert.ok(storeEntries[0].finalized);
    // Only hashes, ids and the prefix: no input values (they may be secrets).
    assert.match(storeEntries[0].key, /^dbt-orchestrator-store-v1-[0-9a-f]{16}-\d+-1-[0-9a-f]{8}$/);
  });

  it('the second run restores that state and reuses every node', () => {
    assertStep(second, true);
    assert.equal(second.outputs['cache-hit'], 'true');
    assert.equal(second.outputs.built, '0');
    assert.equal(Number(second.outputs.reused), 44);
    assert.equal(server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-store-v1-')).length, 2);
    // dbt's partial-parse file travels too, so warm runs parse fast.
    assert.ok(server.cacheEntries().some((e) => e.key.startsWith('dbt-orchestrator-parse-v1-')));
    assert.match(second.stdout, /result store restored from dbt-orchestrator-store-v1-/);
  });

  it('each run uploads one artifact with schema-valid run_results', () => {
    const artifacts = server.artifacts();
    assert.equal(artifacts.length, 2, 'one artifact per run');
    const artifact = artifacts.find((a) => String(a.id) === second.outputs['artifact-id'])!;
    assert.ok(artifact, `artifact ${second.outputs['artifact-id']} not uploaded`);
    assert.notEqual(first.outputs['artifact-id'], second.outputs['artifact-id']);
    assert.equal(artifact.name, 'dbt-orchestrator');
    assert.equal(String(artifact.id), second.outputs['artifact-id']);
    for (const f of ['target/manifest.json', 'target/run_results.json', 'target/orchestrator.json', 'logs/dbt-orchestrator.log']) {
      assert.ok(artifact.files.includes(f), `${f} missing from ${artifact.files.join(', ')}`);
    }
    const runResults = JSON.parse(artifact.read('target/run_results.json').toString());
    const validation = validateRunResults(runResults);
    assert.ok(validation.valid, validation.errors.join('\n'));
    assert.equal(runResults.results.length, 44);
    assert.ok(runResults.results.every((r: { status: string }) => r.status === 'reused'));
  });

  it('writes a job summary with the totals and log groups per phase', () => {
    assert.match(first.summary, /44 built/);
    assert.match(second.summary, /44 reused/);
    for (const group of ['dbt-orchestrator: restore cache', 'dbt: parse', 'dbt-orchestrator: plan', 'dbt-orchestrator: execute', 'dbt-orchestrator: report']) {
      assert.ok(first.commands.some((c) => c.command === 'group' && c.message === group), group);
    }
    assert.match(first.stdout, /^OK {5}model customers/m);
  });
});

describe('a failing node in the action', () => {
  it('fails the step, annotates the model file, and reports the failure in outputs and summary', async () => {
    const workspace = workspaceWithExample();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(workspace, 'jaffle_shop/models/marts/core/broken.sql'), "{{ config(materialized='table') }}\nselect error('boom: broken on purpose') as id\n");
    writeFileSync(join(workspace, 'jaffle_shop/models/marts/core/broken_child.sql'), "select id from {{ ref('broken') }}\n");
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({ workspace, inputs: INPUTS, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(run, false);
      assert.equal(run.outputs.status, 'failed');
      assert.equal(run.outputs.failed, '1');
      assert.equal(run.outputs.skipped, '1');
      const annotation = run.commands.find((c) => c.command === 'error' && c.properties.includes('file=jaffle_shop/models/marts/core/broken.sql'));
      assert.ok(annotation, run.commands.map((c) => `${c.command} ${c.properties}`).join('\n'));
      assert.match(annotation.message, /boom: broken on purpose/);
      assert.match(run.summary, /broken on purpose/);
      assert.match(run.summary, /<details>/);
      assert.match(run.summary, /error\('boom: broken on purpose'\)/);
    } finally {
      await server.close();
    }
  });

  it('bad input fails before anything runs, naming the input', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({ workspace, inputs: { ...INPUTS, threads: 'many', reuse: 'maybe' }, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(run, false);
      assert.equal(run.outputs.status, 'error');
      assert.ok(run.commands.some((c) => c.command === 'error' && /Input 'reuse': 'maybe' is not one of 'true', 'false', 'read-only'/.test(c.message)), run.stdout);
      assert.equal(existsSync(join(workspace, 'jaffle_shop/jaffle_shop.duckdb')), false);
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

// ---- faults: the same action code in-process, with the real clients and sped-up retries ----

interface InProcessRun {
  outputs: Record<string, string>;
  warnings: string[];
  failed?: string;
}

async function runInProcess(
  server: FakeActionsServer | undefined,
  serviceEnv: Record<string, string>,
  workspace: string,
  inputs: Record<string, string>,
  cacheTimeoutMs = 20_000,
): Promise<InProcessRun> {
  const saved = { ...process.env };
  Object.assign(process.env, serviceEnv);
  const outputs: Record<string, string> = {};
  const warnings: string[] = [];
  let failed: string | undefined;
  const all: Record<string, string> = { dbt: DBT, ...inputs };
  const runtime: ActionRuntime = {
    getInput: (name) => all[name] ?? '',
    setOutput: (name, value) => (outputs[name] = value),
    setSecret: () => undefined,
    setFailed: (message) => (failed = message),
    info: () => undefined,
    warning: (message) => warnings.push(message),
    error: () => undefined,
    notice: () => undefined,
    startGroup: () => undefined,
    endGroup: () => undefined,
    writeSummary: async () => undefined,
    cache: {
      restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
      save: (paths, key) => cache.saveCache(paths, key),
    },
    uploadArtifact: (name, files, root) => new DefaultArtifactClient().uploadArtifact(name, files, root),
    env: process.env,
    workspace,
    cacheTimeoutMs,
  };
  const cwd = process.cwd();
  process.chdir(workspace);
  try {
    await runAction(runtime);
  } finally {
    process.chdir(cwd);
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  void server;
  return { outputs, warnings, failed };
}

describe('cache and artifact faults never change the build result', () => {
  let restoreTimers: () => void;
  before(() => {
    restoreTimers = speedUpClientRetries({ maxDelayMs: 16_000 });
  });
  after(() => restoreTimers());

  const cases: Array<{ name: string; setup(server: FakeActionsServer): Promise<void> | void; warning: RegExp }> = [
    { name: 'cache service answering 500', setup: (s) => ['CreateCacheEntry', 'GetCacheEntryDownloadURL', 'FinalizeCacheEntryUpload'].forEach((m) => s.fail(m as never, { status: 500 })), warning: /cache: .*failed/ },
    { name: 'cache service answering 429', setup: (s) => ['CreateCacheEntry', 'GetCacheEntryDownloadURL'].forEach((m) => s.fail(m as never, { status: 429 })), warning: /cache: .*failed/ },
    { name: 'cache service answering garbage', setup: (s) => s.fail('GetCacheEntryDownloadURL', { garbage: true }), warning: /./ },
    { name: 'artifact upload failing', setup: (s) => s.fail('CreateArtifact', { status: 500 }), warning: /artifact upload failed/ },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const workspace = workspaceWithExample();
      const server = await startFakeActionsServer({ workspace });
      try {
        await c.setup(server);
        const run = await runInProcess(server, server.env(), workspace, INPUTS);
        assert.equal(run.failed, undefined, run.warnings.join('\n'));
        assert.equal(run.outputs.status, 'success');
        assert.equal(Number(run.outputs.built), 44);
        assert.ok(run.warnings.some((w) => c.warning.test(w)) || c.name.includes('garbage'), `no warning matching ${c.warning}: ${run.warnings.join(' | ')}`);
      } finally {
        await server.close();
      }
    });
  }

  it('a slow cache service is abandoned after the timeout: the build goes on without it', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    try {
      server.fail('GetCacheEntryDownloadURL', { delayMs: 5_000 });
      const run = await runInProcess(server, server.env(), workspace, INPUTS, 1_000);
      assert.equal(run.failed, undefined);
      assert.equal(run.outputs['cache-hit'], 'false');
      assert.equal(Number(run.outputs.built), 44);
      assert.ok(run.warnings.some((w) => /cache: restoring the result store failed \(no answer within 1 s\); continuing without the cache/.test(w)), run.warnings.join(' | '));
      assert.equal(server.requestsTo('CreateCacheEntry').length, 0, 'after the timeout the cache stays off for the run');
    } finally {
      await server.close();
    }
  });

  it('cache service down: builds, warns, outputs cache-hit false', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    const env = server.env();
    await server.close();
    const run = await runInProcess(undefined, env, workspace, INPUTS);
    assert.equal(run.failed, undefined);
    assert.equal(run.outputs['cache-hit'], 'false');
    assert.equal(Number(run.outputs.built), 44);
    assert.ok(run.warnings.some((w) => /artifact upload failed/.test(w)), run.warnings.join(' | '));
  });

  it('a corrupt cache entry is ignored: the run builds from scratch and warns', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    try {
      const first = await runInProcess(server, server.env(), workspace, INPUTS);
      assert.equal(first.outputs.status, 'success');
      rmSync(join(workspace, 'jaffle_shop/.dbt-orchestrator'), { recursive: true, force: true });
      server.newRun();
      server.fail('blob-download', { corruptDownload: true });
      const second = await runInProcess(server, server.env(), workspace, INPUTS);
      assert.equal(second.failed, undefined);
      assert.equal(second.outputs['cache-hit'], 'false');
      assert.equal(Number(second.outputs.built), 44);
    } finally {
      await server.close();
    }
  });

  it('dbt_packages/ travels through the cache keyed by the package files (installed packages, not symlinks)', async () => {
    const workspace = workspaceWithExample();
    const project = join(workspace, 'jaffle_shop');
    // As `dbt deps` leaves a hub package: a real folder (local packages are symlinks and are not cached).
    cpSync(join(project, 'packages/jaffle_utils'), join(project, 'dbt_packages/jaffle_utils'), { recursive: true });
    const server = await startFakeActionsServer({ workspace });
    try {
      const first = await runInProcess(server, server.env(), workspace, INPUTS);
      assert.equal(first.outputs.status, 'success');
      const packages = server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-packages-v1-'));
      assert.equal(packages.length, 1);
      rmSync(join(project, 'dbt_packages'), { recursive: true, force: true });
      rmSync(join(project, '.dbt-orchestrator'), { recursive: true, force: true });
      server.newRun();
      const second = await runInProcess(server, server.env(), workspace, INPUTS);
      assert.equal(second.outputs['cache-hit'], 'true');
      assert.equal(Number(second.outputs.reused), 44);
      // Restored from the cache (a real folder), not re-installed by dbt deps (which would make a symlink).
      assert.ok(existsSync(join(project, 'dbt_packages/jaffle_utils/dbt_project.yml')));
      assert.equal(lstatSync(join(project, 'dbt_packages/jaffle_utils')).isSymbolicLink(), false);
      assert.equal(server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-packages-v1-')).length, 1, 'a hit is not saved again');
    } finally {
      await server.close();
    }
  });

  it("reuse: read-only restores but never saves", async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    try {
      await runInProcess(server, server.env(), workspace, INPUTS);
      rmSync(join(workspace, 'jaffle_shop/.dbt-orchestrator'), { recursive: true, force: true });
      server.newRun();
      const before = server.requestsTo('CreateCacheEntry').length;
      const run = await runInProcess(server, server.env(), workspace, { ...INPUTS, reuse: 'read-only' });
      assert.equal(run.outputs['cache-hit'], 'true');
      assert.equal(Number(run.outputs.reused), 44);
      assert.equal(server.requestsTo('CreateCacheEntry').length, before, 'a read-only run tried to save');
    } finally {
      await server.close();
    }
  });
});

describe('command: freshness in the action', () => {
  it('reports the table in the summary, uploads sources.json, and fails only with on-stale: fail', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    try {
      const inputs = { command: 'freshness', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop' };
      const warn = await runBundledAction({ workspace, inputs, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(warn, true);
      assert.equal(warn.outputs.status, 'success');
      // Nothing was loaded yet: the freshness query of raw.orders fails, which is reported, never hidden.
      // A Markdown table like the build summary's: icon, source, max_loaded_at, age, thresholds, status.
      assert.match(warn.summary, /^## ❌ dbt source freshness: 0 fresh, 0 warn, 0 error, 1 not measurable, 2 without freshness config$/m);
      assert.match(warn.summary, /^\| 💥 \| `raw\.orders` \| – \| – \| 12 hours \| 24 hours \| not measurable: .+ \|$/m);
      assert.match(warn.summary, /^\| ➖ \| `raw\.payments` \| – \| – \| – \| – \| no freshness config \|$/m);
      assert.match(warn.summary, /on-stale: `warn`/);
      assert.ok(warn.commands.some((c) => c.command === 'warning' && /source raw\.orders is not measurable/.test(c.message)), warn.stdout);
      const artifact = server.artifacts().find((a) => String(a.id) === warn.outputs['artifact-id'])!;
      assert.deepEqual(artifact.files, ['target/sources.json']);
      server.newRun();
      const fail = await runBundledAction({ workspace, inputs: { ...inputs, 'on-stale': 'fail' }, serviceEnv: server.env(), runId: server.run.runId });
      assertStep(fail, false);
      assert.equal(fail.outputs.status, 'failed');
    } finally {
      await server.close();
    }
  });
});
