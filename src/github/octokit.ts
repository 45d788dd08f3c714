// The REST client for this runner's GitHub, and the words for what went wrong with a request: every
// failure of a call becomes a `RequestFailure` whose reason names the step, the status and what to do.

import { Octokit } from '@octokit/rest';

/**
 * An authenticated REST client for this runner's GitHub (GITHUB_API_URL on GHES, api.github.com otherwise).
 * Octokit's own per-request error lines ("GET /repos/… - 404 with id …") are dropped: callers report every
 * failure themselves, in words; warnings (deprecations) still reach `console.warn`.
 */
export function createOctokit(token: string, baseUrl = process.env.GITHUB_API_URL || 'https://api.github.com'): Octokit {
  const quiet = (): void => {};
  return new Octokit({
    auth: token,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    userAgent: 'dbt-orchestrator-action',
    log: { debug: quiet, info: quiet, warn: console.warn.bind(console), error: quiet },
  });
}

/** A step that failed with a reason for humans. */
export class RequestFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The HTTP status of an octokit RequestError that got an answer; undefined for network errors and others. */
export function httpStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; response?: unknown };
  return e && typeof e === 'object' && e.response && typeof e.status === 'number' ? e.status : undefined;
}

export class Api {
  constructor(readonly timeoutMs = 60_000) {}

  /** Runs one request; any failure becomes a RequestFailure naming the step (and `special[status]` if given). */
  async call<T>(step: string, fn: (request: { signal: AbortSignal }) => Promise<T>, special: Record<number, string> = {}): Promise<T> {
    try {
      return await fn({ signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const status = httpStatus(error);
      const detail = this.describe(error);
      if (status !== undefined && special[status]) throw new RequestFailure(`${special[status]} (${detail})`);
      throw new RequestFailure(`${step}: ${detail}`);
    }
  }

  /** "GitHub API error 403: Resource not accessible by integration — …" or a network/timeout message. */
  describe(error: unknown): string {
    const e = error as { name?: string; status?: number; message?: string; response?: { data?: unknown; headers?: Record<string, string | undefined> } };
    if (isTimeout(error)) return `the GitHub API did not answer within ${this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`}`;
    if (typeof e?.status === 'number' && e.response) {
      const data = e.response.data;
      let message = '';
      if (data && typeof data === 'object' && 'message' in data) message = String((data as { message: unknown }).message);
      else if (typeof data === 'string') message = data.trim().slice(0, 200);
      let text = `GitHub API error ${e.status}${message ? `: ${message}` : ''}`;
      const headers = e.response.headers ?? {};
      if ((e.status === 403 || e.status === 429) && (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'])) {
        text += ' (API rate limit exceeded; try again later)';
      } else if (e.status === 401) {
        text += " (the token was rejected; check the 'github-token' input)";
      } else if (e.status === 403) {
        text += ' (the token lacks permission: give the job `permissions: actions: read`, or pass a token that can read Actions artifacts of this repository)';
      }
      return text;
    }
    if (e instanceof RequestFailure) return e.reason;
    // octokit's RequestError without a response: the request never got an answer.
    if (e?.name === 'HttpError' || (e && typeof e === 'object' && 'request' in e)) return `could not reach the GitHub API: ${networkMessage(error)}`;
    return networkMessage(error);
  }
}

export function networkMessage(error: unknown): string {
  // fetch throws TypeError('fetch failed') with the socket error as its cause; octokit rethrows that with
  // the cause's message and the TypeError as cause. Take the first message that says something.
  const generic = /^(fetch failed|unknown error|terminated)$/i;
  let e: unknown = error;
  let fallback = '';
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
    const code = (e as { code?: unknown }).code;
    const message = e.message || (typeof code === 'string' ? code : '');
    if (message && !generic.test(message)) return message;
    fallback ||= message;
    e = (e as { cause?: unknown }).cause;
  }
  return fallback || String(error);
}

function isTimeout(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Replaces every occurrence of the token (and of its base64 forms) with ***. */
export function redact(text: string, token: string): string {
  if (!token) return text;
  let out = text;
  for (const secret of [token, Buffer.from(token).toString('base64'), Buffer.from(`x-access-token:${token}`).toString('base64')]) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}
