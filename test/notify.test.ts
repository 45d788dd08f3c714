// Alerts: the notify-* inputs are validated at the door, the webhook gets Slack-compatible or generic
// JSON only for the outcomes chosen, a failing or silent endpoint is a warning and never a failed step,
// and the URL (a secret) is masked. End to end with the bundled action under Node 24 and real dbt; the
// webhook and the cache/artifact services are loopback servers.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ActionInputError } from '../src/github/input-error.js';
import { notify, type NotifyEvent } from '../src/github/notify.js';
import { parseNotifySettings } from '../src/github/notify-settings.js';
import { runBundledAction } from './helpers/action.js';
import { startFakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample } from './helpers/project.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

const INPUTS = { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', threads: '4' };

function workspaceWithExample(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
  return workspace;
}

function event(overrides: Partial<NotifyEvent> = {}): NotifyEvent {
  return {
    status: 'failed',
    command: 'build',
    counts: { selected: 3, built: 1, reused: 1, failed: 1, skipped: 0 },
    failures: [{ name: 'orders', resourceType: 'model', status: 'error', message: 'Binder Error: <column> & friends\nsecond line' }],
    runUrl: 'https://github.com/octo/jaffle/actions/runs/1',
    repository: 'octo/jaffle',
    ...overrides,
  };
}

describe('notify inputs', () => {
  const bad = (url: string, on = '', format = '') => {
    try {
      parseNotifySettings(url, on, format);
    } catch (error) {
      assert.ok(error instanceof ActionInputError);
      return error.message;
    }
    assert.fail('accepted');
  };

  it('rejects a URL that is not https (plain http only to loopback), without echoing it', () => {
    const message = bad('http://hooks.example.com/services/SECRET-TOKEN');
    assert.match(message, /^Input 'notify-webhook': must be an https:\/\/ URL/);
    assert.ok(!message.includes('SECRET-TOKEN'));
    const notUrl = bad('not a url SECRET-TOKEN');
    assert.match(notUrl, /is not a URL/);
    assert.ok(!notUrl.includes('SECRET-TOKEN'));
    assert.ok(parseNotifySettings('http://127.0.0.1:9/x', '', ''));
  });

  it('rejects unknown outcomes and formats, naming the input', () => {
    assert.match(bad('https://hooks.slack.com/x', 'sometimes'), /^Input 'notify-on': 'sometimes' is not one of/);
    assert.match(bad('https://hooks.slack.com/x', 'never failure'), /^Input 'notify-on': 'never' cannot be combined/);
    assert.match(bad('https://hooks.slack.com/x', '', 'xml'), /^Input 'notify-format': 'xml' is not one of/);
  });

  it('defaults to failures only, and to the Slack shape for Slack URLs', () => {
    const slack = parseNotifySettings('https://hooks.slack.com/services/T/B/X', '', '')!;
    assert.deepEqual([...slack.on], ['failure']);
    assert.equal(slack.format, 'slack');
    assert.equal(parseNotifySettings('https://example.com/hook', 'always', '')!.format, 'json');
    assert.equal(parseNotifySettings('https://example.com/hook', 'always', '')!.on.size, 4);
    assert.equal(parseNotifySettings('https://example.com/hook', 'never', '')!.on.size, 0);
    assert.equal(parseNotifySettings('', 'failure', ''), undefined);
  });
});

describe('notify against a loopback webhook', () => {
  it('sends the generic JSON body: status, counts, failures (on one line), run link', async () => {
    const hook = await startWebhookReceiver();
    try {
      const result = await notify(parseNotifySettings(hook.url, 'failure', 'json')!, event());
      assert.equal(result.sent, true, result.detail);
      assert.equal(hook.received.length, 1);
      assert.equal(hook.received[0]!.headers['content-type'], 'application/json');
      const body = hook.received[0]!.json();
      assert.equal(body.status, 'failed');
      assert.deepEqual(body.counts, { selected: 3, built: 1, reused: 1, failed: 1, skipped: 0 });
      assert.deepEqual(body.failures, [{ name: 'orders', resourceType: 'model', status: 'error', message: 'Binder Error: <column> & friends — second line' }]);
      assert.equal(body.runUrl, 'https://github.com/octo/jaffle/actions/runs/1');
    } finally {
      await hook.close();
    }
  });

  it('sends Slack-compatible JSON: text plus escaped mrkdwn blocks and a link to the run', async () => {
    const hook = await startWebhookReceiver();
    try {
      await notify(parseNotifySettings(hook.url, 'failure', 'slack')!, event());
      const body = hook.received[0]!.json() as { text: string; blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }> };
      assert.match(body.text, /^dbt build failed in octo\/jaffle: 1 built, 1 reused, 1 failed, 0 skipped/);
      const texts = body.blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');
      assert.match(texts, /model `orders` error: Binder Error: &lt;column&gt; &amp; friends/);
      assert.match(texts, /<https:\/\/github.com\/octo\/jaffle\/actions\/runs\/1\|View the run>/);
    } finally {
      await hook.close();
    }
  });

  it('sends nothing for an outcome that is not chosen', async () => {
    const hook = await startWebhookReceiver();
    try {
      const result = await notify(parseNotifySettings(hook.url, 'failure', 'json')!, event({ status: 'success', failures: [] }));
      assert.equal(result.sent, false);
      assert.equal(hook.received.length, 0);
    } finally {
      await hook.close();
    }
  });

  it('a webhook answering 500 is retried once, then reported, never thrown', async () => {
    const hook = await startWebhookReceiver();
    try {
      hook.answer(500);
      const result = await notify(parseNotifySettings(hook.url, 'always', 'json')!, event());
      assert.deepEqual(result, { sent: false, detail: 'the webhook answered HTTP 500' });
      assert.equal(hook.received.length, 2);
      hook.answer(404);
      await notify(parseNotifySettings(hook.url, 'always', 'json')!, event());
      assert.equal(hook.received.length, 3, 'a 4xx is not retried');
    } finally {
      await hook.close();
    }
  });

  it('a webhook that never answers is given up after the timeout', async () => {
    const hook = await startWebhookReceiver();
    try {
      hook.hang();
      const result = await notify(parseNotifySettings(hook.url, 'always', 'json')!, event(), 300);
      assert.deepEqual(result, { sent: false, detail: 'no answer within 0 s' });
    } finally {
      await hook.close();
    }
  });
});

describe('notify in the bundled action', () => {
  it('a failing build posts the failure to the webhook, masks the URL, and fails only because of the node', async () => {
    const workspace = workspaceWithExample();
    writeFileSync(join(workspace, 'jaffle_shop/models/marts/core/broken.sql'), "{{ config(materialized='table') }}\nselect error('boom: broken on purpose') as id\n");
    const server = await startFakeActionsServer({ workspace });
    const hook = await startWebhookReceiver();
    try {
      const run = await runBundledAction({
        workspace,
        inputs: { ...INPUTS, 'notify-webhook': hook.url, 'notify-format': 'json' },
        serviceEnv: server.env(),
        runId: server.run.runId,
        extraEnv: { GITHUB_REPOSITORY: 'octo/jaffle', GITHUB_WORKFLOW: 'dbt daily' },
      });
      assert.equal(run.code, 1);
      assert.equal(run.outputs.status, 'failed');
      assert.equal(hook.received.length, 1, run.stdout);
      const body = hook.received[0]!.json() as { status: string; counts: { failed: number; built: number }; failures: Array<{ name: string; message: string }>; runUrl: string; workflow: string };
      assert.equal(body.status, 'failed');
      assert.equal(body.counts.failed, 1);
      assert.equal(body.counts.built, 44);
      assert.equal(body.failures[0]!.name, 'broken');
      assert.match(body.failures[0]!.message, /boom: broken on purpose/);
      assert.equal(body.runUrl, `https://github.com/octo/jaffle/actions/runs/${server.run.runId}`);
      assert.equal(body.workflow, 'dbt daily');
      // Masked before anything else is printed, and never printed otherwise.
      const masks = run.commands.filter((c) => c.command === 'add-mask').map((c) => c.message);
      assert.ok(masks.includes(hook.url), run.commands.map((c) => c.command).join(','));
      assert.equal(run.stdout.split(hook.url).length - 1, 1, 'the URL appears only in its add-mask command');
      assert.match(run.stdout, /notify: notification sent \(json, HTTP 200\)/);
    } finally {
      await hook.close();
      await server.close();
    }
  });

  it('an unreachable webhook is a warning; a successful build stays successful', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    const hook = await startWebhookReceiver();
    const url = hook.url;
    await hook.close();
    try {
      const run = await runBundledAction({ workspace, inputs: { ...INPUTS, 'notify-webhook': url, 'notify-on': 'always' }, serviceEnv: server.env(), runId: server.run.runId });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs.status, 'success');
      const warning = run.commands.find((c) => c.command === 'warning' && c.message.startsWith('notify:'));
      assert.ok(warning, run.stdout);
      assert.match(warning.message, /could not be sent .*; the build result is unchanged/);
    } finally {
      await server.close();
    }
  });

  it('freshness with on-stale: warn stays green but alerts on a source past error_after or not measurable', async () => {
    const workspace = workspaceWithExample();
    const server = await startFakeActionsServer({ workspace });
    const hook = await startWebhookReceiver();
    try {
      // Nothing loaded yet: raw.orders cannot be measured.
      const inputs = { command: 'freshness', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', 'notify-webhook': hook.url, 'notify-format': 'json' };
      const run = await runBundledAction({ workspace, inputs, serviceEnv: server.env(), runId: server.run.runId });
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.outputs.status, 'success');
      assert.equal(hook.received.length, 1, run.stdout);
      const body = hook.received[0]!.json() as { status: string; command: string; failures: Array<{ name: string; resourceType: string; status: string }> };
      assert.equal(body.status, 'stale');
      assert.equal(body.command, 'source freshness');
      assert.deepEqual(body.failures.map((f) => [f.resourceType, f.name, f.status]), [['source', 'raw.orders', 'runtime error']]);
    } finally {
      await hook.close();
      await server.close();
    }
  });
});
