// The PR impact sections of the sticky comment and the job summary: schema changes against production,
// row counts (when asked), and what the change reaches downstream. Pure; each section is one
// self-contained block (no <details> or table left open) so the comment can drop whole blocks to fit.

import type { Downstream } from '../impact/downstream.js';
import type { ImpactReport, RowCount, RowImpact, SchemaImpact } from '../impact/types.js';
import { codeSpan, escapeHtml, tableCell } from './markdown.js';
import { statusIcon } from './summary.js';

export interface ImpactView {
  impact?: ImpactReport;
  downstream?: Downstream;
  /** The node's file at the PR head commit, for linking its name. */
  linkOf?: (uniqueId: string) => string | undefined;
  resourceTypeOf?: (uniqueId: string) => string | undefined;
}

/** Rows per table before "… and N more". */
export const IMPACT_MAX_ROWS = 100;
const MAX_NAME = 200;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `model [`name`](url)`, or the code span alone without a link. */
export function nodeLabel(view: ImpactView, uniqueId: string, name: string, resourceType?: string): string {
  const span = codeSpan(clip(name, MAX_NAME));
  const url = view.linkOf?.(uniqueId);
  const type = resourceType ?? view.resourceTypeOf?.(uniqueId);
  return `${type ? `${escapeHtml(type)} ` : ''}${url ? `[${span}](${url})` : span}`;
}

function more(hidden: number, what: string): string {
  return hidden > 0 ? `\n\n_… and ${hidden.toLocaleString('en-US')} more ${what} (see orchestrator.json in the artifact)._` : '';
}

/** The impact blocks in the order shown: schema changes, row counts, downstream. Absent parts give no block. */
export function impactBlocks(view: ImpactView): string[] {
  return [schemaBlock(view), rowsBlock(view), downstreamBlock(view)].filter((b): b is string => b !== undefined);
}

// ---------------------------------------------------------------------------------------------------------
// Schema changes

function typeSpan(type: string): string {
  return codeSpan(clip(type, 80));
}

/** The cell's lines (each escaped as a table cell, joined by <br>), or undefined when there is nothing to say. */
function changeCell(node: SchemaImpact): string | undefined {
  const lines = changeLines(node);
  return lines && lines.map(tableCell).join('<br>');
}

function changeLines(node: SchemaImpact): string[] | undefined {
  const c = node.comparison;
  if (c.kind === 'unavailable') return node.modified ? [`not available: ${clip(c.reason, 300)}`] : undefined;
  if (c.kind === 'new') return [`🆕 new relation, ${c.columns.length} ${c.columns.length === 1 ? 'column' : 'columns'}`];
  const parts = [
    ...c.diff.added.map((col) => `➕ added ${codeSpan(clip(col.name, 100))} ${typeSpan(col.type)}`),
    ...c.diff.removed.map((col) => `➖ removed ${codeSpan(clip(col.name, 100))} ${typeSpan(col.type)}`),
    ...c.diff.retyped.map((col) => `🔁 ${codeSpan(clip(col.name, 100))} ${typeSpan(col.from)} → ${typeSpan(col.to)}`),
  ];
  return parts.length > 0 ? [...parts.slice(0, 50), ...(parts.length > 50 ? [`… and ${parts.length - 50} more`] : [])] : undefined;
}

function schemaBlock(view: ImpactView): string | undefined {
  const schema = view.impact?.schema;
  if (!schema) return undefined;
  const heading = '#### 🧬 Schema changes against production';
  if (!schema.available) return `${heading}\n\nNot available: ${escapeHtml(clip(schema.reason, 300))}.`;
  if (schema.nodes.length === 0) return undefined;
  const rows: string[] = [];
  const unchanged: SchemaImpact[] = [];
  for (const node of schema.nodes) {
    const cell = changeCell(node);
    if (cell === undefined) {
      if (node.modified && node.comparison.kind === 'compared') unchanged.push(node);
      continue;
    }
    rows.push(`| ${tableCell(nodeLabel(view, node.uniqueId, node.name))} | ${cell} |`);
  }
  const shown = rows.slice(0, IMPACT_MAX_ROWS);
  const table = shown.length > 0 ? `| Node | Columns (production → this PR) |\n| :-- | :-- |\n${shown.join('\n')}${more(rows.length - shown.length, 'nodes')}` : '';
  const names = unchanged.slice(0, 30).map((n) => nodeLabel(view, n.uniqueId, n.name, ''));
  const same = unchanged.length > 0 ? `No column changes: ${names.join(', ')}${unchanged.length > names.length ? ` and ${unchanged.length - names.length} more` : ''}.` : '';
  if (!table && !same) return undefined;
  return [heading, table, same].filter(Boolean).join('\n\n');
}

// ---------------------------------------------------------------------------------------------------------
// Row counts

function countCell(count: RowCount, timeoutSeconds: number): string {
  switch (count.kind) {
    case 'rows':
      return count.rows.toLocaleString('en-US');
    case 'timed-out':
      return `⏱️ timed out (${timeoutSeconds} s)`;
    case 'absent':
      return '—';
    default:
      return `error: ${clip(count.message, 200)}`;
  }
}

export function rowChange(node: Pick<RowImpact, 'production' | 'pr'>): string {
  if (node.production.kind !== 'rows' || node.pr.kind !== 'rows') return '';
  const delta = node.pr.rows - node.production.rows;
  if (delta === 0) return 'no change';
  const sign = delta > 0 ? '+' : '−';
  const pct = node.production.rows > 0 ? ` (${sign}${((Math.abs(delta) / node.production.rows) * 100).toFixed(1)} %)` : '';
  return `${sign}${Math.abs(delta).toLocaleString('en-US')}${pct}`;
}

function rowsBlock(view: ImpactView): string | undefined {
  const rows = view.impact?.rows;
  if (!rows) return undefined;
  const heading = '#### 🔢 Row counts against production';
  if (!rows.available) return `${heading}\n\nNot available: ${escapeHtml(clip(rows.reason, 300))}.`;
  if (rows.nodes.length === 0) return `${heading}\n\nNo modified model or direct child was rebuilt.`;
  const lines = rows.nodes.slice(0, IMPACT_MAX_ROWS).map((n) => {
    const cells = [nodeLabel(view, n.uniqueId, n.name), countCell(n.production, rows.timeoutSeconds), countCell(n.pr, rows.timeoutSeconds), rowChange(n)];
    return `| ${cells.map(tableCell).join(' | ')} |`;
  });
  return `${heading}\n\n| Node | Production | This PR | Change |\n| :-- | --: | --: | :-- |\n${lines.join('\n')}${more(rows.nodes.length - lines.length, 'nodes')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Downstream

function downstreamBlock(view: ImpactView): string | undefined {
  const d = view.downstream;
  if (!d || (d.rebuilt.length === 0 && d.exposures.length === 0 && d.tests === 0)) return undefined;
  const parts = ['#### ⬇️ Downstream of the change'];
  if (d.rebuilt.length > 0 || d.tests > 0) {
    const tests = d.tests > 0 ? ` (and ${d.tests} ${d.tests === 1 ? 'test' : 'tests'})` : '';
    const shown = d.rebuilt.slice(0, IMPACT_MAX_ROWS);
    const lines = shown.map((n) => `| ${tableCell(nodeLabel(view, n.uniqueId, n.name, n.resourceType))} | ${tableCell(`${statusIcon(n.status)} ${n.status}`)} |`);
    const table = lines.length > 0 ? `\n\n| Node | Result |\n| :-- | :-- |\n${lines.join('\n')}${more(d.rebuilt.length - shown.length, 'nodes')}` : '';
    parts.push(`<details><summary>${d.rebuilt.length} ${d.rebuilt.length === 1 ? 'node' : 'nodes'} rebuilt because of the change${tests}</summary>${table}\n\n</details>`);
  }
  if (d.exposures.length > 0) {
    const names = d.exposures.slice(0, 50).map((e) => nodeLabel(view, e.uniqueId, e.name, ''));
    parts.push(`📣 Exposures affected: ${names.join(', ')}${d.exposures.length > names.length ? ` and ${d.exposures.length - names.length} more` : ''}`);
  }
  return parts.join('\n\n');
}
