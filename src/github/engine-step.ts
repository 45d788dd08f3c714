// Step 4: the engine, each of its phases in a log group of its own.

import { runEngine, type EnginePhase, type EngineResult } from '../engine/run.js';
import type { ActionSettings } from './inputs.js';
import { engineEnv } from './leak-guards.js';
import type { ActionRuntime } from './runtime.js';

const PHASE_TITLES: Record<EnginePhase, string> = {
  parse: 'dbt: parse',
  plan: 'dbt-orchestrator: plan',
  execute: 'dbt-orchestrator: execute',
  report: 'dbt-orchestrator: report',
};

export async function runEngineStep(settings: ActionSettings, rt: ActionRuntime): Promise<EngineResult> {
  const groups = { open: false };
  const result = await runEngine(settings.engine, {
    output: { line: rt.info, warn: rt.warning },
    env: engineEnv(settings, rt),
    cwd: rt.workspace,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signal: rt.signal,
    onPhase: (phase) => {
      if (groups.open) rt.endGroup();
      rt.startGroup(PHASE_TITLES[phase]);
      groups.open = true;
    },
  }).finally(() => {
    if (groups.open) rt.endGroup();
  });
  if (result.error) rt.error(result.error, { title: 'dbt-orchestrator' });
  return result;
}
