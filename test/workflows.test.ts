// The reusable workflow kit: .github/workflows/ (reusable workflows + this repository's CI) and workflows/
// (starter templates users copy).
//
//  1. Every file parses and validates with GitHub's own parser (@actions/workflow-parser), with our reusable
//     workflows fetched from the working tree, so every call is validated against its callee.
//  2. Static contracts: our action gets only inputs action.yml declares (minus PENDING_INPUTS) and all required
//     ones; calls of our reusable workflows pass only declared inputs/secrets, of the declared type, and all
//     required ones; every steps.*/needs.*/jobs.*/inputs.* reference points at something that exists; no
//     `${{ }}` inside run scripts; placement and calling-job rules; the shared dbt setup is identical everywhere.
//  3. Behaviour: the backfill window algorithm (workflows/backfill-windows.py, and the copy embedded in
//     dbt-backfill.yml executed as the workflow runs it), the profile/secret step, the PR schema step, the
//     PR routing and fork expressions, evaluated with GitHub's expression evaluator.
//  4. Smoke: dbt-build.yml's job and ci.yml's action job run as the runner would (see helpers/workflows.ts for
//     what the stand-in supports), with the bundled action (dist/index.js, Node 24) on the example project.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { runBundledAction } from './helpers/action.js';
import { startFakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample, DBT, REPO } from './helpers/project.js';
import {
  condition,
  evaluate,
  expressionsIn,
  inputsContext,
  interpolate,
  isOurAction,
  loadWorkflow,
  ourReusableWorkflow,
  runJob,
  triggers,
  validateWorkflow,
  workflowFiles,
  type Contexts,
  type WorkflowFile,
  type Yaml,
} from './helpers/workflows.js';

/**
 * Inputs the workflows may pass to the action before action.yml declares them (a feature landing in steps).
 * Empty now: every input the kit uses is declared; a diagnostic names entries that action.yml already declares.
 */
const PENDING_INPUTS: readonly string[] = [];

const ACTION = parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8'));
const ACTION_INPUTS: Record<string, Yaml> = ACTION.inputs ?? {};
const ACTION_OUTPUTS = Object.keys(ACTION.outputs ?? {});

/** Outputs of the third-party actions the workflows use (from their action.yml). */
const KNOWN_ACTION_OUTPUTS: Record<string, string[]> = {
  'actions/checkout': ['ref', 'commit'],
  'actions/setup-python': ['python-version', 'cache-hit', 'python-path'],
  'actions/setup-node': ['cache-hit', 'node-version'],
  'actions/cache': ['cache-hit'],
  'actions/upload-pages-artifact': ['artifact_id'],
  'actions/deploy-pages': ['page_url'],
};

const CALLING_JOB_KEYS = new Set(['name', 'uses', 'with', 'secrets', 'strategy', 'needs', 'if', 'concurrency', 'permissions']);
const FILES = workflowFiles();
const REUSABLE = ['dbt-build.yml', 'dbt-pr.yml', 'dbt-freshness.yml', 'dbt-backfill.yml'].map((f) => `.github/workflows/${f}`);

function jobsOf(file: WorkflowFile): Array<[string, Yaml]> {
  return Object.entries(file.doc?.jobs ?? {});
}

function stepsOf(file: WorkflowFile): Array<{ jobId: string; index: number; step: Yaml }> {
  return jobsOf(file).flatMap(([jobId, job]) => ((job.steps ?? []) as Yaml[]).map((step, index) => ({ jobId, index, step })));
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Expression bodies in a YAML subtree; `if:` values count as expressions even without `${{ }}`. */
function expressions(value: unknown): string[] {
  const out = strings(value).flatMap((s) => expressionsIn(s));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const cond = (value as Record<string, unknown>).if;
    if (typeof cond === 'string' && !cond.includes('${{')) out.push(cond);
  }
  return out;
}

/** Removes '...' literals so text inside strings is not taken for references. */
function withoutLiterals(expression: string): string {
  return expression.replace(/'(?:[^']|'')*'/g, "''");
}

function declaredInputs(doc: Yaml): Set<string> {
  const on = triggers(doc);
  return new Set([...Object.keys(on.workflow_call?.inputs ?? {}), ...Object.keys(on.workflow_dispatch?.inputs ?? {})]);
}

// ---------------------------------------------------------------------------------------------------
// Checkers (exported for nothing; each has a negative self-test below so none passes vacuously)

function checkActionStep(where: string, step: Yaml): string[] {
  const problems: string[] = [];
  const given = Object.keys(step.with ?? {});
  for (const name of given) {
    if (!(name in ACTION_INPUTS) && !PENDING_INPUTS.includes(name)) problems.push(`${where}: input '${name}' is not declared in action.yml`);
  }
  for (const [name, spec] of Object.entries(ACTION_INPUTS)) {
    if (spec?.required === true && spec.default === undefined && !given.includes(name)) problems.push(`${where}: required input '${name}' missing`);
  }
  return problems;
}

function literalTypeProblem(type: string, value: unknown): string | undefined {
  if (typeof value === 'string' && value.includes('${{')) return undefined; // decided at run time
  const actual = typeof value;
  if (type === 'boolean' && actual !== 'boolean') return `expects a boolean, got ${JSON.stringify(value)}`;
  if (type === 'number' && actual !== 'number') return `expects a number, got ${JSON.stringify(value)}`;
  if (type === 'string' && actual !== 'string') return `expects a string, got ${JSON.stringify(value)} (quote it)`;
  return undefined;
}

function checkReusableCall(where: string, job: Yaml, callee: WorkflowFile): string[] {
  const problems: string[] = [];
  const call = triggers(callee.doc).workflow_call;
  if (call === undefined) return [`${where}: ${callee.path} has no workflow_call trigger`];
  const inputs: Record<string, Yaml> = call?.inputs ?? {};
  const secrets: Record<string, Yaml> = call?.secrets ?? {};
  const given: Record<string, unknown> = job.with ?? {};
  for (const [name, value] of Object.entries(given)) {
    if (!(name in inputs)) problems.push(`${where}: input '${name}' is not declared by ${callee.path}`);
    else {
      const problem = literalTypeProblem(inputs[name]?.type, value);
      if (problem) problems.push(`${where}: input '${name}' ${problem}`);
    }
  }
  for (const [name, spec] of Object.entries(inputs)) {
    if (spec?.required === true && spec.default === undefined && !(name in given)) problems.push(`${where}: required input '${name}' missing`);
  }
  if (job.secrets !== 'inherit') {
    const passed: Record<string, unknown> = job.secrets ?? {};
    for (const name of Object.keys(passed)) if (!(name in secrets)) problems.push(`${where}: secret '${name}' is not declared by ${callee.path}`);
    for (const [name, spec] of Object.entries(secrets)) {
      if (spec?.required === true && !(name in passed)) problems.push(`${where}: required secret '${name}' missing`);
    }
  }
  return problems;
}

function runStepOutputs(script: string): Set<string> {
  const names = new Set<string>();
  for (const line of script.split('\n')) {
    if (!line.includes('GITHUB_OUTPUT')) continue;
    const match = /(?:echo|printf)\s+(?:-[a-z]+\s+)?["']?([A-Za-z_][\w-]*)(?:=|<<)/.exec(line);
    if (match) names.add(match[1]);
  }
  return names;
}

function stepOutputs(step: Yaml): Set<string> | undefined {
  if (step.run !== undefined) return runStepOutputs(String(step.run));
  if (isOurAction(step.uses)) return new Set(ACTION_OUTPUTS);
  const known = KNOWN_ACTION_OUTPUTS[String(step.uses).split('@')[0]];
  return known ? new Set(known) : undefined;
}

function loadCallee(uses: unknown): WorkflowFile | undefined {
  const path = ourReusableWorkflow(uses);
  return path && existsSync(join(REPO, path)) ? loadWorkflow(path) : undefined;
}

function jobOutputs(job: Yaml): Set<string> | undefined {
  if (job.uses !== undefined) {
    const callee = loadCallee(job.uses);
    return callee ? new Set(Object.keys(triggers(callee.doc).workflow_call?.outputs ?? {})) : undefined;
  }
  return new Set(Object.keys(job.outputs ?? {}));
}

function checkReferences(file: WorkflowFile): string[] {
  const problems: string[] = [];
  const doc = file.doc;
  const inputs = declaredInputs(doc);
  const jobs: Record<string, Yaml> = doc.jobs ?? {};

  const checkInputs = (where: string, exprs: string[]): void => {
    for (const expr of exprs.map(withoutLiterals)) {
      for (const m of expr.matchAll(/(?<![\w.-])inputs\.([\w-]+)/g)) {
        if (!inputs.has(m[1])) problems.push(`${where}: inputs.${m[1]} is not a declared input`);
      }
    }
  };

  // Workflow level: run-name, concurrency, env, and workflow_call outputs (which read jobs.<id>.outputs).
  checkInputs(`${file.path}`, expressions({ 'run-name': doc['run-name'], concurrency: doc.concurrency, env: doc.env }));
  for (const [name, spec] of Object.entries<Yaml>(triggers(doc).workflow_call?.outputs ?? {})) {
    for (const expr of expressionsIn(String(spec?.value ?? '')).map(withoutLiterals)) {
      for (const m of expr.matchAll(/(?<![\w.-])jobs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const outputs = jobs[m[1]] ? jobOutputs(jobs[m[1]]) : undefined;
        if (!jobs[m[1]]) problems.push(`${file.path} output ${name}: job '${m[1]}' does not exist`);
        else if (outputs && !outputs.has(m[2])) problems.push(`${file.path} output ${name}: job '${m[1]}' has no output '${m[2]}'`);
      }
    }
  }

  for (const [jobId, job] of Object.entries(jobs)) {
    const needs = new Set<string>(job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
    for (const need of needs) if (!jobs[need]) problems.push(`${file.path} ${jobId}: needs unknown job '${need}'`);
    const steps: Yaml[] = job.steps ?? [];
    const ids = steps.map((s) => s.id as string | undefined);
    const { steps: _steps, ...jobLevel } = job;
    void _steps;
    const scopes: Array<{ where: string; exprs: string[]; before: number }> = [
      { where: `${file.path} ${jobId}`, exprs: expressions(jobLevel), before: steps.length },
      ...steps.map((step, index) => ({ where: `${file.path} ${jobId} step ${step.id ?? step.name ?? index + 1}`, exprs: expressions(step), before: index })),
    ];
    for (const { where, exprs, before } of scopes) {
      checkInputs(where, exprs);
      for (const expr of exprs.map(withoutLiterals)) {
        for (const m of expr.matchAll(/(?<![\w.-])steps\.([\w-]+)\.(outputs\.([\w-]+)|outcome|conclusion)/g)) {
          const at = ids.indexOf(m[1]);
          if (at === -1) problems.push(`${where}: steps.${m[1]} does not exist in job ${jobId}`);
          else if (at >= before) problems.push(`${where}: steps.${m[1]} is not an earlier step`);
          else if (m[3] !== undefined) {
            const outputs = stepOutputs(steps[at]);
            if (!outputs) problems.push(`${where}: outputs of ${steps[at].uses} unknown; add them to KNOWN_ACTION_OUTPUTS`);
            else if (!outputs.has(m[3])) problems.push(`${where}: step '${m[1]}' has no output '${m[3]}' (has: ${[...outputs].join(', ')})`);
          }
        }
        for (const m of expr.matchAll(/(?<![\w.-])needs\.([\w-]+)\.(outputs\.([\w-]+)|result)/g)) {
          if (!needs.has(m[1])) problems.push(`${where}: needs.${m[1]} but job ${jobId} does not list it in needs`);
          else if (m[3] !== undefined) {
            const outputs = jobOutputs(jobs[m[1]]);
            if (outputs && !outputs.has(m[3])) problems.push(`${where}: job '${m[1]}' has no output '${m[3]}'`);
          }
        }
      }
    }
  }
  return problems;
}

function allProblems(check: (file: WorkflowFile) => string[]): string[] {
  return FILES.flatMap(check);
}

// ---------------------------------------------------------------------------------------------------

describe('workflow files', () => {
  it('finds the reusable workflows, CI and the templates', () => {
    const paths = FILES.map((f) => f.path);
    for (const p of [...REUSABLE, '.github/workflows/ci.yml']) assert.ok(paths.includes(p), `${p} missing`);
    assert.ok(paths.filter((p) => p.startsWith('workflows/')).length >= 7, paths.join(', '));
  });

  for (const file of FILES) {
    it(`${file.path} parses and validates with @actions/workflow-parser`, async () => {
      const errors = await validateWorkflow(file.path, file.text);
      assert.deepEqual(errors, [], `${file.path}:\n  ${errors.join('\n  ')}`);
    });
  }

  it('the parser check is not vacuous: it reports unknown and missing inputs of a call to our workflow', async () => {
    const caller = [
      'on: push',
      'jobs:',
      '  a:',
      '    uses: your-org/dbt-orchestrator-action/.github/workflows/dbt-build.yml@v1',
      '    with:',
      '      no-such-input: x',
    ].join('\n');
    const errors = await validateWorkflow('caller.yml', caller);
    assert.ok(errors.some((e) => /no-such-input is not defined/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /Input adapter is required/.test(e)), errors.join('\n'));
    const badStep = await validateWorkflow('bad.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ nope.x }}\n');
    assert.ok(badStep.some((e) => /Unrecognized named-value: 'nope'/.test(e)), badStep.join('\n'));
  });

  it('reusable workflows sit directly in .github/workflows/, and templates in workflows/ are callers', () => {
    const problems: string[] = [];
    for (const file of FILES) {
      const reusable = triggers(file.doc).workflow_call !== undefined;
      if (reusable && !/^\.github\/workflows\/[^/]+$/.test(file.path)) problems.push(`${file.path}: workflow_call outside .github/workflows/`);
      if (file.path.startsWith('workflows/') && reusable) problems.push(`${file.path}: templates call the reusable workflows; they are not reusable`);
    }
    for (const path of REUSABLE) assert.ok(triggers(loadWorkflow(path).doc).workflow_call !== undefined, `${path} has no workflow_call`);
    assert.deepEqual(problems, []);
  });

  it('reusable workflows and templates use the action and the workflows by owner/repo@ref, never ./ (a caller has no ./ of ours)', () => {
    const problems: string[] = [];
    for (const file of FILES.filter((f) => f.path !== '.github/workflows/ci.yml')) {
      for (const { jobId, step } of stepsOf(file)) if (step.uses === './') problems.push(`${file.path} ${jobId}: uses ./`);
      for (const [jobId, job] of jobsOf(file)) if (typeof job.uses === 'string' && job.uses.startsWith('./')) problems.push(`${file.path} ${jobId}: uses ${job.uses}`);
    }
    assert.deepEqual(problems, []);
    const ci = loadWorkflow('.github/workflows/ci.yml');
    assert.equal(stepsOf(ci).filter(({ step }) => step.uses === './').length, 2, 'ci.yml runs the working-tree action twice');
  });

  it('calling jobs use only the keys GitHub allows on them', () => {
    const problems = allProblems((file) =>
      jobsOf(file)
        .filter(([, job]) => job.uses !== undefined)
        .flatMap(([jobId, job]) => Object.keys(job).filter((k) => !CALLING_JOB_KEYS.has(k)).map((k) => `${file.path} ${jobId}: '${k}' is not allowed on a calling job`)),
    );
    assert.deepEqual(problems, []);
  });

  it('run scripts take values through env, never through ${{ }} (no script injection)', () => {
    const problems = allProblems((file) =>
      stepsOf(file)
        .filter(({ step }) => typeof step.run === 'string' && step.run.includes('${{'))
        .map(({ jobId, step }) => `${file.path} ${jobId} step ${step.id ?? step.name}: \${{ }} inside run`),
    );
    assert.deepEqual(problems, []);
  });

  it('workflow_dispatch declares at most 25 inputs, and a workflow with both triggers declares the same inputs for both', () => {
    const problems: string[] = [];
    for (const file of FILES) {
      const on = triggers(file.doc);
      const dispatch = Object.keys(on.workflow_dispatch?.inputs ?? {});
      if (dispatch.length > 25) problems.push(`${file.path}: ${dispatch.length} workflow_dispatch inputs (max 25)`);
      if (on.workflow_call && on.workflow_dispatch) {
        const call = Object.keys(on.workflow_call.inputs ?? {});
        assert.deepEqual([...dispatch].sort(), [...call].sort(), `${file.path}: inputs differ between workflow_call and workflow_dispatch`);
      }
    }
    assert.deepEqual(problems, []);
  });
});

describe('our action is given only what action.yml declares', () => {
  it('every use of the action passes declared inputs (PENDING_INPUTS aside) and all required ones', (t) => {
    const uses = allProblems((file) => stepsOf(file).filter(({ step }) => isOurAction(step.uses)).map(({ jobId }) => `${file.path} ${jobId}`));
    assert.ok(uses.length >= 6, `expected the action in every reusable workflow and twice in ci.yml, found ${uses.length}`);
    const problems = allProblems((file) =>
      stepsOf(file)
        .filter(({ step }) => isOurAction(step.uses))
        .flatMap(({ jobId, step }) => checkActionStep(`${file.path} ${jobId} step ${step.id ?? step.name}`, step)),
    );
    assert.deepEqual(problems, [], problems.join('\n'));
    const landed = PENDING_INPUTS.filter((name) => name in ACTION_INPUTS);
    if (landed.length > 0) t.diagnostic(`PENDING_INPUTS already declared in action.yml (remove them from the list): ${landed.join(', ')}`);
  });

  it('the check is not vacuous', () => {
    const problems = checkActionStep('x', { uses: 'your-org/dbt-orchestrator-action@v1', with: { 'no-such-input': '1', select: 'a' } });
    assert.deepEqual(problems, ["x: input 'no-such-input' is not declared in action.yml"]);
  });
});

describe('calls of our reusable workflows', () => {
  it('pass only declared inputs and secrets, of the declared type, and all required ones', () => {
    let calls = 0;
    const problems = allProblems((file) =>
      jobsOf(file).flatMap(([jobId, job]) => {
        if (job.uses === undefined) return [];
        const path = ourReusableWorkflow(job.uses);
        if (!path) return [`${file.path} ${jobId}: calls ${job.uses}, which is not one of ours`];
        if (!existsSync(join(REPO, path))) return [`${file.path} ${jobId}: ${path} does not exist`];
        calls++;
        return checkReusableCall(`${file.path} ${jobId}`, job, loadWorkflow(path));
      }),
    );
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.ok(calls >= 7, `every template calls a reusable workflow (found ${calls} calls)`);
  });

  it('the check is not vacuous', () => {
    const callee = loadWorkflow('.github/workflows/dbt-build.yml');
    const problems = checkReusableCall('x', { uses: 'y', with: { threads: 8, 'full-refresh': 'yes', bogus: 1 }, secrets: { NOPE: 'z' } }, callee);
    assert.deepEqual(problems.sort(), [
      "x: input 'bogus' is not declared by .github/workflows/dbt-build.yml",
      "x: input 'full-refresh' expects a boolean, got \"yes\"",
      "x: input 'threads' expects a string, got 8 (quote it)",
      "x: required input 'adapter' missing",
      "x: secret 'NOPE' is not declared by .github/workflows/dbt-build.yml",
    ]);
  });
});

describe('references', () => {
  it('every steps.*, needs.*, jobs.* and inputs.* reference points at something that exists', () => {
    const problems = allProblems(checkReferences);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('the check is not vacuous', () => {
    const text = [
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      a: {type: string}',
      '    outputs:',
      '      o: {value: "${{ jobs.one.outputs.missing }}"}',
      'jobs:',
      '  one:',
      '    runs-on: x',
      '    outputs:',
      '      ok: ${{ steps.act.outputs.status }}',
      '      bad: ${{ steps.act.outputs.nope }}',
      '    steps:',
      '      - id: early',
      '        if: steps.act.outputs.status == inputs.b',
      '        run: echo "x=1" >> "$GITHUB_OUTPUT"',
      '      - id: act',
      '        uses: your-org/dbt-orchestrator-action@v1',
      '      - run: echo',
      '        env: {A: "${{ steps.early.outputs.x }} ${{ steps.early.outputs.y }} ${{ steps.ghost.outcome }}"}',
      '  two:',
      '    needs: one',
      '    runs-on: x',
      '    steps:',
      "      - run: echo",
      '        env: {A: "${{ needs.one.outputs.ok }} ${{ needs.one.outputs.zzz }} ${{ needs.three.result }}"}',
    ].join('\n');
    const problems = checkReferences({ path: 'w.yml', text, doc: parseYaml(text) });
    assert.deepEqual(problems.sort(), [
      "w.yml one step 3: step 'early' has no output 'y' (has: x)",
      'w.yml one step 3: steps.ghost does not exist in job one',
      "w.yml one step early: inputs.b is not a declared input",
      'w.yml one step early: steps.act is not an earlier step',
      "w.yml one: step 'act' has no output 'nope' (has: " + ACTION_OUTPUTS.join(', ') + ')',
      "w.yml output o: job 'one' has no output 'missing'",
      "w.yml two step 1: job 'one' has no output 'zzz'",
      'w.yml two step 1: needs.three but job two does not list it in needs',
    ].sort());
  });
});

describe('the reusable workflows', () => {
  const build = loadWorkflow('.github/workflows/dbt-build.yml');
  const pr = loadWorkflow('.github/workflows/dbt-pr.yml');
  const backfill = loadWorkflow('.github/workflows/dbt-backfill.yml');

  /** Steps from id `python` through id `profiles`: the shared dbt setup. */
  function sharedSetup(job: Yaml): Yaml[] {
    const steps: Yaml[] = job.steps;
    const from = steps.findIndex((s) => s.id === 'python');
    const to = steps.findIndex((s) => s.id === 'profiles');
    assert.ok(from >= 0 && to > from, 'shared setup (python .. profiles) not found');
    return steps.slice(from, to + 1);
  }

  it('share one dbt setup (python, pip cache, dbt venv, profile), step for step', () => {
    const reference = sharedSetup(build.doc.jobs.dbt);
    const jobs: Array<[string, Yaml]> = [
      ['dbt-pr check', pr.doc.jobs.check],
      ['dbt-pr cleanup', pr.doc.jobs.cleanup],
      ['dbt-freshness', loadWorkflow('.github/workflows/dbt-freshness.yml').doc.jobs.freshness],
      ['dbt-backfill', backfill.doc.jobs.backfill],
    ];
    for (const [name, job] of jobs) assert.deepEqual(sharedSetup(job), reference, `${name} differs from dbt-build's setup`);
  });

  it('dbt-build: one run per target at a time, queued rather than cancelled; the group can be overridden', () => {
    const job = build.doc.jobs.dbt;
    assert.equal(job.concurrency['cancel-in-progress'], false);
    const group = (given: Record<string, unknown>): string => interpolate(job.concurrency.group, { inputs: inputsContext(build.doc, { adapter: 'x', ...given }) });
    assert.equal(group({ target: 'prod' }), 'dbt-prod-prod');
    assert.equal(group({ target: 'prod', 'concurrency-group': 'mine' }), 'mine');
  });

  it('dbt-pr: superseded runs of the same PR are cancelled; permissions as documented', () => {
    const check = pr.doc.jobs.check;
    assert.equal(check.concurrency['cancel-in-progress'], true);
    assert.equal(interpolate(check.concurrency.group, { github: { event: { pull_request: { number: 42 } }, ref: 'refs/pull/42/merge' } }), 'dbt-pr-42');
    assert.deepEqual(check.permissions, { contents: 'read', actions: 'read', 'pull-requests': 'write' });
    const action = check.steps.find((s: Yaml) => isOurAction(s.uses));
    assert.equal(action.with.select, '${{ inputs.select }}');
    assert.equal(triggers(pr.doc).workflow_call.inputs.select.default, 'state:modified+');
    assert.equal(triggers(pr.doc).workflow_call.inputs['state-from'].default, 'production');
    assert.equal(triggers(pr.doc).workflow_call.inputs.defer.default, true);
    assert.equal(triggers(pr.doc).workflow_call.inputs.comment.default, true);
  });

  it('dbt-pr: a fork PR reuses read-only and is not commented; a same-repo PR reuses and comments', () => {
    const action = pr.doc.jobs.check.steps.find((s: Yaml) => isOurAction(s.uses));
    const contexts = (headRepo: string): Contexts => ({
      inputs: inputsContext(pr.doc, { adapter: 'x' }),
      github: { repository: 'octo/jaffle', event: { action: 'synchronize', pull_request: { number: 7, head: { repo: { full_name: headRepo } } } } },
    });
    assert.equal(interpolate(action.with.reuse, contexts('octo/jaffle')), 'true');
    assert.equal(interpolate(action.with.comment, contexts('octo/jaffle')), 'true');
    assert.equal(interpolate(action.with.reuse, contexts('mallory/jaffle')), 'read-only');
    assert.equal(interpolate(action.with.comment, contexts('mallory/jaffle')), 'false');
  });

  it('dbt-pr: the check runs while the PR is open, the cleanup only when it closes and cleanup is on', () => {
    const when = (action: string, cleanup: boolean): string[] =>
      Object.entries<Yaml>(pr.doc.jobs)
        .filter(([, job]) => condition(job.if, { inputs: inputsContext(pr.doc, { adapter: 'x', cleanup }), github: { event: { action } } }))
        .map(([id]) => id);
    assert.deepEqual(when('opened', true), ['check']);
    assert.deepEqual(when('synchronize', false), ['check']);
    assert.deepEqual(when('closed', true), ['cleanup']);
    assert.deepEqual(when('closed', false), []);
  });

  it('dbt-backfill: matrix from the windows job, max-parallel from the input, fail-fast on', () => {
    const strategy = backfill.doc.jobs.backfill.strategy;
    assert.equal(strategy.matrix, '${{ fromJSON(needs.windows.outputs.matrix) }}');
    assert.equal(strategy['max-parallel'], '${{ inputs.max-parallel }}');
    assert.equal(strategy['fail-fast'], true);
  });
});

describe('the starter templates', () => {
  const template = (name: string): WorkflowFile => loadWorkflow(`workflows/${name}`);
  /** The value a call passes for an input, or the callee's default. */
  const effective = (job: Yaml, name: string): unknown => job.with?.[name] ?? triggers(loadCallee(job.uses)!.doc).workflow_call.inputs[name]?.default;

  it('the PR check reads production state from the daily template, under the artifact name the daily build uploads', () => {
    const prJob = template('dbt-pr-check.yml').doc.jobs.dbt;
    const production = String(effective(prJob, 'production-workflow'));
    assert.ok(existsSync(join(REPO, 'workflows', production)), `production-workflow ${production} is not a template`);
    const daily = template(production);
    assert.ok(triggers(daily.doc).schedule, `${production} is not scheduled`);
    const [buildJob] = Object.values<Yaml>(daily.doc.jobs);
    assert.equal(ourReusableWorkflow(buildJob.uses), '.github/workflows/dbt-build.yml');
    assert.equal(effective(buildJob, 'artifact-name'), effective(prJob, 'artifact-name'));
    assert.equal(effective(prJob, 'state-from'), 'production');
    assert.deepEqual(prJob.permissions, { contents: 'read', actions: 'read', 'pull-requests': 'write' });
    assert.deepEqual(triggers(template('dbt-pr-check.yml').doc).pull_request.types, ['opened', 'synchronize', 'reopened', 'closed']);
  });

  it('after-ingestion builds after a successful ingestion run or a repository_dispatch, not after a failed one', () => {
    const file = template('dbt-after-ingestion.yml');
    const on = triggers(file.doc);
    assert.deepEqual(on.workflow_run.types, ['completed']);
    assert.ok(on.repository_dispatch);
    const job = file.doc.jobs.build;
    const runs = (github: Contexts): boolean => condition(job.if, { github });
    assert.equal(runs({ event_name: 'workflow_run', event: { workflow_run: { conclusion: 'success' } } }), true);
    assert.equal(runs({ event_name: 'workflow_run', event: { workflow_run: { conclusion: 'failure' } } }), false);
    assert.equal(runs({ event_name: 'workflow_run', event: { workflow_run: { conclusion: 'cancelled' } } }), false);
    assert.equal(runs({ event_name: 'repository_dispatch', event: { client_payload: {} } }), true);
    const select = (payload: Contexts) => interpolate(job.with.select, { github: { event: { client_payload: payload } } });
    assert.equal(select({}), 'source:raw+');
    assert.equal(select({ select: 'tag:orders' }), 'tag:orders');
  });

  it('the schedules are what the README says', () => {
    assert.equal(triggers(template('dbt-daily.yml').doc).schedule[0].cron, '17 5 * * *');
    assert.equal(triggers(template('dbt-hourly-smoke.yml').doc).schedule[0].cron, '7 * * * *');
    assert.equal(template('dbt-hourly-smoke.yml').doc.jobs.smoke.with.selector, 'smoke');
    assert.equal(triggers(template('dbt-source-freshness.yml').doc).schedule[0].cron, '23 */6 * * *');
  });

  it('the manual full refresh takes select, full-refresh and target and hands them to dbt-build', () => {
    const file = template('dbt-full-refresh.yml');
    assert.deepEqual(Object.keys(triggers(file.doc).workflow_dispatch.inputs).sort(), ['full-refresh', 'select', 'target']);
    const job = file.doc.jobs.refresh;
    const inputs = { select: 'fct_orders+', 'full-refresh': true, target: 'prod' };
    assert.equal(interpolate(job.with.select, { inputs }), 'fct_orders+');
    assert.equal(interpolate(job.with['full-refresh'], { inputs }), 'true');
    assert.equal(interpolate(file.doc['run-name'], { inputs }), 'dbt full refresh of fct_orders+ on prod');
  });
});

// ---------------------------------------------------------------------------------------------------
// Backfill windows

const WINDOWS_PY = join(REPO, 'workflows/backfill-windows.py');

interface Window {
  index: number;
  start: string;
  end: string;
  label: string;
}

function windowsPy(...args: string[]): { code: number | null; windows: Window[]; stdout: string; stderr: string } {
  const run = spawnSync('python3', [WINDOWS_PY, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const windows = run.status === 0 && !args.includes('markdown') ? (JSON.parse(run.stdout).window as Window[]) : [];
  return { code: run.status, windows, stdout: run.stdout, stderr: run.stderr };
}

function spans(windows: Window[]): string[] {
  return windows.map((w) => `${w.start}..${w.end}`);
}

describe('backfill windows (workflows/backfill-windows.py)', () => {
  it('days: start inclusive, end exclusive, contiguous, across a leap day', () => {
    const { code, windows } = windowsPy('2024-02-27', '2024-03-02', 'day');
    assert.equal(code, 0);
    assert.deepEqual(spans(windows), ['2024-02-27..2024-02-28', '2024-02-28..2024-02-29', '2024-02-29..2024-03-01', '2024-03-01..2024-03-02']);
    assert.deepEqual(windows.map((w) => w.index), [1, 2, 3, 4]);
    assert.deepEqual(spans(windowsPy('2023-02-27', '2023-03-02', 'day').windows), ['2023-02-27..2023-02-28', '2023-02-28..2023-03-01', '2023-03-01..2023-03-02']);
  });

  it('one day is one window; end == start is refused', () => {
    assert.deepEqual(spans(windowsPy('2024-01-01', '2024-01-02', 'day').windows), ['2024-01-01..2024-01-02']);
    const same = windowsPy('2024-01-01', '2024-01-01', 'day');
    assert.equal(same.code, 2);
    assert.match(same.stderr, /start 2024-01-01 is not before end 2024-01-01 \(end is exclusive\)/);
  });

  it('months: calendar months, month ends of every length, leap February, clipped at both ends', () => {
    assert.deepEqual(spans(windowsPy('2024-01-01', '2024-05-01', 'month').windows), [
      '2024-01-01..2024-02-01',
      '2024-02-01..2024-03-01',
      '2024-03-01..2024-04-01',
      '2024-04-01..2024-05-01',
    ]);
    assert.deepEqual(spans(windowsPy('2023-12-15', '2024-03-10', 'month').windows), [
      '2023-12-15..2024-01-01',
      '2024-01-01..2024-02-01',
      '2024-02-01..2024-03-01',
      '2024-03-01..2024-03-10',
    ]);
    // 2100 is not a leap year; 2000 is.
    assert.deepEqual(spans(windowsPy('2100-02-01', '2100-03-01', 'day').windows).length, 28);
    assert.deepEqual(spans(windowsPy('2000-02-01', '2000-03-01', 'day').windows).length, 29);
  });

  it('weeks start on Monday; a range starting mid-week gets a short first window', () => {
    // 2024-01-01 is a Monday.
    assert.deepEqual(spans(windowsPy('2024-01-01', '2024-01-15', 'week').windows), ['2024-01-01..2024-01-08', '2024-01-08..2024-01-15']);
    assert.deepEqual(spans(windowsPy('2024-01-03', '2024-01-20', 'week').windows), ['2024-01-03..2024-01-08', '2024-01-08..2024-01-15', '2024-01-15..2024-01-20']);
    // Across a year end: 2024-12-30 is a Monday.
    assert.deepEqual(spans(windowsPy('2024-12-28', '2025-01-07', 'week').windows), ['2024-12-28..2024-12-30', '2024-12-30..2025-01-06', '2025-01-06..2025-01-07']);
  });

  it('timestamps: offsets are converted to UTC, boundaries are UTC midnights, output is YYYY-MM-DDTHH:MM:SS', () => {
    assert.deepEqual(spans(windowsPy('2024-01-01T23:30:00+02:00', '2024-01-03', 'day').windows), [
      '2024-01-01T21:30:00..2024-01-02T00:00:00',
      '2024-01-02T00:00:00..2024-01-03T00:00:00',
    ]);
    assert.deepEqual(spans(windowsPy('2024-03-31T22:00Z', '2024-04-01T01:00:00-05:00', 'day').windows), [
      '2024-03-31T22:00:00..2024-04-01T00:00:00',
      '2024-04-01T00:00:00..2024-04-01T06:00:00',
    ]);
    // No offset: UTC. A space may replace the T.
    assert.deepEqual(spans(windowsPy('2024-01-01 06:00', '2024-01-01 18:00', 'day').windows), ['2024-01-01T06:00:00..2024-01-01T18:00:00']);
    // Labels are safe in artifact names (no ':').
    assert.equal(windowsPy('2024-01-01T06:00', '2024-01-02', 'day').windows[0].label, '2024-01-01T060000');
  });

  it('refuses more than 256 windows with a clear message; exactly 256 is fine', () => {
    const ok = windowsPy('2024-01-01', '2024-09-13', 'day');
    assert.equal(ok.code, 0);
    assert.equal(ok.windows.length, 256);
    const tooMany = windowsPy('2024-01-01', '2024-09-14', 'day');
    assert.equal(tooMany.code, 2);
    assert.equal(tooMany.stdout, '');
    assert.match(tooMany.stderr, /257 day windows from 2024-01-01 to 2024-09-14 exceed GitHub's limit of 256 jobs per matrix; use a larger window/);
    const years = windowsPy('2000-01-01', '2024-01-01', 'day');
    assert.match(years.stderr, /8766 day windows/);
  });

  it('rejects malformed input with exit code 2', () => {
    for (const args of [
      ['2024-13-01', '2024-12-01', 'day'],
      ['2024-02-30', '2024-03-01', 'day'],
      ['yesterday', '2024-01-01', 'day'],
      ['2024-01-01', '2024-02-01', 'fortnight'],
      ['2024-01-01T10:00:00.5', '2024-02-01', 'day'],
      ['2024-01-01', '2024-02-01'],
    ]) {
      const run = windowsPy(...args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}`);
      assert.match(run.stderr, /^backfill-windows: error: /, args.join(' '));
    }
  });

  it('prints a markdown table for the job summary', () => {
    const run = windowsPy('2024-01-01', '2024-03-01', 'month', '--format', 'markdown');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^2 month window\(s\)\n/);
    assert.match(run.stdout, /\| 2 \| 2024-02-01 \| 2024-03-01 \|/);
  });

  it('dbt-backfill.yml embeds the script verbatim', () => {
    const run: string = loadWorkflow('.github/workflows/dbt-backfill.yml').doc.jobs.windows.steps[0].run;
    const match = /<<'PY'\n([\s\S]*?)\nPY\n/.exec(run);
    assert.ok(match, 'heredoc <<PY ... PY not found in the windows step');
    assert.equal(match[1] + '\n', readFileSync(WINDOWS_PY, 'utf8'), 'the copy in dbt-backfill.yml differs from workflows/backfill-windows.py');
  });

  describe('the windows job as the workflow runs it (embedded copy)', () => {
    const file = loadWorkflow('.github/workflows/dbt-backfill.yml');
    const windowsJob = (start: string, end: string, window: string) =>
      runJob({
        file,
        jobId: 'windows',
        workspace: mkdtempSync(join(tmpdir(), 'ws-')),
        contexts: { inputs: inputsContext(file.doc, { start, end, window, adapter: 'x' }), github: {} },
      });

    it('outputs the matrix and the count, and writes the table to the summary', async () => {
      const run = await windowsJob('2024-01-30', '2024-03-02', 'month');
      assert.equal(run.failed, false, run.steps.map((s) => s.stderr).join('\n'));
      assert.equal(run.outputs.count, '3');
      const matrix = JSON.parse(run.outputs.matrix);
      assert.deepEqual(spans(matrix.window), ['2024-01-30..2024-02-01', '2024-02-01..2024-03-01', '2024-03-01..2024-03-02']);
      assert.match(run.summary, /3 month window\(s\)/);
      // The backfill job's strategy reads exactly this output.
      const strategy = evaluate(expressionsIn(file.doc.jobs.backfill.strategy.matrix)[0], { needs: { windows: { outputs: run.outputs } } });
      assert.deepEqual(strategy, matrix);
    });

    it('fails the job with an error annotation when there are more than 256 windows', async () => {
      const run = await windowsJob('2020-01-01', '2021-01-01', 'day');
      assert.equal(run.failed, true);
      assert.equal(run.outputs.matrix, '');
      assert.match(run.steps[0].stderr, /::error title=Backfill windows::366 day windows from 2020-01-01 to 2021-01-01 exceed GitHub's limit of 256/);
    });
  });

  describe('a backfill leg passes its window to dbt', () => {
    const file = loadWorkflow('.github/workflows/dbt-backfill.yml');
    const leg = (microbatch: boolean) =>
      runJob({
        file,
        jobId: 'backfill',
        workspace: mkdtempSync(join(tmpdir(), 'ws-')),
        contexts: {
          inputs: inputsContext(file.doc, { start: '2024-01-01', end: '2024-02-01', adapter: 'x', microbatch }),
          matrix: { window: { index: 3, start: '2024-01-03', end: '2024-01-04', label: '2024-01-03' } },
          github: {},
          secrets: {},
        },
        simulate: {
          'actions/checkout': {},
          'actions/setup-python': { 'python-version': '3.12.0' },
          'pip-cache': { key: 'k', dir: '/tmp/pip' },
          'actions/cache': {},
          dbt: { path: '/venv/bin/dbt' },
        },
        runAction: async (call) => ({ code: 0, outputs: { status: 'success' }, stdout: JSON.stringify(call) }),
      });

    it('as vars when not microbatch, with reuse on', async () => {
      const run = await leg(false);
      const action = run.steps.find((s) => s.key === 'orchestrator')!;
      const call = JSON.parse(action.stdout);
      assert.equal(call.inputs.vars, '{start_date: "2024-01-03", end_date: "2024-01-04"}');
      assert.equal(call.inputs.reuse, 'true');
      assert.equal(call.inputs['artifact-name'], 'dbt-backfill-2024-01-03');
      assert.equal(call.env.DBT_EVENT_TIME_START, undefined);
      assert.deepEqual(parseYaml(call.inputs.vars), { start_date: '2024-01-03', end_date: '2024-01-04' });
    });

    it('as the event-time range when microbatch, with reuse off', async () => {
      const run = await leg(true);
      const call = JSON.parse(run.steps.find((s) => s.key === 'orchestrator')!.stdout);
      assert.equal(call.inputs.vars, '');
      assert.equal(call.inputs.reuse, 'false');
      assert.equal(call.env.DBT_EVENT_TIME_START, '2024-01-03');
      assert.equal(call.env.DBT_EVENT_TIME_END, '2024-01-04');
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Steps that handle secrets and the PR schema, executed

const SETUP_SIMULATION = {
  'actions/checkout': {},
  'actions/setup-python': { 'python-version': '3.11.9' },
  'actions/cache': {},
  dbt: { path: DBT },
};

describe('the profile step', () => {
  const file = loadWorkflow('.github/workflows/dbt-build.yml');
  const runProfile = (secrets: Record<string, string>, given: Record<string, unknown> = {}) =>
    runJob({
      file,
      jobId: 'dbt',
      workspace: mkdtempSync(join(tmpdir(), 'ws-')),
      contexts: { inputs: inputsContext(file.doc, { adapter: 'x', ...given }), github: {}, secrets },
      simulate: { ...SETUP_SIMULATION, 'pip-cache': { key: 'k', dir: '/tmp' }, orchestrator: {} },
    });

  it('writes DBT_PROFILES_YML to a mode-600 file outside the checkout, never printing it', async () => {
    const secret = 'jaffle:\n  target: prod\n  outputs:\n    prod: {type: postgres, password: "s3cr3t-value"}';
    const run = await runProfile({ DBT_PROFILES_YML: secret }, { 'profiles-dir': 'conf' });
    const step = run.steps.find((s) => s.key === 'profiles')!;
    assert.equal(step.outcome, 'success', step.stderr);
    const dir = step.outputs.dir;
    assert.equal(dir, join(run.runnerTemp, 'dbt-profiles'));
    assert.equal(readFileSync(join(dir, 'profiles.yml'), 'utf8'), secret + '\n');
    assert.equal(statSync(join(dir, 'profiles.yml')).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.ok(!step.stdout.includes('s3cr3t') && !step.stderr.includes('s3cr3t'), 'the secret was printed');
    assert.match(step.stdout, /::warning title=dbt profile::the DBT_PROFILES_YML secret is set, so input profiles-dir is ignored/);
  });

  it('without the secret, passes profiles-dir through', async () => {
    const run = await runProfile({}, { 'profiles-dir': 'conf' });
    assert.equal(run.steps.find((s) => s.key === 'profiles')!.outputs.dir, 'conf');
  });

  it('exports DBT_ENV_SECRETS lines as environment variables for the later steps, without printing values', async () => {
    const run = await runProfile({ DBT_ENV_SECRETS: 'PG_USER=jaffle\r\n# a comment\n\nPG_PASSWORD=p=a ss\nPG_EMPTY=' });
    const step = run.steps.find((s) => s.key === 'profiles')!;
    assert.equal(step.outcome, 'success', step.stderr);
    assert.deepEqual(run.exportedEnv, { PG_USER: 'jaffle', PG_PASSWORD: 'p=a ss', PG_EMPTY: '' });
    assert.ok(!step.stdout.includes('p=a ss') && !step.stdout.includes('jaffle'));
  });

  it('refuses a DBT_ENV_SECRETS line that is not NAME=value, without showing it', async () => {
    const run = await runProfile({ DBT_ENV_SECRETS: 'OK=1\nnot a pair hunter2' });
    const step = run.steps.find((s) => s.key === 'profiles')!;
    assert.equal(step.outcome, 'failure');
    assert.match(step.stdout, /DBT_ENV_SECRETS line 2 is not NAME=value/);
    assert.ok(!step.stdout.includes('hunter2'));
  });
});

describe('the dbt install step', () => {
  const file = loadWorkflow('.github/workflows/dbt-build.yml');
  // A `python` that makes a fake venv whose python records its arguments, so the step runs without network.
  const bin = mkdtempSync(join(tmpdir(), 'fake-python-'));
  writeFileSync(
    join(bin, 'python'),
    [
      '#!/usr/bin/env bash',
      'if [ "$1 $2" = "-m venv" ]; then',
      '  mkdir -p "$3/bin"',
      `  printf '#!/usr/bin/env bash\\nprintf "%%s\\\\n" "$@" > "%s/pip-args"\\n' "$3" > "$3/bin/python"`,
      `  printf '#!/usr/bin/env bash\\necho "dbt fake"\\n' > "$3/bin/dbt"`,
      '  chmod +x "$3/bin/python" "$3/bin/dbt"',
      'else exec python3 "$@"; fi',
    ].join('\n'),
    { mode: 0o755 },
  );
  const install = async (given: Record<string, unknown>) => {
    const run = await runJob({
      file,
      jobId: 'dbt',
      workspace: mkdtempSync(join(tmpdir(), 'ws-')),
      contexts: { inputs: inputsContext(file.doc, given), github: {}, secrets: {} },
      simulate: { 'actions/checkout': {}, 'actions/setup-python': { 'python-version': '3.12.1' }, 'actions/cache': {}, profiles: {}, orchestrator: {} },
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME ?? '/root' },
    });
    const step = run.steps.find((s) => s.key === 'dbt')!;
    const venv = join(run.runnerTemp, 'dbt-venv');
    const args = existsSync(join(venv, 'pip-args')) ? readFileSync(join(venv, 'pip-args'), 'utf8').trim().split('\n') : [];
    return { run, step, args, venv };
  };

  it('pins dbt-core, passes version ranges through, and installs every adapter word', async () => {
    const pinned = await install({ adapter: 'dbt-duckdb==1.11.1' });
    assert.equal(pinned.step.outcome, 'success', pinned.step.stderr);
    assert.deepEqual(pinned.args, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', 'dbt-core==1.12.6', 'dbt-duckdb==1.11.1']);
    assert.equal(pinned.step.outputs.path, join(pinned.venv, 'bin/dbt'));
    const range = await install({ adapter: 'dbt-snowflake==1.10.0\n  snowflake-connector-python[secure-local-storage]', 'dbt-version': '>=1.12,<1.13' });
    assert.deepEqual(range.args.slice(5), ['dbt-core>=1.12,<1.13', 'dbt-snowflake==1.10.0', 'snowflake-connector-python[secure-local-storage]']);
    const latest = await install({ adapter: 'dbt-postgres', 'dbt-version': '' });
    assert.deepEqual(latest.args.slice(5), ['dbt-core', 'dbt-postgres']);
    // The pip cache key depends on Python, dbt and adapter.
    assert.notEqual(pinned.run.steps.find((s) => s.key === 'pip-cache')!.outputs.key, latest.run.steps.find((s) => s.key === 'pip-cache')!.outputs.key);
  });

  it('fails clearly on an empty adapter', async () => {
    const { step } = await install({ adapter: '  ' });
    assert.equal(step.outcome, 'failure');
    assert.match(step.stdout, /input 'adapter' is empty/);
  });
});

describe('the PR schema step', () => {
  const file = loadWorkflow('.github/workflows/dbt-pr.yml');
  const schemaStep = (given: Record<string, unknown>, event: Record<string, unknown>) =>
    runJob({
      file,
      jobId: 'check',
      workspace: mkdtempSync(join(tmpdir(), 'ws-')),
      contexts: {
        inputs: inputsContext(file.doc, { adapter: 'x', ...given }),
        github: { event_name: 'pull_request', repository: 'octo/jaffle', event },
        secrets: {},
      },
      simulate: { ...SETUP_SIMULATION, 'pip-cache': { key: 'k', dir: '/tmp' }, profiles: { dir: '' }, orchestrator: {} },
    });

  it('exports DBT_SCHEMA=pr_<number> and outputs the name', async () => {
    const run = await schemaStep({}, { action: 'opened', pull_request: { number: 42, head: { repo: { full_name: 'octo/jaffle' } } } });
    assert.equal(run.failed, false);
    assert.equal(run.exportedEnv.DBT_SCHEMA, 'pr_42');
    assert.equal(run.outputs.schema, 'pr_42');
  });

  it('honours schema-env-var and schema-prefix, and validates them', async () => {
    const event = { action: 'opened', pull_request: { number: 7 } };
    const custom = await schemaStep({ 'schema-env-var': 'CI_SCHEMA', 'schema-prefix': 'CI_PR_' }, event);
    assert.deepEqual(custom.exportedEnv, { CI_SCHEMA: 'ci_pr_7' });
    const bad = await schemaStep({ 'schema-env-var': 'X; rm -rf /' }, event);
    assert.equal(bad.failed, true);
    assert.match(bad.steps[0].stdout, /input schema-env-var is not an environment variable name/);
    const badPrefix = await schemaStep({ 'schema-prefix': 'pr-' }, event);
    assert.equal(badPrefix.failed, true);
  });

  it('fails clearly outside a pull_request event', async () => {
    const run = await runJob({
      file,
      jobId: 'check',
      workspace: mkdtempSync(join(tmpdir(), 'ws-')),
      contexts: { inputs: inputsContext(file.doc, { adapter: 'x' }), github: { event_name: 'push', event: {} }, secrets: {} },
      simulate: {},
    });
    assert.equal(run.failed, true);
    assert.match(run.steps[0].stdout, /dbt-pr.yml needs a pull_request event; this run was triggered by push/);
  });
});

// ---------------------------------------------------------------------------------------------------
// Smoke: the jobs with the real bundled action

describe('smoke: dbt-build.yml as the runner runs it', () => {
  it('resolves the action step from the workflow_call inputs, runs dist/index.js, and surfaces its outputs as workflow outputs', async () => {
    const file = loadWorkflow('.github/workflows/dbt-build.yml');
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
    const server = await startFakeActionsServer({ workspace });
    try {
      // What a caller's `with:` gives; every other input takes its default from dbt-build.yml.
      const inputs = inputsContext(file.doc, { adapter: 'dbt-duckdb==1.11.1', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', threads: '4' });
      let actionInputs: Record<string, string> = {};
      const run = await runJob({
        file,
        jobId: 'dbt',
        workspace,
        contexts: { inputs, github: { workspace, repository: 'octo/jaffle', event_name: 'schedule', event: {} }, secrets: {} },
        // checkout: the workspace copy stands in; the venv install (network) is the repository's .venv.
        simulate: SETUP_SIMULATION,
        env: { PATH: `${join(REPO, '.venv/bin')}:${process.env.PATH}`, HOME: process.env.HOME ?? '/root' },
        runAction: async (call) => {
          actionInputs = call.inputs;
          return runBundledAction({ workspace, inputs: call.inputs, serviceEnv: server.env(), runId: server.run.runId, extraEnv: call.env });
        },
      });
      const action = run.steps.find((s) => s.key === 'orchestrator')!;
      assert.equal(run.failed, false, run.steps.map((s) => `${s.key}: ${s.outcome}\n${s.stdout}\n${s.stderr}`).join('\n'));
      assert.equal(run.steps.find((s) => s.key === 'pip-cache')!.simulated, false, 'the pip cache key step runs for real');
      assert.match(run.steps.find((s) => s.key === 'pip-cache')!.outputs.key, /^[0-9a-f]{16}$/);
      assert.deepEqual(actionInputs, {
        command: 'build',
        select: '',
        selector: '',
        exclude: '',
        target: '',
        vars: '',
        'full-refresh': 'false',
        threads: '4',
        retries: '0',
        'retry-delay': '0',
        'project-dir': 'jaffle_shop',
        'profiles-dir': 'jaffle_shop',
        dbt: DBT,
        reuse: 'true',
        'artifact-name': 'dbt-orchestrator',
        'fail-on': 'error',
        // Secrets not given: empty, so the action falls back (runner-local salt, no notification).
        'hash-salt': '',
        'notify-webhook': '',
        'notify-on': 'failure',
        'notify-format': 'auto',
      });
      assert.equal(action.outcome, 'success', `${action.stdout}\n${action.stderr}`);
      // Job outputs, then the workflow outputs a caller sees as needs.<job>.outputs.*
      const workflowOutputs = Object.fromEntries(
        Object.entries<Yaml>(triggers(file.doc).workflow_call.outputs).map(([name, spec]) => [
          name,
          interpolate(spec.value, { jobs: { dbt: { outputs: run.outputs, result: 'success' } } }),
        ]),
      );
      assert.equal(workflowOutputs.status, 'success');
      assert.equal(workflowOutputs.built, '44');
      assert.equal(workflowOutputs.reused, '0');
      assert.equal(workflowOutputs.failed, '0');
      assert.equal(workflowOutputs.skipped, '0');
      assert.equal(workflowOutputs['cache-hit'], 'false');
      assert.match(workflowOutputs['artifact-id'], /^\d+$/);
      assert.equal(server.artifacts()[0].name, 'dbt-orchestrator');
    } finally {
      await server.close();
    }
  });
});

describe('smoke: dbt-pr.yml cleanup job with real dbt', () => {
  it('drops the PR schema with the documented macro when the PR closes', async () => {
    const file = loadWorkflow('.github/workflows/dbt-pr.yml');
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    const project = join(workspace, 'jaffle_shop');
    cpSync(copyExample(), project, { recursive: true });
    // The macro workflows/README.md documents.
    writeFileSync(
      join(project, 'macros/drop_pr_schema.sql'),
      readFileSync(join(REPO, 'workflows/README.md'), 'utf8').match(/```sql\n(\{% macro drop_pr_schema[\s\S]*?)```/)![1],
    );
    const database = join(workspace, 'pr.duckdb');
    const sql = (statement: string): string =>
      execFileSync(join(REPO, '.venv/bin/python'), ['-c', 'import duckdb,sys,json; print(json.dumps(duckdb.connect(sys.argv[1]).execute(sys.argv[2]).fetchall()))', database, statement], {
        encoding: 'utf8',
      });
    sql('create schema pr_42; create table pr_42.t as select 1 as x; create schema keep_me');
    const schemas = (): string[] => JSON.parse(sql('select schema_name from information_schema.schemata order by 1')).map((r: string[]) => r[0]);
    assert.ok(schemas().includes('pr_42'));
    const run = await runJob({
      file,
      jobId: 'cleanup',
      workspace,
      contexts: {
        inputs: inputsContext(file.doc, { adapter: 'dbt-duckdb==1.11.1', cleanup: true, 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop' }),
        github: { event_name: 'pull_request', repository: 'octo/jaffle', event: { action: 'closed', pull_request: { number: 42, base: { ref: 'main' } } } },
        secrets: {},
      },
      simulate: SETUP_SIMULATION,
      env: { PATH: `${join(REPO, '.venv/bin')}:${process.env.PATH}`, HOME: process.env.HOME ?? '/root', DBT_DUCKDB_PATH: database },
    });
    assert.equal(run.failed, false, run.steps.map((s) => `${s.key}: ${s.outcome}\n${s.stdout.slice(-3000)}\n${s.stderr.slice(-3000)}`).join('\n'));
    assert.ok(!schemas().includes('pr_42'), `pr_42 still there: ${schemas().join(', ')}`);
    assert.ok(schemas().includes('keep_me'));
    assert.match(run.summary, /Dropped PR schema `pr_42` with `drop_pr_schema`/);
  });
});

describe('smoke: ci.yml action job (uses: ./ twice on examples/jaffle_shop)', () => {
  it('the second run reuses every node and the final assertion step is skipped', async () => {
    const file = loadWorkflow('.github/workflows/ci.yml');
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    cpSync(copyExample(), join(workspace, 'examples/jaffle_shop'), { recursive: true });
    symlinkSync(join(REPO, '.venv'), join(workspace, '.venv')); // what `bash scripts/setup.sh` creates
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runJob({
        file,
        jobId: 'action',
        workspace,
        contexts: { github: { workspace, repository: 'octo/jaffle', event_name: 'push', event: {} }, secrets: {}, inputs: {} },
        // The .venv symlink above stands in for `bash scripts/setup.sh` (step id setup).
        simulate: { 'actions/checkout': {}, 'actions/setup-node': {}, 'actions/setup-python': {}, setup: {} },
        runAction: (call) => runBundledAction({ workspace, inputs: call.inputs, serviceEnv: server.env(), runId: server.run.runId, extraEnv: call.env }),
      });
      const byKey = Object.fromEntries(run.steps.map((s) => [s.key, s]));
      assert.equal(run.failed, false, run.steps.map((s) => `${s.key}: ${s.outcome}\n${s.stdout.slice(-3000)}\n${s.stderr}`).join('\n'));
      assert.equal(byKey.first.outputs.status, 'success');
      assert.equal(byKey.second.outputs.status, 'success');
      assert.equal(byKey.second.outputs.built, '0');
      assert.equal(byKey.second.outputs.reused, byKey.first.outputs.built);
      const last = run.steps[run.steps.length - 1];
      assert.equal(last.outcome, 'skipped', 'the "reused everything" assertion fired');
      // And it would fire if the second run had built something.
      const lastStep = file.doc.jobs.action.steps.at(-1);
      const failing = { ...run.stepsContext, second: { ...run.stepsContext.second, outputs: { ...run.stepsContext.second.outputs, built: '3' } } };
      assert.equal(condition(lastStep.if, { steps: failing }), true);
    } finally {
      await server.close();
    }
  });
});
