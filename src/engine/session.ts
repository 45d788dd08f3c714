// Phase `parse`: the one dbt process installs packages when needed and parses the project; the manifest
// becomes the graph every later phase reads.

import type { DbtBridge } from '../dbt/bridge.js';
import { allNodes, readManifest, type Manifest, type ManifestNode } from '../dbt/manifest.js';
import type { DbtCommonArgs, ParseResult } from '../dbt/protocol.js';
import { needsDeps } from '../dbt/start.js';
import { buildGraph, topologicalOrder, type ProjectGraph } from '../graph/graph.js';
import { linkProducedSources } from '../graph/produced-sources.js';
import type { EngineOptions } from '../options.js';
import { parsingText, shownPath } from '../report/live.js';
import type { EngineDeps } from './types.js';

/** The parsed project, as every later phase sees it. */
export interface Project {
  bridge: DbtBridge;
  args: DbtCommonArgs;
  parse: ParseResult;
  manifest: Manifest;
  nodes: Map<string, ManifestNode>;
  graph: ProjectGraph;
  /** Sources whose table a project node writes, by source (graph/produced-sources.ts). */
  produced: Map<string, string>;
  /** Each node's place in the topological order. */
  position: Map<string, number>;
}

/** What dbt needs of the options to parse the project (a shard has no --state: its plan decided). */
export type ProjectOptions = Pick<EngineOptions, 'projectDir' | 'profilesDir' | 'target' | 'vars' | 'state' | 'defer'>;

export function commonArgs(options: ProjectOptions): DbtCommonArgs {
  return {
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: options.vars,
    state: options.state,
    defer: options.defer,
  };
}

/** What dbt's parse gives before the engine reads its manifest. */
export type Parsed = Pick<Project, 'bridge' | 'args' | 'parse'>;

export async function parseProject(bridge: DbtBridge, options: ProjectOptions, deps: Pick<EngineDeps, 'output' | 'cwd'>): Promise<Project> {
  return loadProject(await parseWithDbt(bridge, options, deps));
}

/** dbt deps when needed, then dbt parse (it writes the manifest). */
export async function parseWithDbt(bridge: DbtBridge, options: ProjectOptions, deps: Pick<EngineDeps, 'output' | 'cwd'>): Promise<Parsed> {
  const { output } = deps;
  const args = commonArgs(options);
  output.line(parsingText(shownPath(options.projectDir, deps.cwd) || '.'));
  if (needsDeps(options.projectDir)) {
    output.line('Installing dbt packages (dbt deps)');
    await bridge.deps(args);
  }
  const parse = await bridge.parse(args);
  if (parse.rereadFiles?.length) output.line(`Partial parsing: re-read ${parse.rereadFiles.length} file(s) whose contents changed in ways its checksum ignores: ${parse.rereadFiles.map((f) => f.replace(/^[^:]*:\/\//, '')).join(', ')}`);
  return { bridge, args, parse };
}

/** The manifest dbt wrote, read into the graph every later phase uses. */
export async function loadProject({ bridge, args, parse }: Parsed): Promise<Project> {
  const manifest = await readManifest(parse.manifestPath);
  const nodes = allNodes(manifest);
  const graph = buildGraph(nodes);
  const produced = linkProducedSources(graph);
  const position = new Map(topologicalOrder(graph).map((id, i) => [id, i]));
  return { bridge, args, parse, manifest, nodes, graph, produced, position };
}
