// dbt's own debug log (logs/dbt.log) prints the --vars mapping verbatim when it checks partial parsing:
//   "checksum: <sha>, vars: {'start_date': '2024-01-01', ...}, profile: jaffle_shop, target: dev, version: 1.12.6"
// The file is uploaded in the run's artifact, and vars may hold values that must not travel (ids, keys,
// customer names). The uploaded copy gets every printed vars mapping replaced; the runner's file is left
// as dbt wrote it. Recognised by shape (a `vars: {` followed by a balanced Python repr), so any dbt
// line that prints a vars mapping the same way is covered.

export const REDACTED = '<redacted by dbt-orchestrator>';

/** End index (exclusive) of the balanced `{...}` starting at `start`, respecting Python string quotes. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' && quote === undefined && depth > 0) return undefined;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/**
 * dbt's vars checksum (sha256 of the --vars, profile, target, version) can be brute-forced too. dbt prints it
 * before the vars mapping, and as "previous checksum: <sha>, current checksum: <sha>" when the vars changed
 * since the partial-parse file it found (e.g. one restored from the cache). Every 64-hex `checksum: ` goes.
 */
function redactChecksums(text: string): string {
  return text.replace(/\bchecksum: [0-9a-f]{64}\b/g, `checksum: ${REDACTED}`);
}

export function redactDbtLog(text: string): string {
  return redactVars(redactChecksums(text));
}

function redactVars(text: string): string {
  const marker = /\bvars: \{|['"]vars['"]: \{|['"]vars['"]: ['"]\{/g;
  let out = '';
  let from = 0;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    if (m.index < from) continue;
    const brace = m.index + m[0].length - 1;
    const quoted = m[0].endsWith(`'{`) || m[0].endsWith(`"{`);
    const end = quoted ? text.indexOf(m[0].at(-2)!, brace) + 1 || undefined : balancedEnd(text, brace);
    // Unbalanced: drop the rest of the line rather than risk printing a value.
    const stop = end ?? (text.indexOf('\n', brace) === -1 ? text.length : text.indexOf('\n', brace));
    out += text.slice(from, m.index) + m[0].slice(0, m[0].indexOf(':') + 2) + REDACTED;
    from = stop;
    marker.lastIndex = stop;
  }
  return out + text.slice(from);
}
