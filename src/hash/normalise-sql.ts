// A normal form of a SQL node's code in which comment-only and whitespace-only edits vanish, for the code
// input of the hash. It must never make two codes equal that can compile to SQL with different results, so it
// gives up (returns the reason) on anything it cannot tokenise with certainty, and the raw code is hashed then.
//
// What it does, outside string literals, quoted identifiers and Jinja tags:
//   - a SQL comment (`-- …` to the end of the line, `/* … */`) is a token separator: it becomes whitespace,
//     unless it contains a Jinja tag (dbt renders Jinja inside comments too), then it is kept verbatim;
//   - a run of whitespace becomes one "\n" when it holds a line break (line comments a macro may emit stay
//     bounded by the same lines), else one " "; leading and trailing whitespace goes;
//   - a Jinja comment `{# … #}` goes (Jinja drops it, even inside a SQL literal).
// Kept verbatim: '…' literals (with '' escapes), "…" and `…` identifiers, `{{ … }}` and `{% … %}` tags.
//
// It gives up on: a backslash anywhere (dialects disagree on whether it escapes a quote), `$` outside Jinja
// (dollar-quoted bodies, positional columns), `#` outside literals and Jinja (a comment in some dialects), a
// block comment holding `/*` (PostgreSQL nests them, others do not), an unclosed literal, identifier, comment or
// Jinja tag, a Jinja string constant holding a quote, backslash, `$`, `#`, `--`, `/*` or `*/` (its output could
// open or close SQL text the scanner cannot see), and Jinja block tags other than if/elif/else/endif,
// for/endfor, `set x = …` and do (a `{% set x %}` block, call, filter, macro or raw captures text whose
// whitespace may be used as data).
//
// With `{ jinja: false }` (compiled SQL, where `{` is plain text) nothing is read as Jinja. Block comments
// opening with `/*!` (MySQL/MariaDB execute them) or `/*+` (optimizer hints) are kept verbatim in both modes.

export type NormalisedSql = { ok: true; text: string } | { ok: false; reason: string };

export interface NormaliseOptions {
  /** Read `{{ }}`, `{% %}` and `{# #}` as Jinja (raw code; the default) or as plain text (compiled SQL). */
  jinja?: boolean;
}

let jinjaMode = true;

const ALLOWED_BLOCK_TAGS = new Set(['if', 'elif', 'else', 'endif', 'for', 'endfor', 'set', 'do']);
const RISKY_IN_JINJA_STRING = /['"\\$#]|--|\/\*|\*\//;
/** Where a plain token (a word, an operator, a number) ends: the next character that may start anything else. */
const TOKEN_END = /[\s'"`$#\\{\-/]/g;

/** The whitespace runs collapse: space, tab, CR, LF, form feed, vertical tab (not every Unicode space). */
function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v';
}

class GiveUp extends Error {}

function giveUp(reason: string): never {
  throw new GiveUp(reason);
}

/** End index (exclusive) of the Jinja tag opening at `start`, checking what the tag may do. */
function jinjaTagEnd(code: string, start: number): number {
  const kind = code[start + 1];
  const close = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
  if (kind === '#') {
    const end = code.indexOf(close, start + 2);
    if (end < 0) giveUp('unclosed Jinja comment');
    return end + 2;
  }
  let i = start + 2;
  while (i < code.length) {
    const ch = code[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < code.length && code[j] !== ch) {
        if (code[j] === '\\') giveUp('backslash in a Jinja string');
        j += 1;
      }
      if (j >= code.length) giveUp('unclosed string in a Jinja tag');
      if (RISKY_IN_JINJA_STRING.test(code.slice(i + 1, j))) giveUp('a Jinja string holds SQL quoting or comment characters');
      i = j + 1;
      continue;
    }
    if (code.startsWith(close, i)) {
      if (kind === '%') checkBlockTag(code.slice(start + 2, i));
      return i + 2;
    }
    i += 1;
  }
  return giveUp('unclosed Jinja tag');
}

function checkBlockTag(body: string): void {
  const match = body.match(/^-?\s*([A-Za-z_]\w*)/);
  const name = match?.[1] ?? '';
  if (!ALLOWED_BLOCK_TAGS.has(name)) giveUp(`Jinja block tag \`${name || body.trim()}\``);
  if (name === 'set' && !/=/.test(body)) giveUp('a `{% set %}` block');
}

function isJinjaOpen(code: string, i: number): boolean {
  return jinjaMode && code[i] === '{' && (code[i + 1] === '{' || code[i + 1] === '%' || code[i + 1] === '#');
}

/** Copies a quoted token ('…', "…", `…`, a doubled quote escapes it) verbatim; Jinja inside it stays verbatim. */
function quotedEnd(code: string, start: number, out: string[]): number {
  const quote = code[start]!;
  out.push(quote);
  let i = start + 1;
  while (i < code.length) {
    if (isJinjaOpen(code, i)) {
      const end = jinjaTagEnd(code, i);
      if (code[i + 1] !== '#') out.push(code.slice(i, end));
      i = end;
      continue;
    }
    if (code[i] === quote) {
      if (code[i + 1] === quote) {
        out.push(quote + quote);
        i += 2;
        continue;
      }
      out.push(quote);
      return i + 1;
    }
    out.push(code[i]!);
    i += 1;
  }
  return giveUp(`unclosed ${quote === "'" ? 'string literal' : 'quoted identifier'}`);
}

/** A SQL comment from `start`: its end, and whether it holds a Jinja tag (then it is kept verbatim). */
function commentEnd(code: string, start: number): { end: number; hasJinja: boolean } {
  const block = code[start] === '/';
  let i = start + 2;
  let hasJinja = false;
  while (i < code.length) {
    if (isJinjaOpen(code, i)) {
      if (code[i + 1] !== '#') hasJinja = true;
      i = jinjaTagEnd(code, i);
      continue;
    }
    if (block && code.startsWith('/*', i)) giveUp('a block comment holds `/*` (nesting differs between dialects)');
    if (block && code.startsWith('*/', i)) return { end: i + 2, hasJinja };
    if (!block && code[i] === '\n') return { end: i, hasJinja };
    i += 1;
  }
  if (block) giveUp('unclosed block comment');
  return { end: i, hasJinja };
}

export function normaliseSql(code: string, options: NormaliseOptions = {}): NormalisedSql {
  jinjaMode = options.jinja ?? true;
  try {
    return { ok: true, text: normalise(code) };
  } catch (error) {
    if (error instanceof GiveUp) return { ok: false, reason: error.message };
    throw error;
  } finally {
    jinjaMode = true;
  }
}

function normalise(code: string): string {
  if (code.includes('\\')) giveUp('backslash in the code');
  const out: string[] = [];
  let pending: '' | ' ' | '\n' = '';
  const space = (ws: ' ' | '\n'): void => {
    if (pending !== '\n') pending = ws;
  };
  const emit = (text: string): void => {
    if (pending && out.length > 0) out.push(pending);
    pending = '';
    out.push(text);
  };
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    if (isJinjaOpen(code, i)) {
      const end = jinjaTagEnd(code, i);
      if (code[i + 1] !== '#') emit(code.slice(i, end));
      i = end;
    } else if (isWhitespace(ch)) {
      space(ch === '\n' ? '\n' : ' ');
      i += 1;
    } else if (code.startsWith('--', i) || code.startsWith('/*', i)) {
      const { end, hasJinja } = commentEnd(code, i);
      if (hasJinja || code.startsWith('/*!', i) || code.startsWith('/*+', i)) emit(code.slice(i, end));
      else space(' ');
      i = end;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const token: string[] = [];
      i = quotedEnd(code, i, token);
      emit(token.join(''));
    } else if (ch === '$') {
      giveUp('`$` in the code (dollar quoting or positional columns)');
    } else if (ch === '#') {
      giveUp('`#` in the code (a comment in some dialects)');
    } else {
      TOKEN_END.lastIndex = i + 1;
      let j = TOKEN_END.exec(code)?.index ?? code.length;
      if (j === i + 1 && (code[i] === '{' || code[i] === '-' || code[i] === '/')) j = i + 1;
      emit(code.slice(i, j));
      i = j;
    }
  }
  return out.join('');
}
