// Client of python/dbt_bridge/ (the Python package run as `<python> <dir>/dbt_bridge`): one long-lived Python process that holds dbt and the parsed manifest in
// memory, so dbt's start-up and parse are paid once per engine run. Wire protocol: ./protocol.ts; every line
// and every result is parsed at the door (./replies.ts), so what a request resolves with has been checked.

import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { ShapeParser } from '../util/json-file.js';
import type {
  BridgeErrorKind, BridgeEvent, BuildArgs, BuildResult, ColumnsReply, CountsReply, DbtCommonArgs, CompileArgs, CompileResult, FreshnessArgs,
  FreshnessResult, ImpactArgs, ListArgs, ListResult, ParseResult, RelationRef, RelationsResult, RecordedRelationsResult, RunStatusArgs, RunStatusReplies,
} from './protocol.js';
import { readLines, STDERR_TAIL_BYTES, tailSuffix } from './process-io.js';
import * as replies from './replies.js';
import { spawnBridge, type BridgeSpawnOptions } from './spawn.js';

export { bridgeScriptPath } from './spawn.js';

export class BridgeError extends Error {
  readonly kind: BridgeErrorKind;

  constructor(kind: BridgeErrorKind, message: string) {
    super(message);
    this.name = 'BridgeError';
    this.kind = kind;
  }
}

export interface BridgeStartOptions extends BridgeSpawnOptions {
  /** How long to wait for the `ready` event (importing dbt can take seconds). Default 120 s. */
  readyTimeoutMs?: number;
}

/** Events streamed during a build (node_start / node_finish). */
export type BuildEvent = Extract<BridgeEvent, { event: 'node_start' | 'node_finish' }>;

interface Pending {
  id: number;
  cmd: string;
  /** Parses the result of an `ok` reply at the door and resolves with it, or rejects with the reason. */
  settle: (result: unknown) => void;
  reject: (error: Error) => void;
  onEvent?: (event: BuildEvent) => void;
  callbackError?: unknown;
}

const CLOSE_TIMEOUT_MS = 15_000;
const KILL_ESCALATION_MS = 15_000;

export class DbtBridge {
  /** dbt version the bridge reported when it started. */
  readonly dbtVersion: string;
  /** Version of the Python running the bridge. */
  readonly pythonVersion: string;

  private readonly child: ChildProcess;
  private readonly stdin: Writable;
  private readonly logFile: string | undefined;
  private stderrTail = '';
  private nextId = 1;
  private current: Pending | undefined;
  private readonly queue: Array<{ pending: Pending; line: string }> = [];
  private exitError: BridgeError | undefined;
  private readonly exited: Promise<void>;
  private killTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private killed = false;

  private constructor(child: ChildProcess, ready: { dbtVersion: string; python: string }, logFile: string | undefined, exited: Promise<void>) {
    this.child = child;
    this.stdin = child.stdin!;
    this.dbtVersion = ready.dbtVersion;
    this.pythonVersion = ready.python;
    this.logFile = logFile;
    this.exited = exited;
  }

  /** Spawns the bridge and waits for its `ready` event. Rejects with a BridgeError (`dbt_missing` when dbt cannot be imported). */
  /**
   * Spawns the bridge and resolves once it is ready. `started`: the same process, spawned earlier with these very
   * options (the CLI's early start, prestart.ts) and still running; its output so far waits in its pipes.
   */
  static async start(opts: BridgeStartOptions, started?: ChildProcess): Promise<DbtBridge> {
    const child = started ?? spawnBridge(opts);

    return new Promise<DbtBridge>((resolvePromise, rejectPromise) => {
      let bridge: DbtBridge | undefined;
      let settled = false;
      let stderrTail = '';
      let resolveExited!: () => void;
      const exited = new Promise<void>((r) => (resolveExited = r));

      const fail = (error: BridgeError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        rejectPromise(error);
      };

      const timeoutMs = opts.readyTimeoutMs ?? 120_000;
      const timer = setTimeout(
        () => fail(new BridgeError('internal', `dbt bridge did not become ready within ${timeoutMs / 1000}s${tailSuffix(stderrTail, opts.logFile)}`)),
        timeoutMs,
      );

      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
        if (bridge) bridge.stderrTail = stderrTail;
      });
      child.stdin?.on('error', () => undefined); // EPIPE when the bridge died; 'exit' reports it

      child.on('error', (error: NodeJS.ErrnoException) => {
        const message =
          error.code === 'ENOENT'
            ? `cannot start Python: ${opts.python} does not exist (install dbt-core and an adapter, or pass --dbt PATH)`
            : `cannot start the dbt bridge with ${opts.python}: ${error.message}`;
        // Spawn failures only; once the bridge runs, its death is reported by 'exit'.
        if (!settled) fail(new BridgeError(error.code === 'ENOENT' ? 'dbt_missing' : 'internal', message));
      });

      const protocol = child.stdio[3] as Readable | null;
      if (!protocol) {
        fail(new BridgeError('internal', 'dbt bridge has no protocol pipe (fd 3)'));
        return;
      }
      const protocolEnded = new Promise<void>((r) => {
        protocol.once('end', r);
        protocol.once('close', r);
      });

      child.on('exit', (code, signal) => {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        // 'exit' can come before the last protocol lines (a `fatal` event, a final reply) are read.
        void Promise.race([protocolEnded, delay(1000)]).then(() => {
          resolveExited();
          if (!settled) {
            fail(new BridgeError('internal', `dbt bridge exited (${how}) before it was ready${tailSuffix(stderrTail, opts.logFile)}`));
            return;
          }
          bridge?.onExit(how);
        });
      });

      readLines(protocol, (text) => {
        const line = replies.parseProtocolLine(text);
        if (settled) {
          bridge?.onLine(line);
          return;
        }
        // Before `ready` the bridge sends nothing but `ready` or `fatal`.
        if (line.kind === 'invalid') fail(new BridgeError('internal', line.reason));
        else if (line.kind !== 'event') fail(new BridgeError('internal', 'the dbt bridge replied before it was ready'));
        else if (!line.parsed.ok) fail(new BridgeError('internal', `the dbt bridge started with a malformed event: ${line.parsed.reason}`));
        else if (line.parsed.value.event === 'ready') {
          const ready = line.parsed.value;
          settled = true;
          clearTimeout(timer);
          bridge = new DbtBridge(child, ready, opts.logFile, exited);
          bridge.stderrTail = stderrTail;
          resolvePromise(bridge);
        } else if (line.parsed.value.event === 'fatal') fail(new BridgeError(line.parsed.value.kind, line.parsed.value.message));
      });
    });
  }

  /** Process id of the bridge. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `dbt deps`: installs the packages the project declares. */
  async deps(args: DbtCommonArgs): Promise<void> {
    await this.request('deps', args, replies.parseNoResult);
  }

  /** `dbt parse`, keeping the manifest in memory for every later request. */
  parse(args: DbtCommonArgs): Promise<ParseResult> {
    return this.request('parse', args, replies.parseParseResult);
  }

  // ls/relations/build run on the manifest of the last parse; common args they leave out default to
  // those the parse was given.

  /** `dbt ls` on the in-memory manifest: unique_ids of everything selected (any resource type). */
  ls(args: Partial<DbtCommonArgs> & ListArgs): Promise<ListResult> {
    return this.request('ls', args, replies.parseListResult);
  }

  /** Relations that exist in the given schemas: one query per schema; a missing schema has none. */
  relations(args: Partial<DbtCommonArgs> & { schemas: RelationRef[] }): Promise<RelationsResult> {
    return this.request('relations', args, replies.parseRelationsResult);
  }

  /** Relations of the given schemas with their dbt_orchestrator_records rows: one query per schema. */
  recordedRelations(args: Partial<DbtCommonArgs> & { schemas: RelationRef[] }): Promise<RecordedRelationsResult> {
    return this.request('relations', { ...args, withRecords: true }, replies.parseRecordedRelationsResult);
  }

  /** `dbt source freshness` of exactly these sources, one invocation; unconfigured sources come back "unchecked". */
  freshness(args: Partial<DbtCommonArgs> & FreshnessArgs): Promise<FreshnessResult> {
    return this.request('freshness', args, replies.parseFreshnessResult);
  }

  /** Compiled SQL of exactly these nodes, in this process (no dbt invocation); for the engine's memory only. */
  compile(args: Partial<DbtCommonArgs> & CompileArgs): Promise<CompileResult> {
    return this.request('compile', args, replies.parseCompileResult);
  }

  /** PR impact (python/dbt_bridge/impact.py): columns of relations, one catalog query per schema, or their row counts. */
  impact(args: Extract<ImpactArgs, { what: 'columns' }>): Promise<ColumnsReply>;
  impact(args: Extract<ImpactArgs, { what: 'counts' }>): Promise<CountsReply>;
  impact(args: ImpactArgs): Promise<ColumnsReply | CountsReply> {
    return args.what === 'counts' ? this.request('impact', args, replies.parseCountsReply) : this.request('impact', args, replies.parseColumnsReply);
  }

  /**
   * `dbt build` of exactly `uniqueIds` (no tests pulled in indirectly). node_start/node_finish
   * events stream to `onEvent` as dbt runs. Node failures are results, not rejections; when dbt
   * itself crashes the reply has success=false and `error`.
   */
  build(args: Partial<DbtCommonArgs> & BuildArgs, onEvent?: (event: BuildEvent) => void): Promise<BuildResult> {
    return this.request('build', args, replies.parseBuildResult, onEvent);
  }

  /** A sharded run's status table in the warehouse (python/run_status.py; src/shard/status.ts speaks it). */
  runStatus<A extends RunStatusArgs>(args: A): Promise<RunStatusReplies[A['op']]> {
    return this.request('run_status', args, replies.parseRunStatusReply<A['op']>(args.op));
  }

  /** Asks the bridge to exit once the queued requests are done, then waits for it. */
  async close(): Promise<void> {
    if (this.exitError === undefined && this.child.exitCode === null && this.child.signalCode === null) {
      const done = this.request('shutdown', undefined, replies.parseNoResult).catch(() => undefined);
      this.closing = true;
      await Promise.race([done, this.exited]);
      this.stdin.end();
      const timedOut = await Promise.race([this.exited.then(() => false), delay(CLOSE_TIMEOUT_MS).then(() => true)]);
      if (timedOut) this.kill('SIGKILL');
    }
    await this.exited;
  }

  /**
   * Stops the bridge now. SIGTERM lets dbt cancel its running queries and exit (escalated to
   * SIGKILL if it takes too long); pending requests reject with a BridgeError.
   */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killed = true;
    this.child.kill(signal);
    if (signal !== 'SIGKILL' && this.killTimer === undefined) {
      this.killTimer = setTimeout(() => this.kill('SIGKILL'), KILL_ESCALATION_MS);
      this.killTimer.unref();
    }
  }

  // -- internals ---------------------------------------------------------------------------

  private request<T>(cmd: string, args: unknown, parse: ShapeParser<T>, onEvent?: (event: BuildEvent) => void): Promise<T> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise<T>((resolvePromise, rejectPromise) => {
      const id = this.nextId++;
      const settle = (result: unknown): void => {
        const parsed = parse(result, 'result');
        if (parsed.ok) resolvePromise(parsed.value);
        else rejectPromise(malformed(cmd, 'a malformed result', parsed.reason));
      };
      const pending: Pending = { id, cmd, settle, reject: rejectPromise, onEvent };
      const line = JSON.stringify(args === undefined ? { id, cmd } : { id, cmd, args }) + '\n';
      this.queue.push({ pending, line });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.exitError) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next.pending;
    this.stdin.write(next.line);
  }

  /** A protocol line after `ready`: an event, or the reply to the request in flight. */
  private onLine(line: replies.ProtocolLine): void {
    const current = this.current;
    if (line.kind === 'invalid') {
      this.failCurrent(new BridgeError('internal', line.reason));
      return;
    }
    if (line.kind === 'event') {
      if (!line.parsed.ok) {
        // Keep reading the protocol; the request in flight rejects with this once its reply comes.
        if (current) current.callbackError ??= malformed(current.cmd, 'a malformed event', line.parsed.reason);
        return;
      }
      const event = line.parsed.value;
      if ((event.event === 'node_start' || event.event === 'node_finish') && current && event.id === current.id && current.onEvent) {
        try {
          current.onEvent(event);
        } catch (error) {
          // Keep reading the protocol; the build rejects with this error once dbt is done.
          current.callbackError ??= error;
        }
      }
      return;
    }
    const parsed = line.parsed;
    if (!parsed.ok) {
      this.failCurrent(malformed(current?.cmd ?? 'no request', 'a malformed reply', parsed.reason));
      return;
    }
    const reply = parsed.value;
    if (!current || reply.id !== current.id) {
      this.failCurrent(new BridgeError('internal', `dbt bridge replied to request ${String(reply.id)} while ${current ? current.id : 'none'} was in flight`));
      return;
    }
    this.current = undefined;
    if (current.callbackError !== undefined) current.reject(toError(current.callbackError));
    else if (reply.ok) current.settle(reply.result);
    else current.reject(new BridgeError(reply.error.kind, reply.error.message));
    this.pump();
  }

  private failCurrent(error: BridgeError): void {
    const current = this.current;
    this.current = undefined;
    current?.reject(error);
    this.pump();
  }

  private onExit(how: string): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.exitError) return;
    this.exitError = this.closing
      ? new BridgeError('internal', 'dbt bridge is closed')
      : this.killed
        ? new BridgeError('internal', `dbt bridge was stopped (${how})`)
        : new BridgeError('internal', `dbt bridge exited unexpectedly (${how})${tailSuffix(this.stderrTail, this.logFile)}`);
    const pending = [this.current, ...this.queue.map((q) => q.pending)].filter((p): p is Pending => p !== undefined);
    this.current = undefined;
    this.queue.length = 0;
    for (const p of pending) p.reject(this.exitError);
  }
}

/** A reply or event that is not what `cmd` answers with: the bridge and this client disagree (a bug). */
function malformed(cmd: string, what: string, reason: string): BridgeError {
  return new BridgeError('internal', `the dbt bridge replied to ${cmd} with ${what}: ${reason}`);
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
