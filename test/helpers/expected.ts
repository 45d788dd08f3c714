// What a change must rebuild, read from dbt's own manifest: the named relations plus every data or
// unit test attached to one of them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type ManifestEntries = Record<string, { resource_type: string; depends_on?: { nodes?: string[] } }>;

export function manifestNodes(project: string): ManifestEntries {
  const manifest = JSON.parse(readFileSync(join(project, 'target/manifest.json'), 'utf8'));
  return { ...manifest.nodes, ...(manifest.unit_tests ?? {}) };
}

/** The rebuilt relations plus every data/unit test attached to one of them, sorted. */
export function expectedWithTests(project: string, rebuilt: string[]): string[] {
  const set = new Set(rebuilt);
  const tests = Object.entries(manifestNodes(project))
    .filter(([, n]) => (n.resource_type === 'test' || n.resource_type === 'unit_test') && (n.depends_on?.nodes ?? []).some((d) => set.has(d)))
    .map(([id]) => id);
  return [...rebuilt, ...tests].sort();
}
