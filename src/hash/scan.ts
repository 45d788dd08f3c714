// Finds which vars and env vars a piece of Jinja reads. dbt does not record var usage per node, so the
// engine scans the code itself; a read it cannot resolve statically (a computed name) makes the node
// depend on every var, because missing a dependency would allow a wrong reuse.

export interface References {
  names: Set<string>;
  /** True when some read uses a computed name, e.g. var(my_name). */
  dynamic: boolean;
}

const VAR_CALL = /(?<![\w.])var\s*\(\s*(?:(['"])([^'"\n]+)\1|(?=[^\s)'"]))/g;
const ENV_VAR_CALL = /(?<![\w.])env_var\s*\(\s*(?:(['"])([^'"\n]+)\1|(?=[^\s)'"]))/g;

function scan(pattern: RegExp, word: string, text: string, into: References): void {
  if (!text.includes(word)) return; // the pattern names it
  for (const match of text.matchAll(pattern)) {
    if (match[2] !== undefined) into.names.add(match[2]);
    else into.dynamic = true;
  }
}

export function emptyReferences(): References {
  return { names: new Set(), dynamic: false };
}

export function copyReferences(references: References): References {
  return { names: new Set(references.names), dynamic: references.dynamic };
}

/** Every string inside a JSON-like value (configs keep Jinja as unrendered strings). */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

export function scanVarReads(texts: Iterable<string>, into = emptyReferences()): References {
  for (const text of texts) scan(VAR_CALL, 'var', text, into);
  return into;
}

export function scanEnvVarReads(texts: Iterable<string>, into = emptyReferences()): References {
  for (const text of texts) scan(ENV_VAR_CALL, 'env_var', text, into);
  return into;
}
