// Human output: where lines go (colour, verbosity) and the plan table. The live lines of a run are in live.ts.

import type { Decision, PlannedNode } from '../types.js';
import { useColour } from './colour.js';

export interface Output {
  line(text: string): void;
  warn(text: string): void;
  /** ANSI colour in lines (a terminal); plain text otherwise (pipes, files, CI logs). */
  colour?: boolean;
  /** -v/--verbose: list every reused node instead of one summary line. */
  verbose?: boolean;
}

export function streamOutput(stdout: NodeJS.WritableStream & { isTTY?: boolean }, stderr: NodeJS.WritableStream, options: { env?: NodeJS.ProcessEnv; verbose?: boolean } = {}): Output {
  return {
    line: (text) => stdout.write(`${text}\n`),
    warn: (text) => stderr.write(`warning: ${text}\n`),
    colour: options.env ? useColour(stdout, options.env) : false,
    verbose: options.verbose ?? false,
  };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function planTable(decisions: Array<Decision & { display: string }>): string[] {
  const width = Math.min(60, Math.max(4, ...decisions.map((d) => d.display.length)));
  const lines = [`${pad('DECISION', 9)}${pad('NODE', width)}  REASON`];
  for (const d of decisions) lines.push(`${pad(d.decision, 9)}${pad(d.display, width)}  ${d.reason}`);
  return lines;
}

/** The plan as the `plan` command prints it (ephemeral models shown as such). */
export function planLines(plan: PlannedNode[]): string[] {
  return planTable(plan.map((p) => ({ uniqueId: p.uniqueId, decision: p.decision as Decision['decision'], reason: p.reason, display: `${p.resourceType} ${p.name}` })));
}
