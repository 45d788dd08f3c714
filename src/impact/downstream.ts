// What a change reaches downstream: the nodes the run rebuilt because they depend on a modified node, and
// the exposures (dashboards, apps) that depend on it. Pure: read from the manifest's child_map.

export interface RunNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  decision: string;
  status: string;
}

export interface Downstream {
  /** Models, seeds and snapshots rebuilt because of the change, in the run's order. */
  rebuilt: RunNode[];
  /** Data and unit tests of the change and of its descendants that ran. */
  tests: number;
  exposures: Array<{ uniqueId: string; name: string }>;
}

const TEST_TYPES = new Set(['test', 'unit_test']);

export function downstreamOf(
  modified: Iterable<string>,
  childMap: Record<string, string[]>,
  runNodes: RunNode[],
  exposureNames: Record<string, string>,
): Downstream {
  const roots = new Set(modified);
  const reached = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    for (const child of childMap[stack.pop()!] ?? []) {
      if (reached.has(child)) continue;
      reached.add(child);
      stack.push(child);
    }
  }
  // Reused ones too: an earlier push of the same PR built them because of the change.
  const ran = runNodes.filter((n) => (n.decision === 'run' || n.decision === 'reuse') && reached.has(n.uniqueId) && !roots.has(n.uniqueId));
  return {
    rebuilt: ran.filter((n) => !TEST_TYPES.has(n.resourceType)),
    tests: ran.filter((n) => TEST_TYPES.has(n.resourceType)).length,
    exposures: [...reached]
      .filter((id) => id.startsWith('exposure.'))
      .sort()
      .map((id) => ({ uniqueId: id, name: exposureNames[id] ?? id.split('.').pop() ?? id })),
  };
}

export interface LinkContext {
  serverUrl?: string;
  repository?: string;
  /** The pull request's head commit. */
  headSha?: string;
  /** The dbt project folder relative to the repository root ('.' at the root). */
  projectDir: string;
  projectName?: string;
}

export interface FileNode {
  original_file_path?: string;
  package_name?: string;
}

/** The file of a node of the project at the PR's head commit on GitHub; undefined for package nodes or without context. */
export function fileUrl(context: LinkContext, node: FileNode | undefined): string | undefined {
  const { serverUrl, repository, headSha } = context;
  if (!serverUrl || !repository || !headSha || !/^[0-9a-f]{7,64}$/i.test(headSha) || !node?.original_file_path) return undefined;
  if (context.projectName && node.package_name && node.package_name !== context.projectName) return undefined;
  const path = [context.projectDir, node.original_file_path]
    .join('/')
    .split(/[\\/]+/)
    .filter((part) => part !== '' && part !== '.')
    .map(encodeURIComponent)
    .join('/');
  return `${serverUrl.replace(/\/+$/, '')}/${repository}/blob/${headSha}/${path}`;
}
