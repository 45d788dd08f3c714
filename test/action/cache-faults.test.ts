// Cache and artifact faults never change the build result. The subject is the action's handling of the
// GitHub services, not dbt's work, so every case runs on the three-node tiny project (a cold build costs
// dbt's start-up and parse only) with the real @actions/cache and @actions/artifact clients in-process
// (sped-up retries) against a loopback server speaking the real protocols.

import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { speedUpClientRetries, startFakeActionsServer, type FakeActionsServer } from '../helpers/fake-actions-server.js';
import { TINY, TINY_NODES, workspaceWith } from '../helpers/fixtures.js';
import { runInProcess, type InProcessRun } from '../helpers/in-process-action.js';

const INPUTS = { command: 'build', 'project-dir': 'tiny', 'profiles-dir': 'tiny', threads: '2' };
const STORE = 'tiny/.dbt-orchestrator';

/** A fresh workspace with the tiny project and a loopback server for it; closed after `body`. */
async function withServer(body: (server: FakeActionsServer, workspace: string) => Promise<void>): Promise<void> {
  const workspace = workspaceWith(TINY);
  const server = await startFakeActionsServer({ workspace });
  try {
    await body(server, workspace);
  } finally {
    await server.close();
  }
}

function run(server: FakeActionsServer, workspace: string, overrides: { inputs?: Record<string, string>; cacheTimeoutMs?: number } = {}): Promise<InProcessRun> {
  return runInProcess({ serviceEnv: server.env(), workspace, inputs: { ...INPUTS, ...overrides.inputs }, cacheTimeoutMs: overrides.cacheTimeoutMs });
}

/** The next run starts on a runner without the previous run's local store: only the cache can help. */
function nextRunner(server: FakeActionsServer, workspace: string): void {
  rmSync(join(workspace, STORE), { recursive: true, force: true });
  server.newRun();
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
    it(c.name, () =>
      withServer(async (server, workspace) => {
        await c.setup(server);
        const result = await run(server, workspace);
        assert.equal(result.failed, undefined, result.warnings.join('\n'));
        assert.equal(result.outputs.status, 'success');
        assert.equal(Number(result.outputs.built), TINY_NODES);
        assert.ok(result.warnings.some((w) => c.warning.test(w)) || c.name.includes('garbage'), `no warning matching ${c.warning}: ${result.warnings.join(' | ')}`);
      }),
    );
  }

  it('a slow cache service is abandoned after the timeout: the build goes on without it', () =>
    withServer(async (server, workspace) => {
      server.fail('GetCacheEntryDownloadURL', { delayMs: 5_000 });
      const result = await run(server, workspace, { cacheTimeoutMs: 1_000 });
      assert.equal(result.failed, undefined);
      assert.equal(result.outputs['cache-hit'], 'false');
      assert.equal(Number(result.outputs.built), TINY_NODES);
      assert.ok(result.warnings.some((w) => /cache: restoring the result store failed \(no answer within 1 s\); continuing without the cache/.test(w)), result.warnings.join(' | '));
      assert.equal(server.requestsTo('CreateCacheEntry').length, 0, 'after the timeout the cache stays off for the run');
    }));

  it('cache service down: builds, warns, outputs cache-hit false', async () => {
    const workspace = workspaceWith(TINY);
    const server = await startFakeActionsServer({ workspace });
    const serviceEnv = server.env();
    await server.close();
    const result = await runInProcess({ serviceEnv, workspace, inputs: INPUTS });
    assert.equal(result.failed, undefined);
    assert.equal(result.outputs['cache-hit'], 'false');
    assert.equal(Number(result.outputs.built), TINY_NODES);
    assert.ok(result.warnings.some((w) => /artifact upload failed/.test(w)), result.warnings.join(' | '));
  });

  it('a corrupt cache entry is ignored: the run builds from scratch and warns', () =>
    withServer(async (server, workspace) => {
      const first = await run(server, workspace);
      assert.equal(first.outputs.status, 'success');
      nextRunner(server, workspace);
      server.fail('blob-download', { corruptDownload: true });
      const second = await run(server, workspace);
      assert.equal(second.failed, undefined);
      assert.equal(second.outputs['cache-hit'], 'false');
      assert.equal(Number(second.outputs.built), TINY_NODES);
    }));

  it('dbt_packages/ travels through the cache keyed by the package files (installed packages, not symlinks)', () =>
    withServer(async (server, workspace) => {
      const project = join(workspace, 'tiny');
      // As `dbt deps` leaves a hub package: a real folder (local packages are symlinks and are not cached).
      cpSync(join(project, 'packages/tiny_utils'), join(project, 'dbt_packages/tiny_utils'), { recursive: true });
      const first = await run(server, workspace);
      assert.equal(first.outputs.status, 'success');
      const packages = server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-packages-v1-'));
      assert.equal(packages.length, 1);
      rmSync(join(project, 'dbt_packages'), { recursive: true, force: true });
      nextRunner(server, workspace);
      const second = await run(server, workspace);
      assert.equal(second.outputs['cache-hit'], 'true');
      assert.equal(Number(second.outputs.reused), TINY_NODES);
      // Restored from the cache (a real folder), not re-installed by dbt deps (which would make a symlink).
      assert.ok(existsSync(join(project, 'dbt_packages/tiny_utils/dbt_project.yml')));
      assert.equal(lstatSync(join(project, 'dbt_packages/tiny_utils')).isSymbolicLink(), false);
      assert.equal(server.cacheEntries().filter((e) => e.key.startsWith('dbt-orchestrator-packages-v1-')).length, 1, 'a hit is not saved again');
    }));

  it('reuse: read-only restores but never saves', () =>
    withServer(async (server, workspace) => {
      await run(server, workspace);
      nextRunner(server, workspace);
      const before = server.requestsTo('CreateCacheEntry').length;
      const result = await run(server, workspace, { inputs: { reuse: 'read-only' } });
      assert.equal(result.outputs['cache-hit'], 'true');
      assert.equal(Number(result.outputs.reused), TINY_NODES);
      assert.equal(server.requestsTo('CreateCacheEntry').length, before, 'a read-only run tried to save');
    }));
});
