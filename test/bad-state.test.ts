// Bad state and bad environment are clear exit-2 errors before any SQL (CLI), or a missing state that
// `state-missing` decides about (action): a malformed orchestrator.json, an oversized production artifact,
// a ref cycle, a DuckDB file another process holds locked. Never a TypeError, a JS stack, or a run full of
// synthetic node errors.

import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Octokit } from '@octokit/rest';
import { fetchProductionState, type FetchStateOptions, type StateResult } from '../src/github/production-state.js';
import { runBundledAction } from './helpers/action.js';
import { startFakeActionsServer } from './helpers/fake-actions-server.js';
import { pointActionsClientsAtFakes, startFakeGitHubApi, writeZip, type ArtifactSpec, type FakeGitHubApi } from './helpers/fake-github-api.js';
import { readZip } from './helpers/zip.js';
import { parseStateReport } from '../src/plan/state-report.js';
import { copyExample, DBT, orchestrate, PYTHON } from './helpers/project.js';

const MANIFEST = JSON.stringify({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' }, nodes: {} });
const MIB = 1024 * 1024;

/** Nothing half-written: no database file, no store, no run results. */
function assertNothingRan(project: string, database = true): void {
  if (database) assert.equal(existsSync(join(project, 'jaffle_shop.duckdb')), false, 'the database was created: SQL ran');
  assert.equal(existsSync(join(project, '.dbt-orchestrator')), false, 'the store was touched');
  assert.equal(existsSync(join(project, 'target/run_results.json')), false, 'run results were written');
}

function noStack(text: string): void {
  assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, `a stack trace was printed:\n${text}`);
  assert.doesNotMatch(text, /TypeError|SyntaxError/);
}

describe('the orchestrator.json of another run is parsed at the door', () => {
  it('a typed report, or a reason naming what is wrong', () => {
    const good = parseStateReport(JSON.stringify({ nodes: [{ uniqueId: 'model.x.y', name: 'y', resourceType: 'model', inputs: [{ key: 'code', digest: 'd' }] }] }));
    assert.deepEqual(good, { ok: true, report: { nodes: [{ uniqueId: 'model.x.y', name: 'y', resourceType: 'model', inputs: [{ key: 'code', digest: 'd' }] }] } });
    for (const [text, reason] of [
      ['nope', /^orchestrator\.json is not valid JSON/],
      ['[]', /^orchestrator\.json is not a JSON object$/],
      ['{"run": {}}', /^orchestrator\.json has no "nodes" list/],
      ['{"nodes": [{"uniqueId": "model.x.y", "name": "y", "resourceType": "model"}]}', /^orchestrator\.json: nodes\[0\] \(model\.x\.y\) has no "inputs" list$/],
      ['{"nodes": [{"uniqueId": "model.x.y", "name": "y", "resourceType": "model", "inputs": [{"key": 1}]}]}', /has an input without "key" and "digest" strings/],
    ] as const) {
      const read = parseStateReport(text);
      assert.equal(read.ok, false, text);
      assert.match((read as { reason: string }).reason, reason);
    }
  });
});

describe('CLI: a --state folder whose orchestrator.json cannot be used', () => {
  let manifest: string;
  before(() => {
    // A real manifest: dbt reads the --state manifest while selecting.
    const project = copyExample();
    for (const command of ['deps', 'parse']) execFileSync(DBT, [command, '--project-dir', project, '--profiles-dir', project], { cwd: project, stdio: 'ignore' });
    manifest = readFileSync(join(project, 'target/manifest.json'), 'utf8');
  });

  for (const [label, content, message] of [
    ['lacks nodes', JSON.stringify({ run: {}, totals: {} }), /--state: .*orchestrator\.json has no "nodes" list/],
    ['is not JSON', '{"nodes": [', /--state: .*orchestrator\.json is not valid JSON/],
  ] as const) {
    it(`hash:modified with an orchestrator.json that ${label} is exit 2 before any SQL`, async () => {
      const project = copyExample();
      const state = mkdtempSync(join(tmpdir(), 'bad-state-'));
      writeFileSync(join(state, 'manifest.json'), manifest);
      writeFileSync(join(state, 'orchestrator.json'), content);
      const run = await orchestrate(project, ['build', '--select', 'hash:modified', '--state', state]);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /hash:modified needs the orchestrator\.json of a previous dbt-orchestrator run/);
      noStack(run.stderr);
      assertNothingRan(project);
    });
  }
});

describe('CLI: a --state manifest.json that is not a dbt manifest', () => {
  it('is exit 2 naming the file, before dbt starts', async () => {
    const project = copyExample();
    const state = mkdtempSync(join(tmpdir(), 'bad-manifest-'));
    writeFileSync(join(state, 'manifest.json'), '{"metadata": {');
    const truncated = await orchestrate(project, ['build', '--select', 'state:modified', '--state', state]);
    assert.equal(truncated.code, 2, truncated.stdout + truncated.stderr);
    assert.match(truncated.stderr, /--state: .*manifest\.json is not valid JSON .*; point --state at the target folder of a previous dbt run/);
    writeFileSync(join(state, 'manifest.json'), '{"metadata": {}}');
    const foreign = await orchestrate(project, ['build', '--select', 'state:modified', '--state', state]);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /--state: .*manifest\.json has no "nodes" mapping \(is it a dbt manifest\?\)/);
    noStack(truncated.stderr + foreign.stderr);
    assertNothingRan(project);
  });
});

describe('CLI: bad environment', () => {
  it('a ref cycle is exit 2 with the cycle named, before any SQL', async () => {
    const project = copyExample();
    writeFileSync(join(project, 'models/cyc_a.sql'), "select * from {{ ref('cyc_b') }}\n");
    writeFileSync(join(project, 'models/cyc_b.sql'), "select * from {{ ref('cyc_a') }}\n");
    const run = await orchestrate(project, ['build']);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /error: dbt project error: these nodes depend on each other in a cycle: model cyc_a -> model cyc_b -> model cyc_a/);
    noStack(run.stderr);
    assertNothingRan(project);
  });

  describe('a DuckDB file held by another process', () => {
    let holder: ChildProcess | undefined;
    after(() => {
      holder?.kill();
    });

    it('is exit 2 naming the lock, with no node run and the store untouched', async () => {
      const project = copyExample();
      const db = join(project, 'jaffle_shop.duckdb');
      // Another process opens the database read-write and keeps it open (DuckDB locks the file).
      holder = spawn(PYTHON, ['-c', 'import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print("locked", flush=True); time.sleep(120)', db], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        holder!.stdout!.once('data', () => resolve());
        holder!.once('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
      });
      const run = await orchestrate(project, ['build']);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, /error: target 'dev': the duckdb database is locked by another process \(.*Could not set lock on file.*\); stop that process/);
      assert.equal(run.stderr.trim().split('\n').length, 1, `one message, got:\n${run.stderr}`);
      assert.doesNotMatch(run.stdout, /START|ERROR|Done:/, 'no node was started');
      noStack(run.stderr);
      assertNothingRan(project, false);
    });
  });
});

describe('production state that cannot be used is a missing state, with the reason', () => {
  let api: FakeGitHubApi;
  const root = mkdtempSync(join(tmpdir(), 'bad-state-api-'));
  let n = 0;
  const savedApiUrl = process.env.GITHUB_API_URL;
  before(async () => {
    // The download (@actions/artifact) reaches the fake through the front door.
    await pointActionsClientsAtFakes();
    api = await startFakeGitHubApi();
  });
  after(async () => {
    if (savedApiUrl === undefined) delete process.env.GITHUB_API_URL;
    else process.env.GITHUB_API_URL = savedApiUrl;
    await api.close();
  });

  async function fetchWith(artifact: ArtifactSpec, overrides: Partial<FetchStateOptions> = {}): Promise<{ result: StateResult; destDir: string }> {
    const headSha = (++n).toString(16).padStart(2, '0').repeat(20);
    api.addRun({ workflow: `prod-${n}.yml`, branch: 'main', conclusion: 'success', headSha, artifacts: [artifact] });
    const destDir = join(root, `dest-${n}`);
    const result = await fetchProductionState({
      octokit: new Octokit({ auth: api.token, baseUrl: api.url, log: { debug() {}, info() {}, warn() {}, error() {} } }),
      owner: api.owner,
      repo: api.repo,
      stateFrom: { kind: 'production', workflow: `prod-${n}.yml` },
      artifactName: 'dbt-orchestrator',
      token: api.token,
      destDir,
      tempDir: root,
      ...overrides,
    });
    return { result, destDir };
  }

  function reasonOf(result: StateResult): string {
    assert.equal(result.ok, false, JSON.stringify(result));
    return (result as { reason: string }).reason;
  }

  it('an orchestrator.json without nodes, or not JSON → ok:false naming the file and the run', async () => {
    const noNodes = await fetchWith({ name: 'dbt-orchestrator', files: { 'target/manifest.json': MANIFEST, 'target/orchestrator.json': '{"run": {}}' } });
    assert.match(reasonOf(noNodes.result), /^orchestrator\.json in artifact 'dbt-orchestrator' of run #\d+ of prod-\d+\.yml on main \([0-9a-f]{7}\) has no "nodes" list/);
    const notJson = await fetchWith({ name: 'dbt-orchestrator', files: { 'target/manifest.json': MANIFEST, 'target/orchestrator.json': 'garbage' } });
    assert.match(reasonOf(notJson.result), /orchestrator\.json in artifact .* is not valid JSON/);
    const badManifest = await fetchWith({ name: 'dbt-orchestrator', files: { 'target/manifest.json': '{"metadata": {}' } });
    assert.match(reasonOf(badManifest.result), /manifest\.json in artifact .* is not valid JSON/);
  });

  it('a path:<dir> state with a malformed orchestrator.json → ok:false', async () => {
    const workspace = join(root, `ws-${++n}`);
    mkdirSync(join(workspace, 'prod'), { recursive: true });
    writeFileSync(join(workspace, 'prod', 'manifest.json'), MANIFEST);
    writeFileSync(join(workspace, 'prod', 'orchestrator.json'), '[]');
    const result = await fetchProductionState({
      octokit: new Octokit({ auth: api.token, baseUrl: api.url }),
      owner: api.owner,
      repo: api.repo,
      stateFrom: { kind: 'path', dir: 'prod' },
      artifactName: 'dbt-orchestrator',
      token: api.token,
      destDir: join(root, `dest-path-${n}`),
      workspace,
    });
    assert.match(reasonOf(result), /^orchestrator\.json in prod is not a JSON object$/);
  });

  it('a small zip that inflates past the limit (a zip bomb) → ok:false before reading it, nothing placed', async () => {
    // 8 MiB of one byte deflates to a few KiB.
    const bomb = Buffer.alloc(8 * MIB, 0x20);
    const { result, destDir } = await fetchWith(
      { name: 'dbt-orchestrator', files: { 'target/manifest.json': bomb } },
      { limits: { maxDownloadBytes: MIB, maxFileBytes: MIB } },
    );
    const reason = reasonOf(result);
    assert.match(reason, /target\/manifest\.json is 8\.0 MiB once inflated \(the limit is 1\.0 MiB; set DBT_ORCHESTRATOR_STATE_MAX_MIB to raise it\)/);
    assert.equal(existsSync(join(destDir, 'manifest.json')), false);
  });

  it('a zip whose directory understates the size is still refused by the size of the file it extracts to', async () => {
    const zip = writeZip({ 'target/manifest.json': Buffer.alloc(4 * MIB, 0x20) });
    // Rewrite the central directory's uncompressed size (offset 24 of the entry) to 10 bytes.
    const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(10, central + 24);
    assert.equal(readZip(zip).get('target/manifest.json')!.size, 10, 'the fixture lies');
    const { result, destDir } = await fetchWith({ name: 'dbt-orchestrator', files: {}, zip }, { limits: { maxDownloadBytes: MIB, maxFileBytes: MIB } });
    assert.match(reasonOf(result), /target\/manifest\.json is 4\.0 MiB once inflated \(the limit is 1\.0 MiB/);
    assert.equal(existsSync(join(destDir, 'manifest.json')), false);
  });

  it('an artifact larger than the download limit → ok:false without downloading it', async () => {
    const big = Buffer.alloc(2 * MIB);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24; // incompressible enough
    const before = api.requestsTo('blob').length;
    const { result } = await fetchWith({ name: 'dbt-orchestrator', method: 'store', files: { 'target/manifest.json': MANIFEST, 'logs/dbt.log': big } }, { limits: { maxDownloadBytes: MIB, maxFileBytes: MIB } });
    assert.match(reasonOf(result), /is 2\.0 MiB, too large to download as a state \(the limit is 1\.0 MiB/);
    assert.equal(api.requestsTo('blob').length, before, 'the blob was downloaded');
  });

  it('a state file above the limit is refused, whatever the listing said, and the download removed', async () => {
    const big = Buffer.alloc(2 * MIB, 1);
    const tempDir = mkdtempSync(join(root, 'dl-'));
    const { result, destDir } = await fetchWith(
      { name: 'dbt-orchestrator', method: 'store', files: { 'target/manifest.json': big }, listedSize: 1000 },
      { limits: { maxDownloadBytes: MIB, maxFileBytes: MIB }, tempDir },
    );
    assert.match(reasonOf(result), /target\/manifest\.json is 2\.0 MiB once inflated \(the limit is 1\.0 MiB/);
    assert.equal(existsSync(join(destDir, 'manifest.json')), false);
    assert.deepEqual(readdirSync(tempDir), []);
  });
});

describe('bundled action: a production state whose orchestrator.json is malformed follows state-missing', () => {
  it('fail stops before any SQL with the reason; build-all warns, builds everything and reports', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bad-prod-state-'));
    cpSync(copyExample(), join(workspace, 'jaffle_shop'), { recursive: true });
    const results = await startFakeActionsServer({ workspace });
    const api = await startFakeGitHubApi({ owner: 'octo', repo: 'jaffle' });
    api.addRun({
      workflow: 'dbt-prod.yml',
      branch: 'main',
      conclusion: 'success',
      headSha: 'c'.repeat(40),
      artifacts: [{ name: 'dbt-orchestrator', files: { 'target/manifest.json': MANIFEST, 'target/orchestrator.json': JSON.stringify({ run: {}, totals: {} }) } }],
    });
    try {
      const inputs = {
        command: 'build',
        'project-dir': 'jaffle_shop',
        'profiles-dir': 'jaffle_shop',
        select: 'hash:modified+',
        'state-from': 'production',
        'production-workflow': 'dbt-prod.yml',
        'github-token': api.token,
      };
      const env = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'octo/jaffle' };
      const failing = await runBundledAction({ workspace, inputs: { ...inputs, 'state-missing': 'fail' }, serviceEnv: results.env(), runId: results.run.runId, extraEnv: env });
      assert.notEqual(failing.code, 0);
      assert.equal(failing.outputs.status, 'error');
      assert.ok(failing.commands.some((c) => c.command === 'error' && /no production state: orchestrator\.json in artifact 'dbt-orchestrator' of run #1 of dbt-prod\.yml on main \(ccccccc\) has no "nodes" list.*\(state-missing: fail\)/.test(c.message)), failing.stdout);
      noStack(failing.stdout + failing.stderr);
      assert.equal(existsSync(join(workspace, 'jaffle_shop/jaffle_shop.duckdb')), false, 'SQL ran although the state was unusable');

      results.newRun();
      const all = await runBundledAction({ workspace, inputs, serviceEnv: results.env(), runId: results.run.runId, extraEnv: env });
      assert.equal(all.code, 0, all.stdout + all.stderr);
      assert.ok(all.commands.some((c) => c.command === 'warning' && /no production state \(orchestrator\.json in artifact .* has no "nodes" list.*\); building every selected node/.test(c.message)), all.stdout);
      assert.equal(all.outputs.status, 'success');
      assert.ok(Number(all.outputs.built) > 40, `built ${all.outputs.built}`);
      assert.match(all.summary, /built/i);
      noStack(all.stdout + all.stderr);
    } finally {
      await results.close();
      await api.close();
    }
  });
});
