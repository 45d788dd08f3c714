// Phase `plan`, first step: which nodes the run is about. dbt resolves the selection (`dbt ls`); our own
// `hash:modified[+]` selector compares the nodes' own hash inputs with a previous run's orchestrator.json.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isEphemeral } from '../dbt/manifest.js';
import type { ListResult } from '../dbt/protocol.js';
import { InputError } from '../errors.js';
import type { ProjectGraph } from '../graph/graph.js';
import type { Command, EngineOptions } from '../options.js';
import { lagTolerance } from '../plan/data-state.js';
import { modifiedAgainst, parseHashSelector } from '../plan/modified.js';
import { readStateReport } from '../plan/state-report.js';
import type { Output } from '../report/console.js';
import type { HashInput } from '../types.js';
import type { Project } from './session.js';

const EXECUTED_TYPES: Record<Command, Set<string>> = {
  build: new Set(['model', 'seed', 'snapshot', 'test', 'unit_test']),
  run: new Set(['model']),
  test: new Set(['test', 'unit_test']),
  seed: new Set(['seed']),
  snapshot: new Set(['snapshot']),
};

export interface Selection {
  /** Selected nodes dbt executes, in topological order. */
  executable: string[];
  /** Selected ephemeral models (compiled into their dependents), in topological order. */
  ephemeral: string[];
}

/**
 * dbt's selection (`dbt ls` in the dbt process), asked for as soon as dbt has parsed: dbt selects while the
 * engine reads the manifest. A failure surfaces where selectNodes awaits it, in the same order.
 */
export function requestSelection({ bridge, args }: Pick<Project, 'bridge' | 'args'>, options: EngineOptions): Promise<ListResult> {
  let listing: Promise<ListResult>;
  try {
    listing = bridge.ls({ ...args, select: hashSelectorOf(options) ? [] : options.select, exclude: options.exclude, selector: options.selector });
  } catch (error) {
    listing = Promise.reject(error); // a malformed hash: selector, thrown again by selectNodes
  }
  listing.catch(() => undefined); // not unhandled while the engine is busy elsewhere (or fails first)
  return listing;
}

/** The selection, checked: `own` gives every node's own hash inputs (hash/node-hash.ts `ownInputs`; only `hash:modified` asks). */
export async function selectNodes(project: Project, options: EngineOptions, own: () => Map<string, HashInput[]>, output: Output, listing?: Promise<ListResult>): Promise<Selection> {
  const { nodes, graph, position } = project;
  const hashSelector = hashSelectorOf(options);
  const listed = await (listing ?? requestSelection(project, options));
  const listedIds = new Set(listed.uniqueIds);
  const candidates = hashSelector ? [...modifiedByHash(hashSelector, options, graph, own())].filter((id) => listedIds.has(id)) : listed.uniqueIds;
  const types = EXECUTED_TYPES[options.command];
  const selected = candidates.filter((id) => nodes.has(id) && types.has(nodes.get(id)!.resource_type));
  const byPosition = (a: string, b: string): number => position.get(a)! - position.get(b)!;
  const ephemeral = selected.filter((id) => isEphemeral(nodes.get(id)!)).sort(byPosition);
  const executable = selected.filter((id) => !isEphemeral(nodes.get(id)!)).sort(byPosition);
  for (const warning of listed.warnings ?? []) output.warn(warning);
  if (executable.length === 0) output.warn(nothingSelected(options));
  for (const id of executable) {
    try {
      lagTolerance(nodes.get(id)!);
    } catch (error) {
      throw new InputError('meta dbt_orchestrator.lag_tolerance', (error as Error).message);
    }
  }
  return { executable, ephemeral };
}

function hashSelectorOf(options: EngineOptions): { descendants: boolean } | undefined {
  try {
    return parseHashSelector(options.select);
  } catch (error) {
    throw new InputError('--select', (error as Error).message);
  }
}

/** hash:modified[+]: nodes whose own hash inputs differ from the --state directory's orchestrator.json. */
function modifiedByHash(selector: { descendants: boolean }, options: EngineOptions, graph: ProjectGraph, own: Map<string, HashInput[]>): Set<string> {
  const path = options.state ? join(options.state, 'orchestrator.json') : undefined;
  if (!path || !existsSync(path)) {
    throw new InputError('--select', 'hash:modified compares against the orchestrator.json of a previous run: pass --state DIR holding one (e.g. the production artifact)');
  }
  const read = readStateReport(path, `${path}`);
  if (!read.ok) throw new InputError('--state', `${read.reason}; hash:modified needs the orchestrator.json of a previous dbt-orchestrator run`);
  const production = read.report;
  const current = [...own]
    .filter(([id]) => graph.nodes.get(id)?.resource_type !== 'source')
    .map(([id, inputs]) => ({ uniqueId: id, name: graph.nodes.get(id)!.name, resourceType: graph.nodes.get(id)!.resource_type, inputs }));
  const modified = new Set(modifiedAgainst(current, production.nodes, (id) => id.split('.').pop() ?? id).map((m) => m.uniqueId));
  const out = new Set(modified);
  // Tests of a modified node are selected with it, as dbt's eager indirect selection does.
  const addChildren = (id: string, all: boolean): void => {
    for (const child of graph.children.get(id) ?? []) {
      const isTest = ['test', 'unit_test'].includes(graph.nodes.get(child)?.resource_type ?? '');
      if ((all || isTest) && !out.has(child)) {
        out.add(child);
        if (all) addChildren(child, all);
      }
    }
  };
  for (const id of modified) addChildren(id, selector.descendants);
  return out;
}

function nothingSelected(options: EngineOptions): string {
  const what = [options.select.length > 0 ? `--select ${options.select.join(' ')}` : '', options.exclude.length > 0 ? `--exclude ${options.exclude.join(' ')}` : '', options.selector ? `--selector ${options.selector}` : '']
    .filter((w) => w !== '')
    .join(' ');
  return `nothing to ${options.command}: the selection${what ? ` (${what})` : ''} matches no ${options.command === 'build' ? 'buildable' : options.command} node; ${options.planOnly ? 'nothing would run' : 'nothing ran, and run_results.json lists no results'}`;
}
