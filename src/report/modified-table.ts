// The sticky comment's table of modified nodes: one block, rows dropped whole (with a note) to fit.

import type { ModifiedNode } from '../plan/modified.js';
import type { ReportNode } from './orchestrator-json.js';
import { clipChars, commentLength, MAX_CELL_CHARS, SEE_SUMMARY, Sizer } from './comment-text.js';
import { codeSpan, tableCell } from './markdown.js';
import { statusIcon } from './summary.js';
import { count } from '../util/format.js';

/** Modified nodes above this many go into a collapsed <details> block. */
export const OPEN_TABLE_ROWS = 25;
/** Modified rows kept in reserve while failures are fitted, so a wall of failures cannot hide the table. */
export const RESERVED_MODIFIED_ROWS = 20;


const MODIFIED_HEADER = '| Node | Why | Result |\n| :-- | :-- | :-- |';

export interface ModifiedTable {
  /** Size kept free for the table while failures are fitted. */
  reserve: number;
  /** The table's blocks within `budget` (whole rows; a note says how many were left out). */
  render(budget: number): string[];
}

export function modifiedTable(input: { modified: ModifiedNode[]; report: { nodes: ReportNode[] }; linkOf?: (uniqueId: string) => string | undefined }): ModifiedTable {
  const { modified } = input;
  const heading = `#### ✏️ Modified nodes (${count(modified.length)})`;
  if (modified.length === 0) {
    const block = `${heading}\n\nNo node differs from the production state.`;
    return { reserve: Sizer.cost(block), render: (budget) => (Sizer.cost(block) <= budget ? [block] : []) };
  }
  const byId = new Map(input.report.nodes.map((node) => [node.uniqueId, node]));
  const row = (node: ModifiedNode) => modifiedRow(node, byId.get(node.uniqueId), input.linkOf?.(node.uniqueId));
  const collapsed = modified.length > OPEN_TABLE_ROWS;
  // The table is one block: heading, optional <details>, header, rows, optional note, optional </details>.
  const open = collapsed
    ? `${heading}\n\n<details><summary>${count(modified.length)} modified nodes</summary>\n\n${MODIFIED_HEADER}`
    : `${heading}\n\n${MODIFIED_HEADER}`;
  const close = collapsed ? '\n\n</details>' : '';
  const noteFor = (hidden: number) => `\n\n_… ${count(hidden)} more modified nodes not shown; ${SEE_SUMMARY}._`;

  /** Rows that fit `room` characters, leaving room for the note whenever not all of them fit. */
  const render = (budget: number): string[] => {
    const fixed = Sizer.cost(open + close);
    const noteCost = commentLength(noteFor(modified.length));
    const rows: string[] = [];
    let size = fixed;
    for (const node of modified) {
      const line = `\n${row(node)}`;
      const remaining = modified.length - rows.length - 1;
      const reserve = remaining > 0 ? noteCost : 0;
      if (size + commentLength(line) + reserve > budget) break;
      rows.push(line);
      size += commentLength(line);
    }
    const hidden = modified.length - rows.length;
    if (rows.length === 0) {
      // Not even one row: the heading and the note alone, if they fit.
      const bare = `${heading}\n\n${noteFor(hidden).trimStart()}`;
      return Sizer.cost(bare) <= budget ? [bare] : [];
    }
    return [`${open}${rows.join('')}${hidden > 0 ? noteFor(hidden) : ''}${close}`];
  };

  const reserved = modified.slice(0, RESERVED_MODIFIED_ROWS);
  const reservedRows = reserved.reduce((sum, node) => sum + 1 + commentLength(row(node)), 0);
  const reserve = Sizer.cost(open + close) + reservedRows + (modified.length > reserved.length ? commentLength(noteFor(modified.length)) : 0);
  return { reserve, render };
}

function modifiedRow(modified: ModifiedNode, node: ReportNode | undefined, url: string | undefined): string {
  const result = !node
    ? 'not selected'
    : node.decision === 'ephemeral'
      ? 'ephemeral'
      : `${statusIcon(node.status)} ${node.status}`;
  const cells = [
    `${clipChars(modified.resourceType, 50)} ${url ? `[${codeSpan(clipChars(modified.name, MAX_CELL_CHARS))}](${url})` : codeSpan(clipChars(modified.name, MAX_CELL_CHARS))}`,
    clipChars(modified.reason, MAX_CELL_CHARS),
    result,
  ];
  return `| ${cells.map(tableCell).join(' | ')} |`;
}

