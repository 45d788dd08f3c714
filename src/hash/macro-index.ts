// The macros a node may call, and what they contribute to its hash (node-hash.ts): which user macros are
// inputs, and what their Jinja reads (vars, env vars, metadata, the target, the node's own code). Computed
// once per distinct set of macro calls: most nodes of a project share their materialization and their
// macro calls, and the macros' Jinja is the bulk of the text a node's hash scans.

import type { ManifestMacro } from '../dbt/manifest.js';
import type { HashInput } from '../types.js';
import { readsOwnCode } from './code-equivalence.js';
import { sha256 } from './digest.js';
import { RELATION_NAMING_MACROS, scanMetadataReads, scanTargetReads, type MetadataReads, type TargetReads } from './metadata.js';
import { scanEnvVarReads, scanVarReads, type References } from './scan.js';

function isBuiltinPackage(packageName: string, adapterType: string): boolean {
  return packageName === 'dbt' || packageName === `dbt_${adapterType}`;
}

/** What the macros of one set of macro calls contribute to a node's hash. */
export interface MacroFacts {
  /** Every macro the node may call: its static calls and its materialization, transitively. */
  ids: Set<string>;
  /** `macro:<id>` inputs: the user macros among `ids` (sorted), then the global overrides not among them. */
  inputs: readonly Pick<HashInput, 'key' | 'digest'>[];
  /** Reads in the Jinja of the user macros among `ids`. */
  vars: References;
  envVars: References;
  /** Env vars dbt saw the macros among `ids` read while parsing. */
  parsedEnvVars: string[];
  /** Reads in the Jinja of the user macros among `ids` and of the global overrides. */
  metadata: MetadataReads;
  readsOwnCode: boolean;
  /** Target reads of the user macros among `ids` that do more than name the relation, and of the global overrides. */
  target: TargetReads;
}

/** Precomputed macro facts shared by every node's hash. */
export class MacroIndex {
  private readonly closures = new Map<string, Set<string>>();
  private readonly facts = new Map<string, MacroFacts>();
  readonly byName = new Map<string, ManifestMacro[]>();
  /** User macros that shadow or extend dbt's built-ins: they can change any node, so every node includes them. */
  readonly globalOverrides: string[];
  /** The Jinja of the global overrides (macroTexts), read by every node. */
  readonly overrideTexts: string[];

  constructor(
    private readonly macros: Record<string, ManifestMacro>,
    private readonly adapterType: string,
    private readonly envVarsByUniqueId: Record<string, string[]>,
  ) {
    for (const macro of Object.values(macros)) {
      const list = this.byName.get(macro.name) ?? [];
      list.push(macro);
      this.byName.set(macro.name, list);
    }
    const builtinNames = new Set<string>();
    const builtinSuffixes = new Set<string>();
    for (const macro of Object.values(macros)) {
      if (!isBuiltinPackage(macro.package_name, adapterType)) continue;
      builtinNames.add(macro.name);
      const dispatched = /^(?:default|[a-z0-9_]+?)__(.+)$/.exec(macro.name);
      if (dispatched) builtinSuffixes.add(dispatched[1]);
    }
    this.globalOverrides = Object.values(macros)
      .filter((m) => !isBuiltinPackage(m.package_name, adapterType))
      .filter((m) => {
        if (builtinNames.has(m.name)) return true;
        const dispatched = /^[a-z0-9_]+?__(.+)$/.exec(m.name);
        return dispatched !== null && builtinSuffixes.has(dispatched[1]) && builtinNames.has(`default__${dispatched[1]}`);
      })
      .map((m) => m.unique_id)
      .sort();
    this.overrideTexts = this.macroTexts(this.globalOverrides);
  }

  isBuiltin(id: string): boolean {
    const macro = this.macros[id];
    return macro !== undefined && isBuiltinPackage(macro.package_name, this.adapterType);
  }

  get(id: string): ManifestMacro | undefined {
    return this.macros[id];
  }

  /** The macro and everything it calls, transitively. */
  closure(id: string): Set<string> {
    const cached = this.closures.get(id);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const next of this.macros[current]?.depends_on?.macros ?? []) stack.push(next);
    }
    this.closures.set(id, seen);
    return seen;
  }

  materializationMacros(materialization: string): string[] {
    const names = [`materialization_${materialization}_${this.adapterType}`, `materialization_${materialization}_default`];
    return names.flatMap((n) => (this.byName.get(n) ?? []).map((m) => m.unique_id));
  }

  /** The Jinja of the user macros among `ids`, less those that only name the node's relation (hashed as `relation`). */
  macroTexts(ids: Iterable<string>): string[] {
    const out: string[] = [];
    for (const id of ids) {
      const macro = this.macros[id];
      if (macro && !this.isBuiltin(id) && !RELATION_NAMING_MACROS.has(macro.name)) out.push(macro.macro_sql);
    }
    return out;
  }

  /** The facts of a node that calls `calls` and runs through `materialization` (cached per distinct pair). */
  factsFor(materialization: string, calls: readonly string[]): MacroFacts {
    const key = `${materialization}\u0000${calls.join('\u0000')}`;
    let facts = this.facts.get(key);
    if (facts === undefined) {
      facts = this.computeFacts(materialization, calls);
      this.facts.set(key, facts);
    }
    return facts;
  }

  private computeFacts(materialization: string, calls: readonly string[]): MacroFacts {
    const ids = new Set<string>();
    for (const id of calls) for (const m of this.closure(id)) ids.add(m);
    for (const id of this.materializationMacros(materialization)) for (const m of this.closure(id)) ids.add(m);
    const userTexts: string[] = [];
    for (const id of ids) if (this.macros[id] && !this.isBuiltin(id)) userTexts.push(this.macros[id]!.macro_sql);
    const inputs: Pick<HashInput, 'key' | 'digest'>[] = [];
    for (const id of [...ids].sort()) {
      // Built-in macros change only with dbt/adapter versions, which are an input of their own.
      if (this.isBuiltin(id)) continue;
      inputs.push({ key: `macro:${id}`, digest: sha256(this.macros[id]!.macro_sql) });
    }
    // User macros overriding dbt built-ins (generate_schema_name, create_table_as...) reach every node.
    for (const id of this.globalOverrides) if (!ids.has(id)) inputs.push({ key: `macro:${id}`, digest: sha256(this.macros[id]!.macro_sql) });
    const parsedEnvVars: string[] = [];
    for (const id of ids) for (const name of this.envVarsByUniqueId[id] ?? []) parsedEnvVars.push(name);
    const evaluated = [...userTexts, ...this.overrideTexts];
    return {
      ids,
      inputs,
      vars: scanVarReads(userTexts),
      envVars: scanEnvVarReads(userTexts),
      parsedEnvVars,
      metadata: scanMetadataReads(evaluated),
      readsOwnCode: readsOwnCode(evaluated),
      target: scanTargetReads([...this.macroTexts(ids), ...this.overrideTexts]),
    };
  }
}
