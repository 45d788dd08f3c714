// Human output: live per-node lines while executing and the plan table. Only reads events and outcomes.

import type { DbtNodeResult } from '../dbt/protocol.js';
import type { Decision } from '../types.js';

export interface Output {
  line(text: string): void;
  warn(text: string): void;
}

export function streamOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Output {
  return {
    line: (text) => stdout.write(`${text}\n`),
    warn: (text) => stderr.write(`warning: ${text}\n`),
  };
}

const LABELS: Record<string, string> = {
  success: 'OK',
  pass: 'PASS',
  warn: 'WARN',
  error: 'ERROR',
  fail: 'FAIL',
  skipped: 'SKIP',
  reused: 'REUSE',
};

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function label(status: string): string {
  return LABELS[status] ?? status.toUpperCase();
}

export function startLine(display: string, attempt: number): string {
  return `${pad('START', 6)} ${display}${attempt > 1 ? ` (attempt ${attempt})` : ''}`;
}

export function finishLine(display: string, result: DbtNodeResult, attempt: number): string {
  const seconds = `[${result.execution_time.toFixed(2)}s]`;
  const message = result.status === 'success' || result.status === 'pass' ? '' : ` ${firstLine(result.message ?? '')}`;
  return `${pad(label(result.status), 6)} ${display} ${seconds}${attempt > 1 ? ` (attempt ${attempt})` : ''}${message}`;
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line.trim();
}

export function planTable(decisions: Array<Decision & { display: string }>): string[] {
  const width = Math.min(60, Math.max(4, ...decisions.map((d) => d.display.length)));
  const lines = [`${pad('DECISION', 9)}${pad('NODE', width)}  REASON`];
  for (const d of decisions) lines.push(`${pad(d.decision, 9)}${pad(d.display, width)}  ${d.reason}`);
  return lines;
}
