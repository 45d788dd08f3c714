// Reading, validating and (partly) executing this repository's GitHub workflows in tests:
//
//  - workflowFiles(): every workflow under .github/workflows/ and workflows/, as text and as parsed YAML.
//  - validateWorkflow(): GitHub's own parser (@actions/workflow-parser) with our reusable workflows resolved
//    from the working tree, so calls are checked against the callee too.
//  - evaluate() / interpolate(): GitHub's own expression evaluator (@actions/expressions, the parser's
//    evaluator, same version) over plain JSON contexts.
//  - runJob(): a small stand-in for the runner that executes one job's steps in order, for smoke tests.
//
// What runJob supports (anything else throws, so a workflow change that needs more fails loudly):
//  - `run:` steps with `shell: bash` semantics (bash --noprofile --norc -eo pipefail), step/job env
//    evaluated, GITHUB_OUTPUT / GITHUB_ENV (both `name=value` and `name<<DELIMITER` forms) /
//    GITHUB_STEP_SUMMARY files, RUNNER_TEMP, GITHUB_ENV carried to later steps, working-directory;
//  - `uses:` of our action (./ or */dbt-orchestrator-action@*) through a callback that runs dist/index.js;
//  - any other step only when `simulate` names it (by step id, or by action name without @ref): its outputs
//    are the given ones, or what a given function returns (it gets the step's evaluated `with:`, to stand in
//    for e.g. an artifact download);
//  - `if:` evaluated with the expression evaluator; in a step's `if:` the status functions stand for the job
//    so far (always() true, success()/failure() by earlier steps, cancelled() false: the stand-in never
//    cancels). A step without `if:` runs when no earlier step failed.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference';
import { parse as parseYaml } from 'yaml';
import { parseFileCommands } from './file-commands.js';
import { REPO } from './project.js';

// ---------------------------------------------------------------------------------------------------
// Files

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Yaml = any;

export interface WorkflowFile {
  /** Path relative to the repository, posix separators. */
  path: string;
  text: string;
  doc: Yaml;
}

function listYaml(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (recursive) out.push(...listYaml(full, true));
    } else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

export function loadWorkflow(path: string): WorkflowFile {
  const full = join(REPO, path);
  const text = readFileSync(full, 'utf8');
  return { path, text, doc: parseYaml(text) };
}

/** Every workflow file of the kit: .github/workflows/** and workflows/** (.yml/.yaml). */
export function workflowFiles(): WorkflowFile[] {
  return [...listYaml(join(REPO, '.github/workflows'), true), ...listYaml(join(REPO, 'workflows'), true)].map((full) =>
    loadWorkflow(relative(REPO, full).split('\\').join('/')),
  );
}

/** The `on:` mapping of a workflow (`on: push` and `on: [a, b]` become mappings with null values). */
export function triggers(doc: Yaml): Record<string, Yaml> {
  const on = doc?.on ?? doc?.true; // YAML 1.1 readers turn a bare `on` key into true; the yaml package does not
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e: string) => [e, null]));
  return on ?? {};
}

// ---------------------------------------------------------------------------------------------------
// References to our action and our reusable workflows

/** `./` (this repository's working tree) or `<owner>/dbt-orchestrator-action@<ref>`. */
export function isOurAction(uses: unknown): boolean {
  return typeof uses === 'string' && (uses === './' || /^[^/@\s]+\/dbt-orchestrator-action@\S+$/.test(uses));
}

/** Repository path of the reusable workflow a `uses:` calls, when it is one of ours. */
export function ourReusableWorkflow(uses: unknown): string | undefined {
  if (typeof uses !== 'string') return undefined;
  const local = /^\.\/(\.github\/workflows\/[^/]+\.ya?ml)$/.exec(uses);
  if (local) return local[1];
  const remote = /^[^/@\s]+\/dbt-orchestrator-action\/(\.github\/workflows\/[^/@]+\.ya?ml)@\S+$/.exec(uses);
  return remote?.[1];
}

// ---------------------------------------------------------------------------------------------------
// GitHub's parser

class WorkingTreeProvider implements FileProvider {
  async getFileContent(ref: FileReference): Promise<{ name: string; content: string }> {
    const path = 'repository' in ref ? (ref.repository === 'dbt-orchestrator-action' ? ref.path : undefined) : ref.path;
    if (!path || !existsSync(join(REPO, path))) throw new Error(`not one of ours: ${JSON.stringify(ref)}`);
    return { name: path, content: readFileSync(join(REPO, path), 'utf8') };
  }
}

/**
 * Parses and converts a workflow with GitHub's parser, fetching our reusable workflows it calls (one level)
 * from the working tree, so missing/unknown inputs and secrets of a call are reported too. Returns the errors.
 */
export async function validateWorkflow(path: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
  if (!parsed.value) return parsed.context.errors.getErrors().map((e) => e.message);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, new WorkingTreeProvider(), {
    fetchReusableWorkflowDepth: 1,
    errorPolicy: 1, // ErrorPolicy.TryConversion: report conversion errors too, not only parse errors
  });
  return [...new Set((template.errors ?? []).map((e) => e.Message))];
}

// ---------------------------------------------------------------------------------------------------
// Expressions

interface ExpressionSpan {
  /** Index of `${{`. */
  start: number;
  /** Index just after `}}`. */
  end: number;
  body: string;
}

/** The `${{ ... }}` expressions in a string (quotes respected, so '}}' inside a literal is fine). */
function scanExpressions(text: string): ExpressionSpan[] {
  const out: ExpressionSpan[] = [];
  let i = text.indexOf('${{');
  while (i !== -1) {
    let j = i + 3;
    let quoted = false;
    for (; j < text.length; j++) {
      if (text[j] === "'") {
        if (quoted && text[j + 1] === "'") j++;
        else quoted = !quoted;
      } else if (!quoted && text.startsWith('}}', j)) break;
    }
    if (j >= text.length) throw new Error(`unterminated expression in: ${text}`);
    out.push({ start: i, end: j + 2, body: text.slice(i + 3, j).trim() });
    i = text.indexOf('${{', j + 2);
  }
  return out;
}

/** Bodies of the `${{ ... }}` expressions in a string. */
export function expressionsIn(text: string): string[] {
  return scanExpressions(text).map((e) => e.body);
}

export type Contexts = Record<string, unknown>;

function evaluateData(expression: string, contexts: Contexts): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const ast = new Parser(lexed.tokens, Object.keys(contexts), []).parse();
  const dictionary = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(ast, dictionary).evaluate();
}

function toJson(value: data.ExpressionData): unknown {
  return JSON.parse(JSON.stringify(value, data.replacer) ?? 'null');
}

function truthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Null:
      return false;
    case data.Kind.Boolean:
    case data.Kind.Number:
    case data.Kind.String:
      return Boolean(toJson(value));
    default:
      return true;
  }
}

const STATUS_FUNCTIONS = /\b(success|failure|always|cancelled)\s*\(/;

/** Evaluates one expression (without `${{ }}`) to JSON. */
export function evaluate(expression: string, contexts: Contexts): unknown {
  if (STATUS_FUNCTIONS.test(expression)) throw new Error(`status functions are not supported: ${expression}`);
  return toJson(evaluateData(expression, contexts));
}

/** A `with:`/`env:` value as the runner passes it on: a string, expressions replaced by their string form. */
export function interpolate(value: unknown, contexts: Contexts): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let out = '';
  let from = 0;
  for (const span of scanExpressions(value)) {
    out += value.slice(from, span.start) + evaluateData(span.body, contexts).coerceString();
    from = span.end;
  }
  return out + value.slice(from);
}

/** A step's `if:` with the status functions replaced by what they say about the job so far. */
export function stepCondition(value: unknown, contexts: Contexts, failed: boolean): boolean {
  if (typeof value !== 'string') return condition(value, contexts);
  const status: Record<string, string> = { always: 'true', success: String(!failed), failure: String(failed), cancelled: 'false' };
  return condition(value.replace(/\b(always|success|failure|cancelled)\s*\(\s*\)/g, (_, name: string) => status[name]!), contexts);
}

/** An `if:` condition: `${{ }}` optional, as GitHub allows. */
export function condition(value: unknown, contexts: Contexts): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim();
  const body = text.startsWith('${{') && text.endsWith('}}') && expressionsIn(text).length === 1 ? expressionsIn(text)[0] : text;
  if (STATUS_FUNCTIONS.test(body)) throw new Error(`status functions are not supported: ${body}`);
  return truthy(evaluateData(body, contexts));
}

// ---------------------------------------------------------------------------------------------------
// Inputs of a called workflow

/**
 * The `inputs` context of a workflow run: each declared input (workflow_call, else workflow_dispatch) takes the
 * caller's value from `given`, else its default, else the empty value of its type. A required input missing
 * from `given` throws, as GitHub refuses such a call.
 */
export function inputsContext(doc: Yaml, given: Record<string, unknown> = {}): Record<string, unknown> {
  const on = triggers(doc);
  const declared: Record<string, Yaml> = on.workflow_call?.inputs ?? on.workflow_dispatch?.inputs ?? {};
  for (const name of Object.keys(given)) if (!(name in declared)) throw new Error(`input '${name}' is not declared`);
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (name in given) out[name] = given[name];
    else if (spec?.required) throw new Error(`required input '${name}' not given`);
    else out[name] = spec?.default ?? (spec?.type === 'boolean' ? false : spec?.type === 'number' ? 0 : '');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The runner stand-in

export { parseFileCommands };

export interface ActionCall {
  step: Yaml;
  inputs: Record<string, string>;
  env: Record<string, string>;
}

export interface JobRunOptions {
  file: WorkflowFile;
  jobId: string;
  workspace: string;
  /** Contexts beside steps/env/runner/job: inputs, github, secrets, matrix, needs, vars. */
  contexts: Contexts;
  /** Steps not executed, by step id or action name (without @ref), with the outputs they pretend to set. */
  simulate?: Record<string, Record<string, string> | ((call: { with: Record<string, string>; runnerTemp: string }) => Record<string, string>)>;
  /** Runs our action; required when the job uses it and the step is not simulated. */
  runAction?: (call: ActionCall) => Promise<{ code: number | null; outputs: Record<string, string>; stdout?: string; stderr?: string }>;
  /** Environment every step starts from (default: PATH and HOME of this process). */
  env?: Record<string, string>;
}

export interface StepRecord {
  key: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  simulated: boolean;
}

export interface JobRun {
  steps: StepRecord[];
  /** steps context as the runner builds it (steps with an id). */
  stepsContext: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>;
  /** Job outputs (`jobs.<id>.outputs`) evaluated after the last step. */
  outputs: Record<string, string>;
  /** What the steps wrote to GITHUB_ENV. */
  exportedEnv: Record<string, string>;
  summary: string;
  runnerTemp: string;
  failed: boolean;
}

function stepKey(step: Yaml, index: number): string {
  return step.id ?? (step.uses ? String(step.uses).split('@')[0] : `step ${index + 1}`);
}

export async function runJob(options: JobRunOptions): Promise<JobRun> {
  const job = options.file.doc.jobs?.[options.jobId];
  if (!job?.steps) throw new Error(`${options.file.path}: job ${options.jobId} has no steps`);
  const files = mkdtempSync(join(tmpdir(), 'job-'));
  const runnerTemp = join(files, 'temp');
  mkdirSync(runnerTemp);
  const summaryFile = join(files, 'summary');
  writeFileSync(summaryFile, '');
  const baseEnv = options.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
  const exportedEnv: Record<string, string> = {};
  const stepsContext: JobRun['stepsContext'] = {};
  const records: StepRecord[] = [];
  let failed = false;
  const contexts = (): Contexts => ({
    ...options.contexts,
    steps: stepsContext,
    env: { ...exportedEnv },
    runner: { os: 'Linux', arch: 'X64', temp: runnerTemp, name: 'test' },
    job: { status: failed ? 'failure' : 'success' },
  });
  const jobEnv = (): Record<string, string> =>
    Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, interpolate(v, contexts())]));

  for (const [index, step] of (job.steps as Yaml[]).entries()) {
    const key = stepKey(step, index);
    const record: StepRecord = { key, outcome: 'skipped', outputs: {}, stdout: '', stderr: '', simulated: false };
    records.push(record);
    const run = step.if === undefined ? !failed : stepCondition(step.if, contexts(), failed);
    if (run) {
      const env = {
        ...jobEnv(),
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, contexts())])),
      };
      const simulated = options.simulate?.[step.id ?? ''] ?? (step.uses ? options.simulate?.[String(step.uses).split('@')[0]] : undefined);
      if (simulated) {
        record.simulated = true;
        const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, contexts())]));
        record.outputs = typeof simulated === 'function' ? simulated({ with: given, runnerTemp }) : { ...simulated };
        record.outcome = 'success';
      } else if (step.uses !== undefined && isOurAction(step.uses)) {
        if (!options.runAction) throw new Error(`${key}: our action is used but no runAction was given`);
        const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, contexts())]));
        const result = await options.runAction({ step, inputs, env: { ...exportedEnv, ...env } });
        record.outputs = result.outputs;
        record.stdout = result.stdout ?? '';
        record.stderr = result.stderr ?? '';
        record.outcome = result.code === 0 ? 'success' : 'failure';
      } else if (step.uses !== undefined) {
        throw new Error(`${options.file.path} ${options.jobId}: step '${key}' uses ${step.uses}; simulate it`);
      } else if (step.run !== undefined) {
        const shell = step.shell ?? job.defaults?.run?.shell ?? options.file.doc.defaults?.run?.shell ?? 'bash';
        if (shell !== 'bash') throw new Error(`${key}: shell '${shell}' is not supported`);
        const outputFile = join(files, `output-${index}`);
        const envFile = join(files, `env-${index}`);
        const scriptFile = join(files, `script-${index}.sh`);
        writeFileSync(outputFile, '');
        writeFileSync(envFile, '');
        writeFileSync(scriptFile, String(step.run));
        const dir = step['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? '.';
        const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
          cwd: join(options.workspace, interpolate(dir, contexts())),
          env: {
            ...baseEnv,
            ...exportedEnv,
            ...env,
            CI: 'true',
            GITHUB_ACTIONS: 'true',
            GITHUB_WORKSPACE: options.workspace,
            GITHUB_OUTPUT: outputFile,
            GITHUB_ENV: envFile,
            GITHUB_STEP_SUMMARY: summaryFile,
            RUNNER_TEMP: runnerTemp,
            RUNNER_OS: 'Linux',
          },
          encoding: 'utf8',
        });
        record.stdout = child.stdout;
        record.stderr = child.stderr;
        record.outcome = child.status === 0 ? 'success' : 'failure';
        record.outputs = parseFileCommands(readFileSync(outputFile, 'utf8'));
        Object.assign(exportedEnv, parseFileCommands(readFileSync(envFile, 'utf8')));
      } else {
        throw new Error(`${key}: neither run nor uses`);
      }
      if (record.outcome === 'failure' && !step['continue-on-error']) failed = true;
    }
    if (step.id) stepsContext[step.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.outcome };
  }
  const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, contexts())]));
  return { steps: records, stepsContext, outputs, exportedEnv, summary: readFileSync(summaryFile, 'utf8'), runnerTemp, failed };
}
