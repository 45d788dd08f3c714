// The SQL normal form behind "comment- and whitespace-only edits reuse": equal only where the compiled SQL
// cannot differ in results; it gives up (and the raw code is hashed) wherever it cannot tokenise with certainty.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseSql } from '../src/hash/normalise-sql.js';

function text(code: string): string {
  const result = normaliseSql(code);
  assert.ok(result.ok, `expected a normal form for ${JSON.stringify(code)}, got: ${result.ok ? '' : result.reason}`);
  return result.text;
}

function same(a: string, b: string): void {
  assert.equal(text(a), text(b), `${JSON.stringify(a)} and ${JSON.stringify(b)} should normalise equal`);
}

function different(a: string, b: string): void {
  const na = normaliseSql(a);
  const nb = normaliseSql(b);
  if (na.ok && nb.ok) assert.notEqual(na.text, nb.text, `${JSON.stringify(a)} and ${JSON.stringify(b)} must not normalise equal`);
}

function givesUp(code: string, reason: RegExp): void {
  const result = normaliseSql(code);
  assert.equal(result.ok, false, `expected to give up on ${JSON.stringify(code)}`);
  if (!result.ok) assert.match(result.reason, reason);
}

describe('normaliseSql: what becomes equal', () => {
  it('whitespace runs outside literals collapse (a line break stays a line break)', () => {
    same('select a,  b\tfrom t', 'select a, b from t');
    same('select a,\n\n    b\nfrom t\n', '  select a,\n b\n from t');
  });

  it('SQL comments are separators: removed, like whitespace', () => {
    same('select a -- the key\nfrom t', 'select a\nfrom t');
    same('select /* all */ a from t', 'select a from t');
    same('select a/**/from t', 'select a from t');
  });

  it('Jinja comments go, Jinja tags stay verbatim', () => {
    same("{# a note #}select {{ ref('x') }}  as y", "select {{ ref('x') }} as y");
  });
});

describe('normaliseSql: what stays different', () => {
  it('one character inside a string literal', () => {
    different("select 'gold tier' as t", "select 'gold  tier' as t");
    different("select 'a -- b' as t", "select 'a -- c' as t");
  });

  it('one character inside a quoted identifier', () => {
    different('select 1 as "my col"', 'select 1 as "my  col"');
    different('select 1 as `my col`', 'select 1 as `my  col`');
  });

  it('one character inside Jinja', () => {
    different("{{ config(materialized='table') }}select 1", "{{ config(materialized='view') }}select 1");
    different("select {{ var('a',  1) }}", "select {{ var('a', 1) }}");
    different('{% if x %}select 1{% endif %}', '{% if  x %}select 1{% endif %}');
  });

  it('a comment that holds Jinja (dbt renders it)', () => {
    different("-- depends_on: {{ ref('a') }}\nselect 1", "-- depends_on: {{ ref('b') }}\nselect 1");
    different("-- {{ ref('a') }} x\nselect 1", "-- {{ ref('a') }}  x\nselect 1");
  });

  it('whitespace between tokens that were apart and are now together', () => {
    different('select a b', 'select ab');
    different('select a - b', 'select a--b');
  });

  it('a line break and a space (a macro may emit a line comment)', () => {
    different("select {{ m() }} a\nb", "select {{ m() }} a b");
  });

  it('quote doubling is part of the literal', () => {
    different("select 'it''s  x'", "select 'it''s x'");
  });
});

describe('normaliseSql: where it gives up', () => {
  it('backslashes (dialects disagree on escapes)', () => givesUp("select 'a\\' -- x'", /backslash/));
  it('dollar quoting', () => givesUp('select $$ a  b $$', /\$/));
  it('# comments of some dialects', () => givesUp("select 1 # it's\n", /#/));
  it('nested block comments', () => givesUp("select /* a /* b */ 'x' */ 1", /nesting/));
  it('unclosed literals, identifiers, comments and tags', () => {
    givesUp("select 'a", /unclosed string literal/);
    givesUp('select "a', /unclosed quoted identifier/);
    givesUp('select /* a', /unclosed block comment/);
    givesUp('select {{ a', /unclosed Jinja tag/);
  });
  it('a Jinja string that could open SQL text', () => {
    givesUp(`select {{ "'" }}gold  tier'`, /Jinja string/);
    givesUp(`select {{ '--' }} x`, /Jinja string/);
  });
  it('Jinja blocks that capture text', () => {
    givesUp("{% set s %} gold  tier {% endset %}select '{{ s }}'", /set/);
    givesUp('{% call m() %} a  b {% endcall %}', /call/);
    givesUp('{% raw %}{{ a }}{% endraw %}', /raw/);
    givesUp('{% filter upper %} a {% endfilter %}', /filter/);
  });
  it('allows plain control flow and assignments', () => {
    assert.equal(normaliseSql("{% set x = 1 %}{% for i in range(3) %}select {{ i }}{% endfor %}{% if x %}{% else %}{% endif %}").ok, true);
  });
});

describe('normaliseSql: the quote of a literal or identifier is part of it', () => {
  it('a quoted token and the same text unquoted stay different', () => {
    assert.equal(text("select 'a b' as x"), "select 'a b' as x");
    different("select 'a' as x", "select a' as x");
    different('select "x" y', "select x\" y");
  });
});

describe('normaliseSql of compiled SQL ({ jinja: false })', () => {
  const compiled = (code: string): string => {
    const result = normaliseSql(code, { jinja: false });
    assert.ok(result.ok, result.ok ? '' : result.reason);
    return result.text;
  };

  it('braces are plain text: a `{#` in compiled SQL is never dropped as a Jinja comment', () => {
    assert.notEqual(compiled("select '{# a #}' as x"), compiled("select '{# b #}' as x"));
    assert.equal(normaliseSql('select {# a #} as x', { jinja: false }).ok, false, 'a `#` outside a literal: gives up');
  });

  it('comments and whitespace still go', () => {
    assert.equal(compiled('select  1 -- one\nfrom t'), compiled('select 1\nfrom t /* tail */'));
  });
});

describe('normaliseSql: comments that are code in some dialect stay', () => {
  it('MySQL executable comments and optimizer hints are kept verbatim', () => {
    different('select /*! STRAIGHT_JOIN */ a from t', 'select a from t');
    different('select /*+ INDEX(t i) */ a from t', 'select /*+ INDEX(t j) */ a from t');
  });
});
