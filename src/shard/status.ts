// The per-run status table of a sharded build, as the shards see it (python/run_status.py writes and reads
// it through dbt's adapter), and the pure rules that turn its rows into "ready / wait / skip / give up".
// The bridge parses each reply at the door (src/dbt/replies.ts); what comes back here is typed.

import type { DbtBridge } from '../dbt/bridge.js';
import type { StatusRow } from '../dbt/protocol.js';

export type { StatusRow } from '../dbt/protocol.js';

export interface StatusTableRef {
  database: string | null;
  schema: string;
}

/**
 * Rows of runs older than this are deleted by every shard's `begin`: past GitHub's 30 days in which the failed
 * jobs of a workflow run can be re-run (a re-run needs the rows of the shards that finished).
 */
export const STATUS_KEEP_DAYS = 35;

/** The bridge's `run_status` command. */
export class RunStatusClient {
  constructor(private readonly bridge: Pick<DbtBridge, 'runStatus'>) {}

  /**
   * Creates the table if needed, clears this shard's rows of an earlier attempt, deletes the runs whose newest
   * row is older than STATUS_KEEP_DAYS, starts the heartbeat. Returns why that cleanup failed, if it did.
   */
  async begin(args: { runId: string; shard: number; uniqueIds: string[]; table: StatusTableRef; heartbeatSeconds: number }): Promise<string | undefined> {
    return (await this.bridge.runStatus({ op: 'begin', ...args, keepDays: STATUS_KEEP_DAYS })).cleanupError ?? undefined;
  }

  /** Deletes every row of a run (after its successful merge). Returns why it failed, if it did. */
  async deleteRun(args: { runId: string; table: StatusTableRef }): Promise<string | undefined> {
    return (await this.bridge.runStatus({ op: 'delete_run', ...args })).error;
  }

  async read(): Promise<StatusRow[]> {
    return (await this.bridge.runStatus({ op: 'read' })).rows;
  }

  async write(rows: Array<{ uniqueId: string; status: string; message: string }>): Promise<void> {
    if (rows.length > 0) await this.bridge.runStatus({ op: 'write', rows });
  }

  /** Stops the heartbeat; `finished` marks the shard done. Returns the problems the live writers met. */
  async finish(finished: boolean): Promise<string[]> {
    return (await this.bridge.runStatus({ op: 'finish', finished })).errors;
  }
}

export const heartbeatId = (shard: number): string => `shard:${shard}`;

/**
 * Which shards are alive, judged by their heartbeat counters moving (no clock is compared across machines):
 * a shard whose counter has not changed for `staleMs` of our time is gone.
 */
export class HeartbeatWatch {
  private readonly last = new Map<number, { value: string; changedAt: number }>();
  private readonly finished = new Set<number>();
  private readonly startedAt: number;

  constructor(now: number) {
    this.startedAt = now;
  }

  observe(rows: StatusRow[], now: number): void {
    for (const row of rows) {
      const match = /^shard:(\d+)$/.exec(row.uniqueId);
      if (!match) continue;
      const shard = Number(match[1]);
      const value = `${row.status}:${row.message ?? ''}`;
      if (row.status === 'finished') this.finished.add(shard);
      else this.finished.delete(shard);
      const seen = this.last.get(shard);
      if (!seen || seen.value !== value) this.last.set(shard, { value, changedAt: now });
    }
  }

  /** Why `shard` cannot be waited for any longer, or undefined while it may still deliver. */
  problem(shard: number, now: number, staleMs: number, waitMs: number): string | undefined {
    const seen = this.last.get(shard);
    if (!seen) {
      return now - this.startedAt > waitMs ? `shard ${shard} never started (no heartbeat in ${Math.round(waitMs / 1000)}s; is the matrix's max-parallel below the shard count?)` : undefined;
    }
    if (this.finished.has(shard)) return `shard ${shard} finished without a result for it`;
    if (now - seen.changedAt > staleMs) return `shard ${shard} stopped reporting (no heartbeat for ${Math.round((now - seen.changedAt) / 1000)}s: cancelled or crashed)`;
    return undefined;
  }
}

export type Readiness =
  | { kind: 'ready' }
  | { kind: 'wait' }
  | { kind: 'skip'; because: string; shard?: number }
  | { kind: 'give-up'; parent: string; why: string };

export interface ParentState {
  /** Where the parent runs: this shard or another one. */
  local: boolean;
  shard: number;
  /** Final status known so far (local result or status row), undefined while unknown. */
  status?: string;
  /** For a parent that was itself skipped: the failed node it was skipped for. */
  rootCause?: string;
  /** Set for a local parent that is in the batch being formed. */
  inBatch?: boolean;
}

const SUCCESS = new Set(['success', 'pass', 'warn', 'no-op']);

/**
 * A node may start when every parent succeeded (or, for a local parent, starts in the same dbt invocation,
 * which orders them); a failed or skipped parent skips it, naming the failed node; a parent whose shard is
 * gone makes it give up.
 */
export function readiness(parents: Array<{ id: string } & ParentState>, shardProblem: (shard: number) => string | undefined): Readiness {
  let waiting = false;
  for (const p of parents) {
    if (p.status !== undefined && SUCCESS.has(p.status)) continue;
    if (p.status !== undefined) return { kind: 'skip', because: p.rootCause ?? p.id, ...(p.local ? {} : { shard: p.shard }) };
    if (p.local && p.inBatch) continue;
    if (!p.local) {
      const problem = shardProblem(p.shard);
      if (problem) return { kind: 'give-up', parent: p.id, why: problem };
    }
    waiting = true;
  }
  return waiting ? { kind: 'wait' } : { kind: 'ready' };
}
