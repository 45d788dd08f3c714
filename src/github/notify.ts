// Alerts: one POST to a webhook with the run's outcome, sent only for the outcomes chosen (notify-on).
// Two shapes: Slack-compatible (`text` + Block Kit `blocks`, what Slack's incoming webhooks and most chat
// tools accept) and a generic JSON body (status, counts, failures, run link) for anything else.
// Sending is best effort: a slow, failing or unreachable endpoint is a warning, never a failed build; the
// URL is never printed (it is a secret, and masked in the log besides).

import type { NotifyOutcome, NotifySettings } from './notify-settings.js';

export interface NotifyFailure {
  name: string;
  resourceType: string;
  status: string;
  message?: string;
}

export interface NotifyEvent {
  /** The action's `status` output: success, failed, error, skipped, cancelled. */
  status: string;
  command: string;
  counts: { selected?: number; built: number; reused: number; failed: number; skipped: number };
  failures: NotifyFailure[];
  runUrl?: string;
  repository?: string;
  workflow?: string;
  ref?: string;
  sha?: string;
  /** Why the run stopped, when it did not get to run nodes (bad input, missing state). */
  error?: string;
}

const MAX_FAILURES = 20;
const MAX_MESSAGE = 300;

export function outcomeOf(status: string): NotifyOutcome {
  if (status === 'success') return 'success';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'skipped') return 'skipped';
  return 'failure';
}

/** The message on one line (dbt's first line is often only "Runtime Error in model x (path)"), bounded. */
function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' — ');
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

export function jsonPayload(e: NotifyEvent): Record<string, unknown> {
  return {
    source: 'dbt-orchestrator',
    status: e.status,
    command: e.command,
    repository: e.repository ?? null,
    workflow: e.workflow ?? null,
    ref: e.ref ?? null,
    sha: e.sha ?? null,
    runUrl: e.runUrl ?? null,
    counts: e.counts,
    failures: e.failures.slice(0, MAX_FAILURES).map((f) => ({ ...f, message: firstLine(f.message) ?? null })),
    moreFailures: Math.max(0, e.failures.length - MAX_FAILURES),
    ...(e.error ? { error: firstLine(e.error) } : {}),
  };
}

/** Slack mrkdwn needs &, < and > escaped; everything else is literal. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ICON: Record<string, string> = { success: ':white_check_mark:', failed: ':x:', error: ':x:', cancelled: ':no_entry_sign:', skipped: ':fast_forward:', stale: ':warning:' };

export function slackPayload(e: NotifyEvent): Record<string, unknown> {
  const where = [e.repository, e.workflow].filter(Boolean).join(' · ');
  const counts = `${e.counts.built} built, ${e.counts.reused} reused, ${e.counts.failed} failed, ${e.counts.skipped} skipped`;
  const title = `dbt ${e.command} ${e.status}${where ? ` in ${where}` : ''}`;
  const blocks: Array<Record<string, unknown>> = [
    { type: 'section', text: { type: 'mrkdwn', text: `${ICON[e.status] ?? ':grey_question:'} *${slackEscape(title)}*\n${counts}${e.ref ? ` · \`${slackEscape(e.ref)}\`` : ''}` } },
  ];
  if (e.error) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(firstLine(e.error)!) } });
  const shown = e.failures.slice(0, 10);
  if (shown.length > 0) {
    const lines = shown.map((f) => `• ${slackEscape(f.resourceType)} \`${slackEscape(f.name)}\` ${slackEscape(f.status)}${f.message ? `: ${slackEscape(firstLine(f.message)!)}` : ''}`);
    if (e.failures.length > shown.length) lines.push(`… and ${e.failures.length - shown.length} more`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } });
  }
  if (e.runUrl) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${e.runUrl}|View the run>` }] });
  return { text: `${title}: ${counts}${e.runUrl ? ` ${e.runUrl}` : ''}`, blocks };
}

export interface NotifyResult {
  sent: boolean;
  /** Why nothing was sent, or what went wrong (never contains the URL). */
  detail: string;
}

/** Sends when the outcome is chosen; at most two attempts of `timeoutMs` each; never throws. */
export async function notify(settings: NotifySettings, event: NotifyEvent, timeoutMs = 10_000): Promise<NotifyResult> {
  const outcome = outcomeOf(event.status);
  if (!settings.on.has(outcome)) return { sent: false, detail: `outcome '${outcome}' is not in notify-on` };
  const body = JSON.stringify(settings.format === 'slack' ? slackPayload(event) : jsonPayload(event));
  let last = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'dbt-orchestrator-action' },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { sent: true, detail: `notification sent (${settings.format}, HTTP ${response.status})` };
      last = `the webhook answered HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      last = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : `${error instanceof Error ? error.message : String(error)}${cause}`;
    }
  }
  return { sent: false, detail: last };
}
