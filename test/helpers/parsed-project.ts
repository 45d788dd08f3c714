// One real dbt process per test file (the dagster-dbt way): parse a project with the real bridge, then
// compute every node's hash in memory, edit files, re-parse (dbt's partial parse, same process) and
// compare. For rules that depend only on what dbt parses, not on what it builds.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bridgeScriptPath, DbtBridge } from '../../src/dbt/bridge.js';
import { locateDbt } from '../../src/dbt/locate.js';
import { allNodes, readManifest, type ManifestNode } from '../../src/dbt/manifest.js';
import type { DbtCommonArgs, ParseResult } from '../../src/dbt/protocol.js';
import { buildGraph, type ProjectGraph } from '../../src/graph/graph.js';
import { computeHashes, UNSET } from '../../src/hash/node-hash.js';
import type { NodeHash } from '../../src/types.js';
import { DBT } from './project.js';

export interface ParsedState {
  parse: ParseResult;
  nodes: Map<string, ManifestNode>;
  graph: ProjectGraph;
  /** Every node's hash as a run that builds everything computes it (no store, no data states). */
  hashes: Map<string, NodeHash>;
}

export interface ParsedProject {
  project: string;
  /** Parses the project as it is now (optionally with --vars) and hashes it. */
  parse(options?: { vars?: string }): Promise<ParsedState>;
  close(): Promise<void>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function hashAll(parse: ParseResult, nodes: Map<string, ManifestNode>, graph: ProjectGraph, macros: Parameters<typeof computeHashes>[0]['macros'], project: string): Map<string, NodeHash> {
  return computeHashes({
    graph,
    macros,
    globals: {
      dbtVersion: parse.dbtVersion,
      adapterVersion: parse.adapterVersion,
      adapterType: parse.target.adapterType,
      targetName: parse.target.targetName,
      targetDatabase: parse.target.database,
      targetSchema: parse.target.schema,
      projectEnvVarsHash: parse.projectEnvVarsHash,
    },
    vars: parse.vars,
    envVarsByUniqueId: parse.envVarsByUniqueId,
    envValueDigest: (name) => parse.envVarDigests[name] ?? (process.env[name] === undefined ? sha256(UNSET) : sha256(`set:${process.env[name]}`)),
    readSeedFile: (node) => {
      const base = node.package_name === parse.projectName ? project : join(project, parse.packagesInstallPath, node.package_name);
      try {
        return readFileSync(join(base, node.original_file_path));
      } catch {
        return undefined;
      }
    },
    upstreamOverride: new Map(),
    dataStates: new Map(),
  });
}

/** Starts one dbt bridge on `project` (a private copy), installs its packages; call close() in `after`. */
export async function parsedProject(project: string): Promise<ParsedProject> {
  const located = locateDbt({ dbtPath: DBT, projectDir: project, env: process.env, cwd: project });
  const bridge = await DbtBridge.start({ python: located.python, bridgeScript: bridgeScriptPath(), projectDir: project, env: process.env });
  const common: DbtCommonArgs = { projectDir: project, profilesDir: project };
  await bridge.deps(common);
  return {
    project,
    async parse(options = {}) {
      const parse = await bridge.parse({ ...common, ...(options.vars ? { vars: options.vars } : {}) });
      const manifest = await readManifest(parse.manifestPath);
      const nodes = allNodes(manifest);
      const graph = buildGraph(nodes);
      return { parse, nodes, graph, hashes: hashAll(parse, nodes, graph, manifest.macros, project) };
    },
    close: () => bridge.close(),
  };
}
