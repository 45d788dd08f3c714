// What the engine is given (options come from src/options.ts) and what it hands back to an entry point.

import type { Manifest } from '../dbt/manifest.js';
import type { Prestarted } from '../dbt/prestart.js';
import type { Output } from '../report/console.js';
import type { OrchestratorReport } from '../report/orchestrator-json.js';
import type { RunResultsV6 } from '../report/run-results.js';
import type { NodeOutcome, PlannedNode } from '../types.js';
import type { ShardFacts } from '../shard/facts.js';
import type { ImpactReport } from '../impact/types.js';

export type { PlannedNode } from '../types.js';

export interface EngineDeps {
  output: Output;
  env: NodeJS.ProcessEnv;
  /** Where relative paths and the default dbt lookup start from. */
  cwd: string;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Aborted when the user interrupts (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** A bridge the CLI spawned before loading (dbt/prestart.ts): startDbt adopts it when it is the same process. */
  prestarted?: Prestarted;
  /** Told when a phase starts, so an entry point can group its log (the action uses log groups). */
  onPhase?(phase: EnginePhase): void;
}

export type EnginePhase = 'parse' | 'plan' | 'execute' | 'report';

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
  /** What the files above hold, as the engine built or read them (so no caller has to read them back). */
  manifest?: Manifest;
  report?: OrchestratorReport;
  runResults?: RunResultsV6;
  /** `plan --shards N`: what the cut and the plan file need (src/shard/facts.ts). */
  shardFacts?: ShardFacts;
  /** `options.impact`: what the run's changes do to the data, against the --state dir. */
  impact?: ImpactReport;
}
