// Runs the bundled action (dist/index.js) the way the runner does: Node 24, INPUT_* variables,
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, the workspace as working directory, runtime variables
// pointing at a loopback server that speaks the real cache and artifact protocols.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPythonEnv, DBT, REPO } from './project.js';

export const NODE24 = join(REPO, 'tools/node24/node_modules/.bin/node');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands the action printed, e.g. { command: 'warning', message: '...' }. */
  commands: Array<{ command: string; properties: string; message: string }>;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` blocks). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    outputs[name] = value.join('\n');
  }
  return outputs;
}

function parseCommands(stdout: string): ActionRun['commands'] {
  const out: ActionRun['commands'] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line);
    if (match) out.push({ command: match[1], properties: (match[2] ?? '').trim(), message: match[3] });
  }
  return out;
}

export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return env;
}

export interface RunActionOptions {
  workspace: string;
  inputs: Record<string, string>;
  /** Runtime variables (cache/artifact service) from the fake server. */
  serviceEnv: Record<string, string>;
  runId: string;
  extraEnv?: Record<string, string>;
}

export async function runBundledAction(options: RunActionOptions): Promise<ActionRun> {
  const files = mkdtempSync(join(tmpdir(), 'runner-files-'));
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const runnerTemp = join(files, 'temp');
  mkdirSync(runnerTemp);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'octo/jaffle',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: options.runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...testPythonEnv(),
    ...options.serviceEnv,
    ...inputEnv({ dbt: DBT, ...options.inputs }),
    ...(options.extraEnv ?? {}),
  };
  const child = spawn(NODE24, [join(REPO, 'dist/index.js')], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
    commands: parseCommands(stdout),
  };
}
