// The one set of Markdown helpers of the reports (step summary, PR comment, annotations): fences and code
// spans that content cannot break, table cells, HTML escaping, and clipping text to a size with a marker.

import { count, formatBytes } from '../util/format.js';

/** Lines and UTF-8 bytes a clipped block may take. */
export interface TextLimit {
  lines: number;
  /** clipText counts UTF-8 bytes, which are never fewer than UTF-16 code units: a safe character bound. */
  bytes: number;
}

/** A fenced block of `text` within `limit`, with an explicit marker when something was cut. */
export function clippedBlock(text: string, language: string, limit: TextLimit): string {
  // Leading blank lines (dbt leaves one per config() block) and trailing whitespace only take room.
  const clip = clipText(normalizeNewlines(text).replace(/^\s*\n/, '').replace(/\s+$/, ''), limit);
  const block = fencedBlock(clip.text, language);
  return clip.marker ? `${block}\n\n_${clip.marker}_` : block;
}

/** A fence longer than any backtick run in the content, so the content can never close it. */
export function fencedBlock(content: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

/** An inline code span that survives backticks in its content (CommonMark: a longer delimiter run). */
export function codeSpan(text: string): string {
  const content = text.replace(/\s*[\r\n]+\s*/g, ' ');
  const ticks = '`'.repeat(longestBacktickRun(content) + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${content}${pad}${ticks}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return longest;
}

/**
 * Makes text safe inside a GFM table cell: a pipe would end the cell (GFM honours `\|` even inside code
 * spans), a newline would end the row, and raw HTML (e.g. a stray `<details>`) would break the page.
 */
export function tableCell(text: string): string {
  return normalizeNewlines(text)
    .trim()
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, '<br>');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // A continuation byte (10xxxxxx) at the cut means the character started before it: cut before that start.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

export interface Clip {
  text: string;
  /** Set when something was cut: says what is shown. */
  marker?: string;
}

/** First `limit.lines` lines, then at most `limit.bytes` bytes, cut at a line end when one is near. */
export function clipText(text: string, limit: TextLimit): Clip {
  const lines = text.split('\n');
  const totalBytes = utf8Length(text);
  if (lines.length <= limit.lines && totalBytes <= limit.bytes) return { text };
  let clipped = lines.slice(0, limit.lines).join('\n');
  if (utf8Length(clipped) > limit.bytes) {
    clipped = truncateUtf8(clipped, limit.bytes);
    const lastNewline = clipped.lastIndexOf('\n');
    if (lastNewline > clipped.length / 2) clipped = clipped.slice(0, lastNewline);
  }
  const shownLines = clipped.split('\n').length;
  return {
    text: clipped,
    marker: `(truncated: showing ${count(shownLines)} of ${count(lines.length)} lines, ` +
      `${formatBytes(utf8Length(clipped))} of ${formatBytes(totalBytes)})`,
  };
}
