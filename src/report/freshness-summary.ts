// The job summary of `command: freshness`: a Markdown table like the build summary's — an icon per source,
// when it was last loaded and how long ago, the warn/error thresholds it is held to, and its status —
// under a heading that counts fresh, stale and unmeasurable sources.

import type { SourceFreshness } from '../dbt/protocol.js';
import { codeSpan, tableCell } from './summary.js';
import { formatAge } from '../util/format.js';

export interface FreshnessThreshold {
  count?: number | null;
  period?: string | null;
}

export interface SourceFreshnessConfig {
  warn_after?: FreshnessThreshold | null;
  error_after?: FreshnessThreshold | null;
  filter?: string | null;
}

const ICON: Record<string, string> = { pass: '✅', warn: '⚠️', error: '❌', 'runtime error': '💥', unchecked: '➖' };
const WORD: Record<string, string> = { pass: 'fresh', warn: 'stale (warn)', error: 'stale (error)', 'runtime error': 'not measurable', unchecked: 'no freshness config' };

function threshold(t: FreshnessThreshold | null | undefined): string {
  return t && t.count !== null && t.count !== undefined && t.period ? `${t.count} ${t.period}${t.count === 1 ? '' : 's'}` : '–';
}

export function renderFreshnessSummary(
  results: Array<SourceFreshness & { name: string }>,
  configs: Record<string, SourceFreshnessConfig | undefined>,
  onStale: 'warn' | 'fail',
): string {
  const count = (statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const errors = count(['error', 'runtime error']);
  const warns = count(['warn']);
  const icon = errors > 0 ? '❌' : warns > 0 ? '⚠️' : '✅';
  const parts = [`${count(['pass'])} fresh`, `${warns} warn`, `${count(['error'])} error`];
  if (count(['runtime error']) > 0) parts.push(`${count(['runtime error'])} not measurable`);
  if (count(['unchecked']) > 0) parts.push(`${count(['unchecked'])} without freshness config`);
  const lines = [
    `## ${icon} dbt source freshness: ${parts.join(', ')}`,
    '',
    `on-stale: \`${onStale}\` — ${onStale === 'fail' ? 'a source past its error threshold, or not measurable, fails the step' : 'stale sources are warnings; the step does not fail'}.`,
    '',
  ];
  if (results.length === 0) return `${lines.join('\n')}No sources selected.\n`;
  lines.push('| | source | max_loaded_at | age | warn after | error after | status |', '|---|---|---|---|---|---|---|');
  const order = ['runtime error', 'error', 'warn', 'pass', 'unchecked'];
  const sorted = [...results].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.name.localeCompare(b.name));
  for (const r of sorted.slice(0, 1000)) {
    const config = configs[r.uniqueId];
    const status = WORD[r.status] ?? r.status;
    const detail = r.error ? `: ${r.error.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' — ').slice(0, 300)}` : '';
    lines.push(
      `| ${ICON[r.status] ?? '❔'} | ${codeSpan(r.name)} | ${r.maxLoadedAt ? tableCell(r.maxLoadedAt) : '–'} | ${formatAge(r.ageSeconds, '–')} | ${threshold(config?.warn_after)} | ${threshold(config?.error_after)} | ${tableCell(status + detail)} |`,
    );
  }
  if (sorted.length > 1000) lines.push('', `… and ${sorted.length - 1000} more (see sources.json in the artifact)`);
  return `${lines.join('\n')}\n`;
}
