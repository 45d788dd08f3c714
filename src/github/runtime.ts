// What the action is given of GitHub (injected, so it runs the same under the real runner and under tests
// against a loopback server), and the small helpers every step shares.

import { renderBadInputSummary } from '../report/error-summary.js';
import type { CacheClient } from '../store/actions-cache.js';
import { Outputs } from './inputs.js';

export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
}

export interface ActionRuntime {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  setFailed(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string, props?: AnnotationProps): void;
  notice(message: string, props?: AnnotationProps): void;
  startGroup(name: string): void;
  endGroup(): void;
  writeSummary(markdown: string): Promise<void>;
  cache: CacheClient;
  uploadArtifact(name: string, files: string[], rootDirectory: string): Promise<{ id?: number }>;
  env: NodeJS.ProcessEnv;
  workspace: string;
  cacheTimeoutMs: number;
  signal?: AbortSignal;
}

/** Runs `step` inside a log group. */
export async function inGroup<T>(rt: ActionRuntime, name: string, step: () => Promise<T>): Promise<T> {
  rt.startGroup(name);
  try {
    return await step();
  } finally {
    rt.endGroup();
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function writeSummary(rt: ActionRuntime, markdown: string): Promise<void> {
  await rt.writeSummary(markdown).catch((error: unknown) => rt.warning(`could not write the job summary: ${messageOf(error)}`));
}

/** Bad input or environment found before dbt ran: status `error`, a job summary saying what is wrong, a failed step. */
export async function failOnBadInput(rt: ActionRuntime, message: string): Promise<void> {
  rt.setOutput(Outputs.status, 'error');
  await writeSummary(rt, renderBadInputSummary(message));
  rt.setFailed(message);
}

export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
}
