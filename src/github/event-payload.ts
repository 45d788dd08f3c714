// The workflow run's event payload (the JSON file at GITHUB_EVENT_PATH, written by the runner), read at the
// door: only what the action uses of it, checked. An unreadable or foreign payload is a reason; the callers
// then fall back (no pull request to comment on, the run's own commit for file links).

import { isPlainObject, readJsonFile, type Parsed } from '../util/json-file.js';

export interface EventPayload {
  pullRequest?: {
    /** A positive whole number, when the payload has one. */
    number?: number;
    /** The pull request's head commit. */
    headSha?: string;
  };
}

export function parseEventPayload(value: unknown, label: string): Parsed<EventPayload> {
  if (!isPlainObject(value)) return { ok: false, reason: `${label} is not a JSON object` };
  const pr = value.pull_request;
  if (pr === undefined) return { ok: true, value: {} };
  if (!isPlainObject(pr)) return { ok: false, reason: `${label}: "pull_request" is not an object` };
  const number = typeof pr.number === 'number' && Number.isInteger(pr.number) && pr.number > 0 ? pr.number : undefined;
  const headSha = isPlainObject(pr.head) && typeof pr.head.sha === 'string' ? pr.head.sha : undefined;
  return { ok: true, value: { pullRequest: { number, headSha } } };
}

export function readEventPayload(path: string | undefined): Parsed<EventPayload> {
  if (!path) return { ok: false, reason: 'GITHUB_EVENT_PATH is not set' };
  return readJsonFile(path, 'the event payload', parseEventPayload);
}
