// GitHub's 2026 read-only cache for untrusted triggers: the bundled action under Node 24, the real
// @actions/cache 6.3 client, and a loopback cache service that refuses writes the way the real one does
// (CreateCacheEntry → {ok: false, message: "cache write denied: …"}). A denied save is one clear warning
// that names the trigger and the triggers that can save state; the build result, the restore and the
// reuse are unchanged, and no further save is attempted in that run.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBundledAction, type ActionRun } from './helpers/action.js';
import { startFakeActionsServer, type FakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample } from './helpers/project.js';

const INPUTS = { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', threads: '4' };

function workspaceWithExample(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
  return workspace;
}

const warnings = (run: ActionRun) => run.commands.filter((c) => c.command === 'warning').map((c) => c.message);

describe('a pull_request_target run with read-only cache access', () => {
  let server: FakeActionsServer;
  let workspace: string;
  let production: ActionRun;
  let denied: ActionRun;
  let entriesBefore: number;
  let createsBefore: number;

  before(async () => {
    workspace = workspaceWithExample();
    server = await startFakeActionsServer({ workspace });
    production = await runBundledAction({ workspace, inputs: INPUTS, serviceEnv: server.env(), runId: server.run.runId });
    entriesBefore = server.cacheEntries().length;
    createsBefore = server.requestsTo('CreateCacheEntry').length;
    rmSync(join(workspace, 'jaffle_shop/.dbt-orchestrator'), { recursive: true, force: true });
    server.newRun();
    server.denyCacheWrites();
    denied = await runBundledAction({
      workspace,
      inputs: INPUTS,
      serviceEnv: server.env(),
      runId: server.run.runId,
      extraEnv: { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main' },
    });
  });
  after(() => server.close());

  it('the step succeeds and still restores and reuses the production state', () => {
    assert.equal(production.code, 0, production.stdout);
    assert.equal(denied.code, 0, `${denied.stdout}\n${denied.stderr}`);
    assert.equal(denied.outputs.status, 'success');
    assert.equal(denied.outputs['cache-hit'], 'true');
    assert.equal(Number(denied.outputs.reused), 44);
    assert.ok(!denied.commands.some((c) => c.command === 'error'), 'no error annotation');
  });

  it('says once, clearly, that writes are denied for this trigger and which triggers save state', () => {
    const denial = warnings(denied).filter((w) => w.includes('cache write denied:'));
    assert.equal(denial.length, 1, warnings(denied).join('\n'));
    assert.match(denial[0], /this run was triggered by `pull_request_target`/);
    assert.match(denial[0], /build result is unchanged/);
    assert.match(denial[0], /push, schedule, workflow_dispatch, repository_dispatch/);
    assert.match(denial[0], /reuse: read-only/);
    // Not mistaken for an outage, and the library's terse duplicate is not shown.
    assert.ok(!warnings(denied).some((w) => /continuing without the cache|Failed to save/.test(w)), warnings(denied).join('\n'));
  });

  it('tries one save, creates no entry, and attempts no further save in that run', () => {
    assert.ok(createsBefore >= 2, 'the production run saved the store and the partial-parse file');
    assert.equal(server.requestsTo('CreateCacheEntry').length - createsBefore, 1, 'one denied save, then no more attempts');
    assert.equal(server.cacheEntries().length, entriesBefore);
    assert.equal(server.requestsTo('blob-upload').filter((r) => r.path.includes('/cache/')).length, entriesBefore);
  });

  it('also honours the runner announcing a read-only cache-mode, without asking the service', async () => {
    server.denyCacheWrites(false);
    server.newRun();
    const before = server.requestsTo('CreateCacheEntry').length;
    const run = await runBundledAction({
      workspace,
      inputs: INPUTS,
      serviceEnv: server.env(),
      runId: server.run.runId,
      extraEnv: { ACTIONS_CACHE_MODE: 'read', GITHUB_EVENT_NAME: 'issue_comment' },
    });
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.outputs.status, 'success');
    assert.equal(server.requestsTo('CreateCacheEntry').length, before);
    const denial = warnings(run).filter((w) => w.includes("cache-mode 'read'"));
    assert.equal(denial.length, 1, warnings(run).join('\n'));
    assert.match(denial[0], /`issue_comment`/);
  });
});
