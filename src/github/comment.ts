// The sticky pull-request comment: one comment per pull request (and marker), created on the first run and
// edited in place on every later run, so a busy PR does not collect one comment per push.
//
// Commenting is a courtesy on top of the job summary, so it never fails the action: every API error becomes
// `{action: 'skipped', warning}`. The usual one is a read-only token (a pull request from a fork, or a
// workflow without `permissions: pull-requests: write`), which GitHub answers with 403 "Resource not
// accessible by integration" (or 404 for a private repository the token cannot see).

import type { Octokit } from '@octokit/rest';
import { readEventPayload } from './event-payload.js';

export interface UpsertPrCommentOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  /** The hidden marker our comments contain (markerFor in src/report/comment.ts). */
  marker: string;
}

export interface UpsertPrCommentResult {
  action: 'created' | 'updated' | 'skipped';
  id?: number;
  url?: string;
  warning?: string;
}

const PERMISSION_HINT = 'a token with pull-requests: write is needed — the job summary has the report';
const GENERIC_HINT = 'the job summary has the report';

interface ListedComment {
  id: number | bigint;
  body?: string;
  html_url: string;
  created_at: string;
  user: { login: string; type: string } | null;
}

/**
 * Updates the comment containing `marker` or creates one. When several comments contain the marker (two
 * runs raced, someone pasted it, or the token changed from GITHUB_TOKEN to an app's), the newest one written
 * by a bot (github-actions[bot] or an app) wins, else the newest one. If that comment cannot be edited
 * (403: written by another identity; 404: deleted meanwhile), a new one is created, which is then the newest
 * and the one later runs update.
 */
export async function upsertPrComment(opts: UpsertPrCommentOptions): Promise<UpsertPrCommentResult> {
  const { octokit, owner, repo, issueNumber: issue_number, body, marker } = opts;
  let updateWarning: string | undefined;
  try {
    const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number,
      per_page: 100,
    })) as ListedComment[];
    const existing = pickComment(comments, marker);
    if (existing) {
      try {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: Number(existing.id), body });
        return { action: 'updated', id: Number(data.id), url: data.html_url };
      } catch (error) {
        const status = statusOf(error);
        if (status !== 403 && status !== 404) throw error;
        updateWarning = `could not update comment ${String(existing.id)} (${status} ${messageOf(error)}); created a new one`;
      }
    }
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
    return { action: 'created', id: Number(data.id), url: data.html_url, ...(updateWarning ? { warning: updateWarning } : {}) };
  } catch (error) {
    return { action: 'skipped', warning: commentWarning(error) };
  }
}

/** The comment to update: the newest bot-written one containing `marker`, else the newest containing it. */
export function pickComment<T extends ListedComment>(comments: T[], marker: string): T | undefined {
  const matching = comments
    .filter((comment) => typeof comment.body === 'string' && comment.body.includes(marker))
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || Number(b.id) - Number(a.id));
  return matching.find((comment) => isBot(comment.user)) ?? matching[0];
}

function isBot(user: ListedComment['user']): boolean {
  return user !== null && (user.type === 'Bot' || user.login.endsWith('[bot]'));
}

/** "could not comment on the pull request (403 Resource not accessible by integration); <what to do>". */
export function commentWarning(error: unknown): string {
  const status = statusOf(error);
  const message = messageOf(error);
  const what = [status > 0 ? String(status) : '', message].filter(Boolean).join(' ');
  const permission = (status === 403 || status === 404) && !/rate limit/i.test(message);
  return `could not comment on the pull request (${what || 'unknown error'}); ${permission ? PERMISSION_HINT : GENERIC_HINT}`;
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && Number.isFinite(status) ? status : 0;
}

/** GitHub's own message ("Resource not accessible by integration"), without the documentation link. */
function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  const apiMessage = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined;
  const raw = typeof apiMessage === 'string' && apiMessage.trim()
    ? apiMessage
    : error instanceof Error
      ? error.message.replace(/ - https?:\/\/\S+$/, '')
      : String(error);
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

/**
 * The pull request number of a `pull_request` or `pull_request_target` event (from the GITHUB_EVENT_PATH
 * payload); undefined for any other event or an unreadable payload.
 */
export function prNumberFromEvent(eventPath?: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (!PR_EVENTS.has(env.GITHUB_EVENT_NAME ?? '')) return undefined;
  const event = readEventPayload(eventPath ?? env.GITHUB_EVENT_PATH);
  return event.ok ? event.value.pullRequest?.number : undefined;
}

/** owner and repo from GITHUB_REPOSITORY ("owner/repo"). */
export function repoFromEnv(env: NodeJS.ProcessEnv = process.env): { owner: string; repo: string } | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  return match ? { owner: match[1], repo: match[2] } : undefined;
}
