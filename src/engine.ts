// The engine: parse and select with dbt, hash, plan, execute, report. Entry points (CLI, action) only
// translate their inputs into EngineOptions and print what this returns.

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DbtBridge, BridgeError, bridgeScriptPath } from './dbt/bridge.js';
import { DbtNotFoundError, locateDbt } from './dbt/locate.js';
import { missingProfilesMessage } from './dbt/profiles.js';
import { allNodes, isEphemeral, readManifest, type ManifestNode } from './dbt/manifest.js';
import type { DbtCommonArgs, DbtNodeResult, ExistingRelation, ParseResult } from './dbt/protocol.js';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_NODE_FAILED, EXIT_OK, InputError } from './errors.js';
import { executeRunSet, type ExecutedNode } from './execute/execute.js';
import { countStatuses, isNotRun, runFailed } from './status.js';
import { blockedClosure, buildGraph, DependencyCycleError, topologicalOrder, type ProjectGraph } from './graph/graph.js';
import { linkProducedSources, producerParentsForDbt } from './graph/produced-sources.js';
import { digestOf, sha256 } from './hash/digest.js';
import { computeHashes, UNSET, type EffectiveHash } from './hash/node-hash.js';
import { keyedEnvDigest, resolveHashSalt, type HashSalt } from './hash/salt.js';
import { dataStateOf, formatDuration, lagTolerance, type DataState } from './plan/data-state.js';
import type { EngineOptions, Command } from './options.js';
import { planNodes, relationKey, type NodeFacts } from './plan/plan.js';
import { modifiedAgainst, parseHashSelector } from './plan/modified.js';
import { readStateReport } from './plan/state-report.js';
import { cycleMessage, probeWarehouse } from './dbt/environment.js';
import { planTable, type Output } from './report/console.js';
import { compiledSqlPath, LiveView, parsingText, shownPath } from './report/live.js';
import { buildOrchestratorReport, writeOrchestratorReport } from './report/orchestrator-json.js';
import { buildRunResults, writeRunResults } from './report/run-results.js';
import { openLocalStore } from './store/local.js';
import { applyWarehouse, readWarehouse, recordSpecFor, recordingRunner, type WarehouseState } from './warehouse/records.js';
import { explainNode } from './explain/explain.js';
import { explainTexts } from './explain/texts.js';
import { recordRun } from './report/savings.js';
import { collectImpact } from './impact/collect.js';
import type { ImpactReport } from './impact/types.js';
import type { Decision, NodeHash, NodeOutcome, ResultStore, RunInfo, Slot, SlotState, StoredResult } from './types.js';

const EXECUTED_TYPES: Record<Command, Set<string>> = {
  build: new Set(['model', 'seed', 'snapshot', 'test', 'unit_test']),
  run: new Set(['model']),
  test: new Set(['test', 'unit_test']),
  seed: new Set(['seed']),
  snapshot: new Set(['snapshot']),
};

const RELATION_TYPES = new Set(['model', 'seed', 'snapshot']);

/** Adapters whose table/view materializations drop the replaced relation with `cascade`, taking dependent views along. */
const VIEW_CASCADE_ADAPTERS = new Set(['postgres', 'redshift']);

export interface EngineDeps {
  output: Output;
  env: NodeJS.ProcessEnv;
  /** Where relative paths and the default dbt lookup start from. */
  cwd: string;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Aborted when the user interrupts (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Told when a phase starts, so an entry point can group its log (the action uses log groups). */
  onPhase?(phase: EnginePhase): void;
}

export type EnginePhase = 'parse' | 'plan' | 'execute' | 'report';

export interface PlannedNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  decision: Decision['decision'] | 'ephemeral';
  reason: string;
  hash: string;
  inputs: NodeHash['inputs'];
}

export interface EngineResult {
  exitCode: number;
  plan: PlannedNode[];
  outcomes: NodeOutcome[];
  runResultsPath?: string;
  orchestratorPath?: string;
  manifestPath?: string;
  error?: string;
  /** `options.explain`: the node's inputs old → new and its decision, as lines. */
  explanation?: string[];
  /** `options.impact`: what the run's changes do to the data, against the --state dir. */
  impact?: ImpactReport;
}

function commonArgs(options: EngineOptions): DbtCommonArgs {
  return {
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: options.vars,
    state: options.state,
    defer: options.defer,
  };
}

function slotFor(node: ManifestNode, parse: ParseResult): Slot {
  if (RELATION_TYPES.has(node.resource_type) && !isEphemeral(node)) {
    const relation = { database: node.database ?? null, schema: node.schema, identifier: node.alias ?? node.name };
    return { key: node.relation_name ?? relationKey(relation), relation };
  }
  return { key: `test:${node.unique_id}@${parse.target.database ?? ''}.${parse.target.schema}`, relation: null };
}

function displayName(node: ManifestNode): string {
  return `${node.resource_type} ${node.name}`;
}

export function packagesInstallPath(projectDir: string): string {
  try {
    const project = parseYaml(readFileSync(join(projectDir, 'dbt_project.yml'), 'utf8')) as Record<string, unknown> | null;
    const value = project?.['packages-install-path'];
    return typeof value === 'string' ? value : 'dbt_packages';
  } catch {
    return 'dbt_packages';
  }
}

/** The one dbt process of a run: found beside the project (or --dbt), its console output in logs/. */
export async function startDbt(options: { projectDir: string; dbtPath?: string; profilesDir?: string }, deps: Pick<EngineDeps, 'env' | 'cwd'>): Promise<DbtBridge> {
  const noProfiles = missingProfilesMessage({ profilesDir: options.profilesDir, projectDir: options.projectDir, env: deps.env }, '--profiles-dir DIR');
  if (noProfiles) throw new InputError('--profiles-dir', noProfiles);
  const located = locateDbt({ dbtPath: options.dbtPath, projectDir: options.projectDir, env: deps.env, cwd: deps.cwd });
  const logDir = join(options.projectDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  return DbtBridge.start({
    python: located.python,
    bridgeScript: bridgeScriptPath(),
    projectDir: options.projectDir,
    env: deps.env,
    logFile: join(logDir, 'dbt-orchestrator.log'),
  });
}

export function needsDeps(projectDir: string): boolean {
  const declared = ['packages.yml', 'dependencies.yml'].some((f) => existsSync(join(projectDir, f)));
  return declared && !existsSync(join(projectDir, packagesInstallPath(projectDir)));
}

function seedReader(options: EngineOptions, parse: ParseResult) {
  return (node: ManifestNode): Uint8Array | undefined => {
    const base = node.package_name === parse.projectName ? options.projectDir : join(options.projectDir, parse.packagesInstallPath, node.package_name);
    try {
      return readFileSync(join(base, node.original_file_path));
    } catch {
      return undefined;
    }
  };
}

function envDigest(parse: ParseResult, env: NodeJS.ProcessEnv, salt: HashSalt) {
  // Keyed: a bare sha256 of a short value can be brute-forced from orchestrator.json or the cached store.
  return (name: string): string => keyedEnvDigest(salt, parse.envVarDigests[name] ?? (env[name] === undefined ? sha256(UNSET) : sha256(`set:${env[name]}`)));
}

/** Parents outside the selection that have a relation: what do they hold, by the warehouse's records? */
/** Relation nodes upstream of the run set that it does not build: their records say what the run set reads. */
function upstreamParents(graph: ProjectGraph, runSet: Set<string>): ManifestNode[] {
  const ancestors = new Set<string>();
  const stack = [...runSet];
  while (stack.length > 0) {
    for (const parent of graph.parents.get(stack.pop()!) ?? []) {
      if (ancestors.has(parent)) continue;
      ancestors.add(parent);
      stack.push(parent);
    }
  }
  return [...ancestors]
    .map((id) => graph.nodes.get(id)!)
    .filter((node) => node && !runSet.has(node.unique_id) && RELATION_TYPES.has(node.resource_type) && !isEphemeral(node));
}

async function upstreamOverrides(graph: ProjectGraph, runSet: Set<string>, store: ResultStore, parse: ParseResult, runId: string, warehouse: WarehouseState) {
  const overrides = new Map<string, EffectiveHash>();
  const unknown = new Set<string>();
  for (const [id, node] of graph.nodes) {
    if (runSet.has(id) || !RELATION_TYPES.has(node.resource_type) || isEphemeral(node)) continue;
    const children = graph.children.get(id) ?? [];
    if (children.length === 0) continue;
    const slot = slotFor(node, parse);
    const held = slot.relation ? warehouse.holds(slot.relation) : undefined;
    const state = held ? await store.getSlot(slot.key) : undefined;
    if (held) overrides.set(id, { hash: held, codeHash: state?.hash === held && state.codeHash ? state.codeHash : sha256(`no-code-hash:${held}`) });
    else {
      const marker = sha256(`unknown:${id}:${runId}`);
      overrides.set(id, { hash: marker, codeHash: marker });
      unknown.add(id);
    }
  }
  return { overrides, unknown };
}

/** Sources upstream of the selection: their data states feed the hashes. */
function upstreamSources(graph: ProjectGraph, selection: Iterable<string>): string[] {
  const seen = new Set<string>();
  const sources = new Set<string>();
  const stack = [...selection];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const parent of graph.parents.get(id) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (graph.nodes.get(parent)?.resource_type === 'source') sources.add(parent);
      else stack.push(parent);
    }
  }
  return [...sources].sort();
}

async function sourceDataStates(
  graph: ProjectGraph,
  sources: string[],
  bridge: DbtBridge,
  options: EngineOptions,
  runId: string,
  output: Output,
): Promise<Map<string, DataState>> {
  const states = new Map<string, DataState>();
  // A source whose table a project node writes (a seed read through source()) has that node as its
  // parent (see graph/produced-sources.ts): the producer's hash flows into it like any upstream.
  const external = sources.filter((id) => (graph.parents.get(id) ?? []).length === 0);
  if (external.length === 0) return states;
  const { results } = await bridge.freshness({ uniqueIds: external });
  const byId = new Map(results.map((r) => [r.uniqueId, r]));
  for (const id of external) {
    const freshness = byId.get(id);
    if (freshness?.error) output.warn(`source ${displaySource(graph.nodes.get(id)!)}: freshness query failed (${freshness.error.split('\n')[0]}); treated as changed`);
    states.set(id, dataStateOf(graph.nodes.get(id)!, freshness, options.unknownSources, runId));
  }
  return states;
}

function hashSelectorOf(options: EngineOptions): { descendants: boolean } | undefined {
  try {
    return parseHashSelector(options.select);
  } catch (error) {
    throw new InputError('--select', (error as Error).message);
  }
}

/** hash:modified[+]: nodes whose own hash inputs differ from the --state directory's orchestrator.json. */
function modifiedByHash(selector: { descendants: boolean }, options: EngineOptions, graph: ProjectGraph, hashes: Map<string, NodeHash>): Set<string> {
  const path = options.state ? join(options.state, 'orchestrator.json') : undefined;
  if (!path || !existsSync(path)) {
    throw new InputError('--select', 'hash:modified compares against the orchestrator.json of a previous run: pass --state DIR holding one (e.g. the production artifact)');
  }
  const read = readStateReport(path, `${path}`);
  if (!read.ok) throw new InputError('--state', `${read.reason}; hash:modified needs the orchestrator.json of a previous dbt-orchestrator run`);
  const production = read.report;
  const current = [...hashes.values()]
    .filter((h) => graph.nodes.get(h.uniqueId)?.resource_type !== 'source')
    .map((h) => ({ uniqueId: h.uniqueId, name: graph.nodes.get(h.uniqueId)!.name, resourceType: graph.nodes.get(h.uniqueId)!.resource_type, inputs: h.inputs }));
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

export function displaySource(node: ManifestNode): string {
  return node.resource_type === 'source' ? `${node.source_name}.${node.name}` : node.name;
}

/** Unknown parents of a node, looking through ephemeral models (they compile their parents in). */
function unknownParents(graph: ProjectGraph, id: string, unknown: Set<string>): string[] {
  const out: string[] = [];
  const visit = (current: string, seen: Set<string>): void => {
    for (const parent of graph.parents.get(current) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (unknown.has(parent)) out.push(parent);
      const node = graph.nodes.get(parent);
      if (node && (isEphemeral(node) || node.resource_type === 'source')) visit(parent, seen);
    }
  };
  visit(id, new Set());
  return out.sort();
}

export async function runEngine(options: EngineOptions, deps: EngineDeps): Promise<EngineResult> {
  const { output } = deps;
  const runId = randomUUID();
  const startedAt = deps.now();
  let bridge: DbtBridge | undefined;
  let interrupted = false;
  let dbtDied = false;
  const onAbort = (): void => {
    interrupted = true;
    output.warn('interrupted: stopping dbt; results of finished nodes are kept');
    bridge?.kill();
  };
  deps.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    bridge = await startDbt(options, deps);
    const args = commonArgs(options);

    deps.onPhase?.('parse');
    output.line(parsingText(shownPath(options.projectDir, deps.cwd) || '.'));
    if (needsDeps(options.projectDir)) {
      output.line('Installing dbt packages (dbt deps)');
      await bridge.deps(args);
    }
    const parse = await bridge.parse(args);
    if (parse.rereadFiles?.length) output.line(`Partial parsing: re-read ${parse.rereadFiles.length} file(s) whose contents changed in ways its checksum ignores: ${parse.rereadFiles.map((f) => f.replace(/^[^:]*:\/\//, '')).join(', ')}`);
    const manifest = await readManifest(parse.manifestPath);
    const nodes = allNodes(manifest);
    const graph = buildGraph(nodes);
    const produced = linkProducedSources(graph);
    const order = topologicalOrder(graph);
    const position = new Map(order.map((id, i) => [id, i]));

    deps.onPhase?.('plan');
    const salt = resolveHashSalt(deps.env);
    const baseContext = {
      graph,
      macros: manifest.macros,
      globals: {
        dbtVersion: parse.dbtVersion,
        adapterVersion: parse.adapterVersion,
        adapterType: parse.target.adapterType,
        targetName: parse.target.targetName,
        targetDatabase: parse.target.database,
        targetSchema: parse.target.schema,
        projectEnvVarsHash: parse.projectEnvVarsHash === null ? null : keyedEnvDigest(salt, parse.projectEnvVarsHash),
      },
      vars: parse.vars,
      envVarsByUniqueId: parse.envVarsByUniqueId,
      envValueDigest: envDigest(parse, deps.env, salt),
      readSeedFile: seedReader(options, parse),
    };
    const hashSelector = hashSelectorOf(options);
    const listed = await bridge.ls({ ...args, select: hashSelector ? [] : options.select, exclude: options.exclude, selector: options.selector });
    const types = EXECUTED_TYPES[options.command];
    let candidates = listed.uniqueIds;
    if (hashSelector) {
      const own = computeHashes({ ...baseContext, upstreamOverride: new Map(), dataStates: new Map() });
      const listedIds = new Set(candidates);
      candidates = [...modifiedByHash(hashSelector, options, graph, own)].filter((id) => listedIds.has(id));
    }
    const selected = candidates.filter((id) => nodes.has(id) && types.has(nodes.get(id)!.resource_type));
    const ephemeral = selected.filter((id) => isEphemeral(nodes.get(id)!)).sort((a, b) => position.get(a)! - position.get(b)!);
    const executable = selected.filter((id) => !isEphemeral(nodes.get(id)!)).sort((a, b) => position.get(a)! - position.get(b)!);
    const executableSet = new Set(executable);
    for (const warning of listed.warnings ?? []) output.warn(warning);
    if (executable.length === 0) output.warn(nothingSelected(options));

    for (const id of executable) {
      try {
        lagTolerance(nodes.get(id)!);
      } catch (error) {
        throw new InputError('meta dbt_orchestrator.lag_tolerance', (error as Error).message);
      }
    }
    // One metadata query on the target before anything else touches the warehouse or the store: a locked
    // or unreachable database is bad environment (exit 2), not a run full of node errors.
    const probed = executable.length > 0 ? await probeWarehouse(bridge, args, parse.target) : [];
    // Opened only now: bad input caught above leaves no trace in the store.
    const store = await openLocalStore(options.storeDir, { warn: output.warn });
    const slots = new Map(executable.map((id) => [id, slotFor(nodes.get(id)!, parse)]));
    const slotStates = new Map<string, SlotState | undefined>();
    for (const id of executable) slotStates.set(id, await store.getSlot(slots.get(id)!.key));
    // One request (one query per schema): which relations exist and what their records say.
    const parentsOutside = upstreamParents(graph, executableSet);
    const warehouse = await readWarehouse(bridge, args, [...[...slots.values()].map((s) => s.relation), ...parentsOutside.map((n) => slotFor(n, parse).relation)].filter((r) => r !== null));
    const existingRelations = warehouse.existing;
    const { overrides, unknown } = await upstreamOverrides(graph, executableSet, store, parse, runId, warehouse);
    const dataStates = await sourceDataStates(graph, upstreamSources(graph, executable), bridge, options, runId, output);
    const now = deps.now();

    // Lag tolerance: a node whose code did not change may keep its table while new upstream data is
    // younger than its tolerance. Decided while hashing, because its children must then see the hash of
    // what the table holds, not of the data it has not read yet.
    const lagReused = new Map<string, string>();
    const keepWithinLag = (id: string, hash: NodeHash): EffectiveHash | undefined => {
      if (!options.reuse || options.fullRefresh || !executableSet.has(id)) return undefined;
      const state = slotStates.get(id);
      const tolerance = lagTolerance(nodes.get(id)!);
      if (!state || tolerance === undefined || state.hash === hash.hash || state.codeHash !== hash.codeHash) return undefined;
      const relation = slots.get(id)!.relation;
      if (relation && !existingRelations.has(relationKey(relation))) return undefined;
      if ((now.getTime() - Date.parse(state.recordedAt)) / 1000 >= tolerance) return undefined;
      lagReused.set(id, `within lag tolerance ${formatDuration(tolerance)} (new upstream data; built ${state.recordedAt})`);
      return { hash: state.hash, codeHash: state.codeHash! };
    };

    const hashes = computeHashes({
      ...baseContext,
      upstreamOverride: overrides,
      dataStates,
      effective: keepWithinLag,
    });

    const facts: NodeFacts[] = [];
    for (const id of executable) {
      const node = nodes.get(id)!;
      const hash = hashes.get(id)!;
      const slotState = slotStates.get(id);
      const stored = await store.getResult(lagReused.has(id) && slotState ? slotState.hash : hash.hash);
      const previous = slotState && slotState.hash !== hash.hash ? await store.getResult(slotState.hash) : stored;
      facts.push({ node, hash, slot: slots.get(id)!, slotState, stored, previous, unknownUpstream: unknownParents(graph, id, unknown) });
    }

    const nameOf = (id: string): string => {
      const node = nodes.get(id);
      return node ? displaySource(node) : (id.split('.').pop() ?? id);
    };
    const planned = planNodes(facts, {
      reuse: options.reuse,
      fullRefresh: options.fullRefresh,
      existingRelations,
      nameOf,
      now,
      maxAgeSeconds: options.maxAgeSeconds,
      lagReused,
    });
    const decisions = applyWarehouse(
      planned,
      (id) => {
        const relation = slots.get(id)?.relation;
        const held = lagReused.has(id) ? slotStates.get(id)?.hash : hashes.get(id)!.hash;
        return relation && held ? warehouse.verdict(relation, held) : undefined;
      },
      graph,
      nameOf,
      { rebuildDropsDependentViews: VIEW_CASCADE_ADAPTERS.has(parse.target.adapterType) },
    );
    const plan: PlannedNode[] = [
      ...decisions.map((d) => {
        const node = nodes.get(d.uniqueId)!;
        const hash = hashes.get(d.uniqueId)!;
        return { uniqueId: d.uniqueId, name: node.name, resourceType: node.resource_type, decision: d.decision, reason: d.reason, hash: hash.hash, inputs: hash.inputs };
      }),
      ...ephemeral.map((id) => ({
        uniqueId: id,
        name: nodes.get(id)!.name,
        resourceType: 'model',
        decision: 'ephemeral' as const,
        reason: 'compiled into dependents',
        hash: hashes.get(id)!.hash,
        inputs: hashes.get(id)!.inputs,
      })),
    ];

    const explanation = options.explain
      ? await explainNode({
          query: options.explain,
          nodes: graph.nodes,
          sources: { macros: manifest.macros, vars: parse.vars },
          hashes,
          facts,
          decisions,
          ephemeral,
          nameOf,
          list: async (select) => (await bridge!.ls({ ...args, select: [select], exclude: [], indirectSelection: 'empty' })).uniqueIds,
        })
      : undefined;
    if (options.planOnly) {
      return { exitCode: EXIT_OK, plan, outcomes: [], manifestPath: parse.manifestPath, explanation };
    }

    const runSet = decisions.filter((d) => d.decision === 'run').map((d) => d.uniqueId);
    deps.onPhase?.('execute');
    const logPath = shownPath(join(options.projectDir, 'logs', 'dbt-orchestrator.log'), deps.cwd);
    const live = new LiveView(output, {
      logPath,
      displayOf: (id) => displayName(nodes.get(id)!),
      compiledPathOf: (id) => {
        const path = compiledSqlPath(nodes.get(id)!, dirname(parse.manifestPath));
        return path && shownPath(path, deps.cwd);
      },
      blockedBy: (failed) => blockedClosure(graph, failed),
    });
    live.plan(executable.length, decisions.filter((d) => d.decision === 'run'), decisions.filter((d) => d.decision === 'reuse'));

    const factsById = new Map(facts.map((f) => [f.node.unique_id, f]));
    const warnStore = (what: string) => (error: unknown) => output.warn(`could not ${what} in the store: ${error instanceof Error ? error.message : String(error)}`);
    // A metadata-only change reuses the node; its record is rewritten so the store describes the new metadata.
    for (const d of decisions) {
      const stored = d.refreshRecord && d.decision === 'reuse' ? factsById.get(d.uniqueId)!.stored : undefined;
      if (stored) await store.record({ ...stored, inputs: factsById.get(d.uniqueId)!.hash.inputs }, { replace: true }).catch(warnStore('refresh a record'));
    }
    const executed =
      runSet.length === 0
        ? new Map<string, ExecutedNode>()
        : await executeRunSet({
            graph,
            runSet,
            threads: options.threads ?? parse.target.threads,
            fullRefresh: options.fullRefresh,
            retries: options.retries,
            retryDelaySeconds: options.retryDelaySeconds,
            runner: recordingRunner(
              { build: (buildArgs, onEvent) => bridge!.build({ ...buildArgs, extraParents: producerParentsForDbt(graph, produced) }, onEvent) },
              { runId, nodes: runSet.flatMap((id) => recordSpecFor(nodes.get(id)!, slots.get(id)!, hashes.get(id)!.hash) ?? []) },
              output.warn,
            ),
            sleep: deps.sleep,
            cancelled: () => interrupted,
            hooks: {
              onNodeStart: (id, attempt) => live.start(id, attempt),
              onNodeFinish: (id, result, attempt) => live.finish(id, result, attempt),
              onRetry: (ids, delay, round, pending) => live.retry(ids.map((id) => nodes.get(id)!.name), delay, round, pending),
              onCrash: (message, fatal) => {
                if (interrupted) return;
                dbtDied ||= fatal;
                live.crash(message);
              },
              invalidate: (id) => store.clearSlot(factsById.get(id)!.slot.key).catch(warnStore('clear a slot')),
              recordSuccess: (id, result) => {
                const f = factsById.get(id)!;
                const texts = explainTexts(f.node, f.hash.inputs, { macros: manifest.macros, vars: parse.vars });
                return store.record({ ...storedResultFor(f, result, deps.now(), runId), texts }).catch(warnStore('record a result'));
              },
            },
          });

    const outcomes = decisions.map((d) => outcomeFor(d, factsById.get(d.uniqueId)!, executed.get(d.uniqueId)));
    for (const o of outcomes) if (o.status === 'skipped' || isNotRun(o.status)) live.skipped(o.uniqueId, o.result?.message ?? o.reason, o.status);

    deps.onPhase?.('report');
    // PR impact against production (the action's `impact` input): a report, it never changes the result.
    const impact = options.impact && options.state && !interrupted && !dbtDied ? await collectImpact(bridge, options.impact, options.state, { nodes, children: graph.children, hashed: plan, outcomes }) : undefined;
    const finishedAt = deps.now();
    const info: RunInfo = {
      runId,
      command: options.command,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      elapsedSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      dbtVersion: parse.dbtVersion,
      adapterType: parse.target.adapterType,
      args: argsForReport(options),
    };
    const targetDir = dirname(parse.manifestPath);
    const runResultsPath = join(targetDir, 'run_results.json');
    const orchestratorPath = join(targetDir, 'orchestrator.json');
    await writeRunResults(runResultsPath, buildRunResults(outcomes, info));
    const orchestratorReport = buildOrchestratorReport({
      run: info,
      nodes: outcomes.map((outcome) => ({ outcome, inputs: hashes.get(outcome.uniqueId)!.inputs, relationName: nodes.get(outcome.uniqueId)!.relation_name ?? null })),
      ephemeral: ephemeral.map((id) => ({ uniqueId: id, name: nodes.get(id)!.name, hash: hashes.get(id)!.hash, inputs: hashes.get(id)!.inputs })),
    });
    await writeOrchestratorReport(orchestratorPath, orchestratorReport);

    const exitCode = interrupted ? EXIT_INTERRUPTED : dbtDied || runFailed(countStatuses(outcomes)) ? EXIT_NODE_FAILED : EXIT_OK;
    live.recap(outcomes, { wallSeconds: info.elapsedSeconds, spentSeconds: orchestratorReport.timeSpentSeconds, savedSeconds: orchestratorReport.totals.savedSeconds }, interrupted, dbtDied);
    await recordRun(options.storeDir, info, outcomes).catch(warnStore('record the run'));
    return { exitCode, plan, outcomes, runResultsPath, orchestratorPath, manifestPath: parse.manifestPath, impact };
  } catch (error) {
    if (error instanceof InputError || error instanceof DbtNotFoundError) return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: error.message };
    if (error instanceof DependencyCycleError) return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: cycleMessage(error) };
    if (error instanceof BridgeError && error.kind !== 'internal' && error.kind !== 'database') {
      return { exitCode: EXIT_BAD_INPUT, plan: [], outcomes: [], error: `${bridgeErrorTitle(error.kind)}: ${error.message}` };
    }
    if (interrupted) return { exitCode: EXIT_INTERRUPTED, plan: [], outcomes: [], error: 'interrupted' };
    throw error;
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    await bridge?.close().catch(() => undefined);
  }
}

export function bridgeErrorTitle(kind: string): string {
  switch (kind) {
    case 'dbt_missing':
      return 'dbt is not installed for the selected Python (pass --dbt PATH)';
    case 'dbt_unsupported':
      return 'unsupported dbt version';
    case 'profile':
      return 'dbt profile error';
    case 'project':
      return 'dbt project error';
    case 'parse':
      return 'dbt could not parse the project';
    case 'selection':
      return 'dbt rejected the selection';
    default:
      return 'dbt error';
  }
}

function nothingSelected(options: EngineOptions): string {
  const what = [options.select.length > 0 ? `--select ${options.select.join(' ')}` : '', options.exclude.length > 0 ? `--exclude ${options.exclude.join(' ')}` : '', options.selector ? `--selector ${options.selector}` : '']
    .filter((w) => w !== '')
    .join(' ');
  return `nothing to ${options.command}: the selection${what ? ` (${what})` : ''} matches no ${options.command === 'build' ? 'buildable' : options.command} node; ${options.planOnly ? 'nothing would run' : 'nothing ran, and run_results.json lists no results'}`;
}

function storedResultFor(facts: NodeFacts, result: DbtNodeResult, now: Date, runId: string): StoredResult {
  return {
    hash: facts.hash.hash,
    uniqueId: facts.node.unique_id,
    status: result.status,
    slot: facts.slot.key,
    relationName: facts.node.relation_name ?? null,
    inputs: facts.hash.inputs,
    // Compiled SQL has var and env var values rendered in (secrets too): the store, a cached file, never keeps it.
    result: { ...result, compiled_code: null },
    recordedAt: now.toISOString(),
    runId,
    codeHash: facts.hash.codeHash,
  };
}

function outcomeFor(decision: Decision, facts: NodeFacts, executed: ExecutedNode | undefined): NodeOutcome {
  const base = {
    uniqueId: facts.node.unique_id,
    resourceType: facts.node.resource_type,
    name: facts.node.name,
    hash: facts.hash.hash,
  };
  if (decision.decision === 'reuse') {
    return { ...base, decision: 'reuse', reason: decision.reason, reusedFrom: facts.stored, attempts: 0, status: 'reused' };
  }
  if (!executed) {
    return { ...base, decision: 'skip', reason: 'not executed', attempts: 0, status: 'skipped' };
  }
  if (executed.result.status === 'skipped') {
    return {
      ...base,
      decision: 'skip',
      reason: executed.result.message ?? 'skipped',
      result: executed.result,
      skippedBecauseOf: executed.skippedBecauseOf,
      attempts: executed.attempts,
      attemptErrors: executed.attemptErrors,
      status: 'skipped',
    };
  }
  return { ...base, decision: 'run', reason: decision.reason, result: executed.result, attempts: executed.attempts, attemptErrors: executed.attemptErrors, status: executed.result.status };
}

function argsForReport(options: EngineOptions): Record<string, unknown> {
  return {
    which: options.command,
    select: options.select,
    exclude: options.exclude,
    selector: options.selector ?? null,
    target: options.target ?? null,
    vars: options.vars ? 'provided' : null,
    state: options.state ?? null,
    defer: options.defer,
    full_refresh: options.fullRefresh,
    threads: options.threads ?? null,
    retries: options.retries,
    retry_delay: options.retryDelaySeconds,
    reuse: options.reuse,
  };
}

export function planLines(plan: PlannedNode[]): string[] {
  return planTable(plan.map((p) => ({ uniqueId: p.uniqueId, decision: p.decision as Decision['decision'], reason: p.reason, display: `${p.resourceType} ${p.name}` })));
}
