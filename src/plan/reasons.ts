// Turns the difference between two hash records into sentences a person understands.

import type { HashInput } from '../types.js';

export type NameOf = (uniqueId: string) => string;

function describeKey(key: string, change: 'changed' | 'added' | 'removed', nameOf: NameOf, before?: string, after?: string): string {
  const [kind, ...rest] = key.split(':');
  const subject = rest.join(':');
  switch (kind) {
    case 'code':
      return 'code changed';
    case 'config':
      return 'config changed';
    case 'relation':
      return 'target relation changed';
    case 'columns':
      return 'columns or contract changed';
    case 'resource':
      return 'node identity changed';
    case 'macro':
      return change === 'changed' ? `macro \`${nameOf(subject)}\` changed` : `macro \`${nameOf(subject)}\` ${change === 'added' ? 'now called' : 'no longer called'}`;
    case 'upstream':
      return change === 'changed' ? `upstream \`${nameOf(subject)}\` changed` : `upstream \`${nameOf(subject)}\` ${change}`;
    case 'data':
      // The source's data moved on: name the source and both states.
      return before && after ? `\`${nameOf(subject)}\` ${before} → ${after.replace(/^max_loaded_at /, '')}` : `\`${nameOf(subject)}\` data ${after ?? 'changed'}`;
    case 'var':
      return `var \`${subject}\` changed`;
    case 'vars':
      return 'vars changed';
    case 'env':
      return `env var \`${subject}\` changed`;
    case 'target':
      return 'target changed';
    case 'versions':
      return 'dbt or adapter version changed';
    case 'project-env':
      return 'env vars read by dbt_project.yml changed';
    case 'meta':
      return `metadata changed (${subject})`;
    default:
      return `${key} ${change}`;
  }
}

/** Ordered so the most specific cause is named first (code before the upstream it ripples through). */
const PRIORITY = ['code', 'config', 'columns', 'macro', 'var', 'vars', 'env', 'data', 'relation', 'target', 'versions', 'project-env', 'resource', 'meta', 'upstream'];

function priority(key: string): number {
  const index = PRIORITY.indexOf(key.split(':')[0]);
  return index === -1 ? PRIORITY.length : index;
}

export function changedInputs(previous: HashInput[], current: HashInput[]): Array<{ key: string; change: 'changed' | 'added' | 'removed' }> {
  const before = new Map(previous.map((i) => [i.key, i.digest]));
  const after = new Map(current.map((i) => [i.key, i.digest]));
  const out: Array<{ key: string; change: 'changed' | 'added' | 'removed' }> = [];
  for (const [key, digest] of after) {
    if (!before.has(key)) out.push({ key, change: 'added' });
    else if (before.get(key) !== digest) out.push({ key, change: 'changed' });
  }
  for (const key of before.keys()) if (!after.has(key)) out.push({ key, change: 'removed' });
  return out.sort((a, b) => priority(a.key) - priority(b.key) || (a.key < b.key ? -1 : 1));
}

/** "macro `cents_to_dollars` changed; var `start_date` changed (+2 more)". */
export function describeChanges(previous: HashInput[], current: HashInput[], nameOf: NameOf, limit = 3): string {
  const changes = changedInputs(previous, current);
  if (changes.length === 0) return 'inputs changed';
  const valueOf = (inputs: HashInput[], key: string): string | undefined => inputs.find((i) => i.key === key)?.value;
  const sentences = [...new Set(changes.map((c) => describeKey(c.key, c.change, nameOf, valueOf(previous, c.key), valueOf(current, c.key))))];
  const shown = sentences.slice(0, limit).join('; ');
  return sentences.length > limit ? `${shown} (+${sentences.length - limit} more)` : shown;
}
