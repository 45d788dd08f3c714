// The action's side of alerts: the run's outcome as a NotifyEvent, sent if notify-webhook is set, the
// result in the log (a warning on failure, never a failed step).

import type { OrchestratorReport } from '../report/orchestrator-json.js';
import { notify, type NotifyEvent } from './notify.js';
import type { ActionSettings } from './inputs.js';

const FAILED = new Set(['error', 'fail', 'runtime error']);

export function eventFromReport(status: string, command: string, report: OrchestratorReport | undefined, env: NodeJS.ProcessEnv, error?: string): NotifyEvent {
  const t = report?.totals;
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    status,
    command,
    counts: { selected: t?.selected ?? 0, built: t?.succeeded ?? 0, reused: t?.reused ?? 0, failed: t?.failed ?? 0, skipped: t?.skipped ?? 0 },
    failures: (report?.nodes ?? [])
      .filter((n) => FAILED.has(n.status))
      .map((n) => ({ name: n.name, resourceType: n.resourceType, status: n.status, message: n.message ?? undefined })),
    runUrl,
    repository: env.GITHUB_REPOSITORY,
    workflow: env.GITHUB_WORKFLOW,
    ref: env.GITHUB_REF_NAME ?? env.GITHUB_REF,
    sha: env.GITHUB_SHA,
    error,
  };
}

export async function sendNotification(
  settings: ActionSettings,
  event: NotifyEvent,
  log: { info(message: string): void; warning(message: string): void },
  timeoutMs?: number,
): Promise<void> {
  if (!settings.notify) return;
  const result = await notify(settings.notify, event, timeoutMs);
  if (result.sent) log.info(`notify: ${result.detail}`);
  else if (result.detail.includes('not in notify-on')) log.info(`notify: nothing sent (${result.detail})`);
  else log.warning(`notify: the notification could not be sent (${result.detail}); the build result is unchanged`);
}
