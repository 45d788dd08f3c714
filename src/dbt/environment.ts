// Bad environment found before any SQL runs, in words: a project whose nodes depend on each other in a
// circle, a warehouse that cannot be reached (e.g. a DuckDB file another process holds locked). Both are
// exit 2 with one message, never a stack trace or a run full of synthetic node errors.

import { InputError } from '../errors.js';
import type { DependencyCycleError } from '../graph/graph.js';
import { BridgeError, type DbtBridge } from './bridge.js';
import type { DbtCommonArgs, ExistingRelation, ParseResult } from './protocol.js';

export function cycleMessage(error: DependencyCycleError): string {
  const names = error.cycle.map((id) => {
    const [type, , ...rest] = id.split('.');
    return `${type} ${rest.join('.')}`;
  });
  return `dbt project error: these nodes depend on each other in a cycle: ${names.join(' -> ')}; remove one of the ref()/source() dependencies that close it`;
}

/**
 * Opens a connection to the target and lists the relations of its schema: one metadata query, before the
 * store is opened and before any node runs. A failure here is the environment's (credentials, network, a
 * locked database file), so it becomes an InputError naming the target. The relations are returned so the
 * caller need not list that schema again.
 */
export async function probeWarehouse(bridge: DbtBridge, args: DbtCommonArgs, target: ParseResult['target']): Promise<ExistingRelation[]> {
  if (!target.schema) return []; // an adapter without a target schema: nothing cheap to list
  try {
    const { relations } = await bridge.relations({ ...args, schemas: [{ database: target.database, schema: target.schema }] });
    return relations;
  } catch (error) {
    if (!(error instanceof BridgeError) || error.kind !== 'database') throw error;
    throw new InputError(`target '${target.targetName}'`, warehouseMessage(error.message, target.adapterType));
  }
}

function warehouseMessage(message: string, adapterType: string): string {
  const first = message.trim();
  if (/could not set lock on file|conflicting lock/i.test(first)) {
    return `the ${adapterType} database is locked by another process (${first}); stop that process (another dbt run, a DuckDB shell or notebook) or point the profile at another file, then run again. Nothing was run`;
  }
  return `cannot reach the ${adapterType} warehouse (${first}); check the profile's connection settings and that the warehouse is up. Nothing was run`;
}
