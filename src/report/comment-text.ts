// Text primitives of the sticky comment (src/report/comment.ts) and its sections: sizes in UTF-16 code
// units (never fewer than the characters GitHub counts), clipping, and one-line free text.

import { normalizeNewlines } from './markdown.js';

/** How the comment measures size: UTF-16 code units, an upper bound of the characters GitHub counts. */
export function commentLength(text: string): number {
  return text.length;
}

export const SEE_SUMMARY = 'see the job summary';
/** Longest table cell / free-text line taken from the inputs, before escaping. */
export const MAX_CELL_CHARS = 300;
export const MAX_LINE_CHARS = 1_000;

/** Size of blocks joined by "\n\n" with a final "\n", as renderPrComment joins them. */
export class Sizer {
  size = -1;
  add(block: string): void {
    this.size += commentLength(block) + 2;
  }
  /** What adding `block` would cost. */
  static cost(block: string): number {
    return commentLength(block) + 2;
  }
}


/** Leading blank lines (dbt leaves one per config() block) and trailing whitespace only take room. */
export function trimBlock(text: string): string {
  return normalizeNewlines(text).replace(/^\s*\n/, '').replace(/\s+$/, '');
}

/** Free text on one line, with no raw HTML. */
export function inlineText(text: string): string {
  return clipChars(normalizeNewlines(text).replace(/\s*\n\s*/g, ' ').trim(), MAX_LINE_CHARS).replace(/</g, '&lt;');
}

/** At most `max` UTF-16 code units of `text`, never splitting a surrogate pair, with "…" when cut. */
export function clipChars(text: string, max: number): string {
  if (commentLength(text) <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
