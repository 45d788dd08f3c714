// The notify-* inputs, validated at the door: where (a webhook URL, from a secret), when (the outcomes
// chosen), and in which shape (Slack-compatible or a generic JSON body). Errors never echo the URL.

import { ActionInputError } from './input-error.js';

export type NotifyOutcome = 'failure' | 'success' | 'cancelled' | 'skipped';
export type NotifyFormat = 'slack' | 'json';

export interface NotifySettings {
  url: string;
  /** Outcomes that send (empty: never). `failure` covers statuses failed and error. */
  on: Set<NotifyOutcome>;
  format: NotifyFormat;
}

const OUTCOMES: readonly NotifyOutcome[] = ['failure', 'success', 'cancelled', 'skipped'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseNotifySettings(url: string, on: string, format: string): NotifySettings | undefined {
  const words = on.split(/[\s,]+/).filter((w) => w !== '');
  for (const w of words) {
    if (![...OUTCOMES, 'always', 'never'].includes(w)) {
      throw new ActionInputError('notify-on', `'${w}' is not one of 'failure', 'success', 'cancelled', 'skipped', 'always', 'never' (several may be listed, e.g. 'failure cancelled')`);
    }
  }
  if (!['', 'auto', 'slack', 'json'].includes(format)) throw new ActionInputError('notify-format', `'${format}' is not one of 'auto', 'slack', 'json'`);
  if (url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ActionInputError('notify-webhook', 'is not a URL (its value is not shown: it should come from a secret, e.g. ${{ secrets.DBT_NOTIFY_WEBHOOK }})');
  }
  const loopback = parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !loopback) {
    throw new ActionInputError('notify-webhook', `must be an https:// URL, not ${parsed.protocol}// (plain http is allowed only to a loopback address)`);
  }
  if (parsed.username || parsed.password) throw new ActionInputError('notify-webhook', 'must not carry a user name or password; put the token in the URL path as Slack does');
  const chosen = new Set<NotifyOutcome>(words.length === 0 ? ['failure'] : words.includes('never') ? [] : words.includes('always') ? OUTCOMES : (words as NotifyOutcome[]));
  if (words.includes('never') && words.length > 1) throw new ActionInputError('notify-on', "'never' cannot be combined with other outcomes");
  const resolvedFormat: NotifyFormat = format === 'slack' || format === 'json' ? format : /(^|\.)slack\.com$/.test(parsed.hostname) ? 'slack' : 'json';
  return { url, on: chosen, format: resolvedFormat };
}
