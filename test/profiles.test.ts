// Where profiles.yml comes from: found where dbt finds it (profiles-dir, DBT_PROFILES_DIR, the project
// folder, ~/.dbt); when there is none, exit 2 before dbt starts with a message that names profiles-dir and
// shows an example profile — on the CLI, and in the bundled action (Node 24) with a job summary saying so.

import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { main } from '../src/cli.js';
import { runBundledAction } from './helpers/action.js';
import { startFakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample, DBT } from './helpers/project.js';

async function cli(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c, _e, done) => (into.push(String(c)), done()) });
  const code = await main({ argv, env, stdout: sink(out), stderr: sink(err), cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A copy of the example whose profiles.yml is moved out of the project (returned as `profiles`). */
function projectWithoutProfiles(): { project: string; profiles: string } {
  const project = copyExample(undefined, { parsed: false }); // nothing in target/: assertNothingStarted
  const profiles = mkdtempSync(join(tmpdir(), 'profiles-'));
  renameSync(join(project, 'profiles.yml'), join(profiles, 'profiles.yml'));
  return { project, profiles };
}

/** A process environment with an empty home (no ~/.dbt) and no DBT_PROFILES_DIR. */
function emptyHomeEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'home-')), ...extra };
  if (!('DBT_PROFILES_DIR' in extra)) delete env.DBT_PROFILES_DIR;
  return env;
}

function assertNothingStarted(project: string): void {
  for (const path of ['target', 'logs', 'dbt_packages', '.dbt-orchestrator', 'jaffle_shop.duckdb']) {
    assert.equal(existsSync(join(project, path)), false, `${path} was written: dbt (or dbt deps) started`);
  }
}

/** The example profile of the message must be a profile dbt could read, named as dbt_project.yml's `profile:`. */
function assertExampleProfile(message: string): void {
  const start = message.indexOf('\njaffle_shop:');
  assert.ok(start > 0, `no example profile named jaffle_shop in:\n${message}`);
  const example = parseYaml(message.slice(start).replace(/\n`{3,}[\s\S]*$/, '')) as Record<string, { target: string; outputs: Record<string, { type: string }> }>;
  const profile = example.jaffle_shop!;
  assert.equal(typeof profile.outputs[profile.target]!.type, 'string');
}

describe('no profiles.yml: exit 2 naming profiles-dir, with an example', () => {
  it('CLI: none in the project folder nor ~/.dbt', async () => {
    const { project } = projectWithoutProfiles();
    const run = await cli(['build', '--project-dir', project, '--dbt', DBT], emptyHomeEnv(), project);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /^error: --profiles-dir: no profiles\.yml found: dbt looks in the project folder .* and ~\/\.dbt .*pass its folder with --profiles-dir DIR/s);
    assertExampleProfile(run.stderr);
    assertNothingStarted(project);
  });

  it('CLI: DBT_PROFILES_DIR points at a folder without one', async () => {
    const { project } = projectWithoutProfiles();
    const run = await cli(['plan', '--project-dir', project, '--dbt', DBT], emptyHomeEnv({ DBT_PROFILES_DIR: 'ci' }), project);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`DBT_PROFILES_DIR points at ${join(project, 'ci')}, which has no profiles\\.yml`));
    assertNothingStarted(project);
  });

  it('bundled action: status error, a failed step naming the input, and a job summary saying what is wrong', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    cpSync(projectWithoutProfiles().project, join(workspace, 'jaffle_shop'), { recursive: true });
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({
        workspace,
        inputs: { command: 'build', 'project-dir': 'jaffle_shop' },
        serviceEnv: server.env(),
        runId: server.run.runId,
        extraEnv: { HOME: mkdtempSync(join(tmpdir(), 'home-')) },
      });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(run.outputs.status, 'error');
      const failure = run.commands.find((c) => c.command === 'error');
      assert.ok(failure, run.stdout);
      assert.match(failure.message, /^Input 'profiles-dir': no profiles\.yml found/);
      assert.match(run.summary, /^## dbt-orchestrator: nothing ran/m);
      assert.match(run.summary, /Input 'profiles-dir': no profiles\.yml found: .*pass its folder with the input `profiles-dir`/s);
      assertExampleProfile(run.summary);
      assertNothingStarted(join(workspace, 'jaffle_shop'));
      assert.deepEqual(server.cacheEntries(), [], 'nothing may be saved to the cache');
    } finally {
      await server.close();
    }
  });

  it('bundled action: any bad input still writes a job summary naming the input', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    cpSync(copyExample(undefined, { parsed: false }), join(workspace, 'jaffle_shop'), { recursive: true });
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({
        workspace,
        inputs: { command: 'build', 'project-dir': 'jaffle_shop', 'profiles-dir': 'jaffle_shop', threads: 'many' },
        serviceEnv: server.env(),
        runId: server.run.runId,
      });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(run.outputs.status, 'error');
      assert.match(run.summary, /nothing ran[\s\S]*Input 'threads': /);
    } finally {
      await server.close();
    }
  });
});

describe('bundled action: the whole profiles.yml from a secret in DBT_PROFILES_YML', () => {
  it('builds with it, never writes it into the workspace or the logs, and removes it when the step ends', async () => {
    const { project, profiles } = projectWithoutProfiles();
    const marker = `planted-${Date.now()}-secret`;
    // An unused output carries a planted value: it must appear nowhere the step leaves behind.
    const content = `${readFileSync(join(profiles, 'profiles.yml'), 'utf8')}    unused:\n      type: duckdb\n      path: /nonexistent/${marker}.duckdb\n`;
    const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    cpSync(project, join(workspace, 'jaffle_shop'), { recursive: true });
    const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({
        workspace,
        inputs: { command: 'build', 'project-dir': 'jaffle_shop', threads: '4' },
        serviceEnv: server.env(),
        runId: server.run.runId,
        extraEnv: { HOME: mkdtempSync(join(tmpdir(), 'home-')), RUNNER_TEMP: runnerTemp, DBT_PROFILES_YML: content },
      });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal(run.outputs.status, 'success');
      assert.ok(Number(run.outputs.built) > 0);
      assert.match(run.stdout, /profiles\.yml written from DBT_PROFILES_YML/);
      for (const text of [run.stdout, run.stderr, run.summary]) assert.ok(!text.includes(marker), 'the secret profile reached the log or the summary');
      for (const file of filesUnder(workspace)) assert.ok(!readFileSync(file).includes(marker), `the secret profile reached ${file}`);
      assert.deepEqual(readdirSync(runnerTemp).filter((f) => f.startsWith('dbt-orchestrator-profiles-')), [], 'the written profiles.yml was not removed');
    } finally {
      await server.close();
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('profiles.yml found where dbt finds it (no false alarm)', () => {
  it('in ~/.dbt, without --profiles-dir', async () => {
    const { project, profiles } = projectWithoutProfiles();
    const env = emptyHomeEnv();
    mkdirSync(join(env.HOME!, '.dbt'));
    copyFileSync(join(profiles, 'profiles.yml'), join(env.HOME!, '.dbt', 'profiles.yml'));
    const run = await cli(['plan', '--project-dir', project, '--dbt', DBT], env, project);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^run +model customers +no previous result$/m);
  });

  it('in the project folder, without --profiles-dir', async () => {
    const project = copyExample();
    const run = await cli(['plan', '--project-dir', project, '--dbt', DBT], emptyHomeEnv(), project);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  it('in DBT_PROFILES_DIR, relative to the project folder as dbt resolves it', async () => {
    const { project, profiles } = projectWithoutProfiles();
    mkdirSync(join(project, 'ci'));
    copyFileSync(join(profiles, 'profiles.yml'), join(project, 'ci', 'profiles.yml'));
    const run = await cli(['plan', '--project-dir', project, '--dbt', DBT], emptyHomeEnv({ DBT_PROFILES_DIR: 'ci' }), mkdtempSync(join(tmpdir(), 'cwd-')));
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });
});
