// A unified diff of two texts (line based), for `explain`: what a node's code or a macro looked like when
// its relation was built, against what it looks like now. Longest common subsequence over lines; texts
// are model or macro files, small enough for the quadratic table (a bound falls back to "replace all").

/** Beyond this many line pairs the table is not built: the diff shows the whole old text out, the new in. */
const MAX_CELLS = 4_000_000;

type Edit = { op: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function edits(a: string[], b: string[]): Edit[] {
  // Common head and tail first: edits are usually local, which keeps the table small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: Edit[] = a.slice(0, head).map((line) => ({ op: ' ', line }));
  if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
    out.push(...midA.map((line): Edit => ({ op: '-', line })), ...midB.map((line): Edit => ({ op: '+', line })));
  } else {
    // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
    const rows = midA.length + 1;
    const cols = midB.length + 1;
    const lcs = new Uint32Array(rows * cols);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * cols + j] = midA[i] === midB[j] ? lcs[(i + 1) * cols + j + 1] + 1 : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
        out.push({ op: ' ', line: midA[i++] });
        j++;
      } else if (i < midA.length && (j === midB.length || lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1])) {
        // Removals before additions, as `diff -u` prints them.
        out.push({ op: '-', line: midA[i++] });
      } else {
        out.push({ op: '+', line: midB[j++] });
      }
    }
  }
  out.push(...a.slice(a.length - tail).map((line): Edit => ({ op: ' ', line })));
  return out;
}

export interface DiffOptions {
  /** Unchanged lines shown around each change (default 3, as `diff -u`). */
  context?: number;
  oldLabel?: string;
  newLabel?: string;
}

/** `diff -u` style lines (`---`, `+++`, `@@ -a,b +c,d @@`, then ` `/`-`/`+` lines); empty when equal. */
export function unifiedDiff(before: string, after: string, options: DiffOptions = {}): string[] {
  const context = options.context ?? 3;
  const all = edits(splitLines(before), splitLines(after));
  if (all.every((e) => e.op === ' ')) return [];
  const out = [`--- ${options.oldLabel ?? 'before'}`, `+++ ${options.newLabel ?? 'after'}`];
  // Line numbers (1-based) of each edit in the old and new text.
  const oldNo: number[] = [];
  const newNo: number[] = [];
  let o = 1;
  let n = 1;
  for (const e of all) {
    oldNo.push(o);
    newNo.push(n);
    if (e.op !== '+') o++;
    if (e.op !== '-') n++;
  }
  let index = 0;
  while (index < all.length) {
    if (all[index].op === ' ') {
      index++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change that is
    // within 2 * context unchanged lines of the previous one.
    const start = Math.max(0, index - context);
    let end = index;
    let quiet = 0;
    for (let k = index; k < all.length; k++) {
      if (all[k].op === ' ') {
        quiet++;
        if (quiet > 2 * context) break;
      } else {
        quiet = 0;
        end = k;
      }
    }
    const stop = Math.min(all.length, end + context + 1);
    const hunk = all.slice(start, stop);
    const oldCount = hunk.filter((e) => e.op !== '+').length;
    const newCount = hunk.filter((e) => e.op !== '-').length;
    const oldStart = oldCount === 0 ? oldNo[start] - 1 : oldNo[start];
    const newStart = newCount === 0 ? newNo[start] - 1 : newNo[start];
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    index = stop;
  }
  return out;
}
