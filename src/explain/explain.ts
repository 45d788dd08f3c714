// `explain NODE`: every hash input of one node, old → new against the record of what its relation holds
// now (the slot's record), and the decision with its full reason. Pure but for `list` (dbt's selection,
// to resolve the node's name like dbt does); runs no model SQL.

import type { ManifestNode } from '../dbt/manifest.js';
import { InputError } from '../errors.js';
import type { NodeFacts } from '../plan/plan.js';
import { changedInputs, describeChanges, type NameOf } from '../plan/reasons.js';
import type { Decision, HashInput, NodeHash, StoredResult } from '../types.js';
import { unifiedDiff } from './diff.js';
import { looksSecret } from './secret.js';
import { currentText, type TextSources } from './texts.js';

export interface ExplainInput {
  /** What the user typed: a unique_id or anything dbt's `--select` accepts that picks one node. */
  query: string;
  /** Every node and source of the project. */
  nodes: Map<string, ManifestNode>;
  sources: TextSources;
  hashes: Map<string, NodeHash>;
  /** The plan's facts and decisions (selected, executable nodes). */
  facts: NodeFacts[];
  decisions: Decision[];
  /** Selected ephemeral models (compiled into their children; no record of their own). */
  ephemeral: string[];
  nameOf: NameOf;
  /** unique_ids dbt selects for `--select <query>` (tests not added). */
  list(select: string): Promise<string[]>;
}

const INDENT = '    ';
const MAX_DEPTH = 25;

/** The one planned node the query names, or a clear InputError (exit 2). */
export async function resolveNode(input: ExplainInput): Promise<string> {
  const planned = new Set([...input.facts.map((f) => f.node.unique_id), ...input.ephemeral]);
  const query = input.query.trim();
  if (planned.has(query)) return query;
  if (input.nodes.has(query)) throw notPlanned(query, input);
  let listed: string[];
  try {
    listed = await input.list(query);
  } catch (error) {
    throw new InputError('explain', `dbt cannot select '${query}' (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); pass a node name or unique_id`);
  }
  let matches = listed.filter((id) => planned.has(id));
  if (matches.length > 1) {
    const named = matches.filter((id) => input.nodes.get(id)?.name === query);
    if (named.length > 0) matches = named;
  }
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new InputError('explain', `'${query}' selects ${matches.length} nodes (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}); pass one unique_id`);
  }
  if (listed.length > 0) throw notPlanned(listed[0], input);
  throw new InputError('explain', `no node named '${query}' in the project; pass a node name or unique_id (see dbt ls)`);
}

function notPlanned(id: string, input: ExplainInput): InputError {
  const node = input.nodes.get(id);
  const what = node?.resource_type === 'source' ? 'a source (it has no result of its own; explain a node that reads it)' : 'not among the selected nodes of this command (check --select, --exclude and the command)';
  return new InputError('explain', `'${id}' is ${what}`);
}

type Change = 'unchanged' | 'changed' | 'added' | 'removed';

function changeOf(key: string, before: Map<string, HashInput>, after: Map<string, HashInput>): Change {
  const b = before.get(key);
  const a = after.get(key);
  if (!b) return 'added';
  if (!a) return 'removed';
  return a.digest === b.digest ? 'unchanged' : 'changed';
}

function label(key: string, nameOf: NameOf): string {
  const [kind, ...rest] = key.split(':');
  const subject = rest.join(':');
  switch (kind) {
    case 'macro':
    case 'upstream':
    case 'data':
      return `${kind} ${nameOf(subject)}`;
    case 'var':
    case 'env':
      return `${kind} ${subject}`;
    case 'meta':
      return `metadata ${subject}`;
    case 'vars':
      return 'vars (read dynamically)';
    default:
      return key;
  }
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

interface Context {
  input: ExplainInput;
  factsById: Map<string, NodeFacts>;
}

/** Old → new detail lines of one changed input (diffs, values), indented under the input's line. */
function detail(key: string, change: Change, before: Map<string, HashInput>, after: Map<string, HashInput>, previous: StoredResult, node: ManifestNode, ctx: Context, depth: number): { summary: string; lines: string[] } {
  const [kind, ...rest] = key.split(':');
  const subject = rest.join(':');
  if (kind === 'env') return { summary: `${change} (env var values are never shown)`, lines: [] };
  if (kind === 'var') {
    // Var values are never stored (the store is cached where pull requests can read it) nor printed (the output
    // lands in CI logs): the digest says that it changed, not to what.
    return { summary: `${change} (var values are never stored or shown${looksSecret(subject) ? '; the name looks secret' : ''})`, lines: [] };
  }
  if (kind === 'data') {
    const old = before.get(key)?.value;
    const now = after.get(key)?.value;
    return { summary: `${change}: ${old ?? '(no data state)'} → ${now ?? '(no data state)'}`, lines: [] };
  }
  if (kind === 'code' || kind === 'macro') {
    const old = change === 'added' ? '' : previous.texts?.[key];
    const now = change === 'removed' ? '' : currentText(key, node, ctx.input.sources);
    const what = kind === 'macro' ? (change === 'added' ? 'now called' : change === 'removed' ? 'no longer called' : 'changed') : change;
    if (old === undefined || now === undefined) {
      const why = kind === 'code' && now === undefined ? 'seed file, generic or unit test: no text to diff' : 'the record keeps no old text (recorded before explain, or too large)';
      return { summary: `${what} (${why})`, lines: [] };
    }
    const name = kind === 'macro' ? ctx.input.nameOf(subject) : node.original_file_path;
    return { summary: what, lines: unifiedDiff(old, now, { oldLabel: `${name} (as built ${previous.recordedAt})`, newLabel: `${name} (now)` }) };
  }
  if (kind === 'upstream') return { summary: change, lines: change === 'changed' ? upstreamCause(subject, ctx, depth + 1) : [] };
  if (kind === 'meta') return { summary: `${change} (metadata: does not rebuild)`, lines: [] };
  return { summary: change, lines: [] };
}

/** Why an upstream's hash moved, down to the root cause: its own changes, then its changed upstreams. */
function upstreamCause(id: string, ctx: Context, depth: number): string[] {
  const { nameOf, nodes } = ctx.input;
  const node = nodes.get(id);
  if (depth > MAX_DEPTH) return ['… (deeper causes left out)'];
  if (node?.resource_type === 'source') return [`source ${nameOf(id)}: its definition (relation, loaded_at), env vars or adapter changed`];
  if (ctx.input.ephemeral.includes(id) || (node && node.config?.materialized === 'ephemeral')) {
    return [`ephemeral model ${nameOf(id)} changed (its code, macros, vars or upstream: it has no record of its own to compare)`];
  }
  const facts = ctx.factsById.get(id);
  if (!facts) return [`${nameOf(id)} is not in this run: its relation now holds another build than the one recorded`];
  if (!facts.previous) return [`${nameOf(id)}: no previous result (${facts.slotState ? 'record unavailable' : 'never built by dbt-orchestrator'})`];
  const before = facts.previous.inputs;
  const after = facts.hash.inputs;
  const changes = changedInputs(before, after).filter((c) => !c.key.startsWith('meta:'));
  const own = changes.filter((c) => !c.key.startsWith('upstream:'));
  const lines: string[] = [];
  if (own.length > 0) {
    const keys = new Set(own.map((c) => c.key));
    lines.push(`${nameOf(id)}: ${describeChanges(before.filter((i) => keys.has(i.key)), after.filter((i) => keys.has(i.key)), nameOf, Infinity)}`);
  }
  for (const c of changes.filter((c) => c.key.startsWith('upstream:'))) {
    const parent = c.key.slice('upstream:'.length);
    lines.push(`${nameOf(id)}: upstream ${nameOf(parent)} ${c.change}`);
    if (c.change === 'changed') lines.push(...upstreamCause(parent, ctx, depth + 1).map((l) => `${INDENT}${l}`));
  }
  return lines.length > 0 ? lines : [`${nameOf(id)}: same inputs, rebuilt from another record`];
}

/** The reason as planned, with any "(+N more)" spelled out. */
function fullReason(decision: Decision, facts: NodeFacts | undefined, nameOf: NameOf): string {
  if (!/\(\+\d+ more\)$/.test(decision.reason) || !facts?.previous) return decision.reason;
  return describeChanges(facts.previous.inputs, facts.hash.inputs, nameOf, Infinity);
}

/** The explanation of one node, as lines. */
export async function explainNode(input: ExplainInput): Promise<string[]> {
  const id = await resolveNode(input);
  const ctx: Context = { input, factsById: new Map(input.facts.map((f) => [f.node.unique_id, f])) };
  const node = input.nodes.get(id)!;
  const hash = input.hashes.get(id)!;
  const facts = ctx.factsById.get(id);
  const decision = input.decisions.find((d) => d.uniqueId === id);
  const lines = [`${node.resource_type} ${node.name} (${id})`];
  if (decision) lines.push(`decision: ${decision.decision} — ${fullReason(decision, facts, input.nameOf)}`);
  else lines.push('decision: ephemeral — compiled into the nodes that select from it (no record of its own)');
  const previous = facts?.previous;
  if (!previous) {
    lines.push(facts?.slotState ? 'compared with: nothing (the record of what its relation holds is unavailable)' : 'compared with: nothing (no previous result for its relation)');
    lines.push('inputs (all new):');
    for (const i of hash.inputs) lines.push(`  ${label(i.key, input.nameOf)}`);
    return lines;
  }
  lines.push(`compared with: the record of what ${facts!.slot.key} holds (built ${previous.recordedAt}, run ${previous.runId})`);
  const before = new Map(previous.inputs.map((i) => [i.key, i]));
  const after = new Map(hash.inputs.map((i) => [i.key, i]));
  const order = new Map(changedInputs(previous.inputs, hash.inputs).map((c, index) => [c.key, index]));
  const keys = [...new Set([...after.keys(), ...before.keys()])].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : 1));
  const width = Math.min(40, Math.max(...keys.map((k) => label(k, input.nameOf).length)) + 2);
  lines.push('inputs (old → new):');
  for (const key of keys) {
    const change = changeOf(key, before, after);
    if (change === 'unchanged') {
      lines.push(`  ${pad(label(key, input.nameOf), width)}unchanged`);
      continue;
    }
    const { summary, lines: more } = detail(key, change, before, after, previous, node, ctx, 0);
    lines.push(`  ${pad(label(key, input.nameOf), width)}${summary}`);
    lines.push(...more.map((l) => `${INDENT}${l}`));
  }
  return lines;
}
