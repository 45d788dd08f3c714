// Finding the production state (PR check / slim CI) with the REAL @octokit/rest client against the loopback
// fake of the GitHub REST API (test/helpers/fake-github-api.ts).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import { Octokit } from '@octokit/rest';

import { ActionInputError } from '../src/github/inputs.js';
import {
  type FetchStateOptions,
  type StateResult,
  StateInputError,
  createOctokit,
  fetchProductionState,
  parseStateFrom,
  parseStateMissing,
  redact,
} from '../src/github/production-state.js';
import { speedUpClientRetries } from './helpers/fake-actions-server.js';
import { type FakeGitHubApi, type RunSpec, pointActionsClientsAtFakes, startFakeGitHubApi, writeZip } from './helpers/fake-github-api.js';
import { readZip } from './helpers/zip.js';

const root = mkdtempSync(join(tmpdir(), 'prod-state-test-'));
let counter = 0;
let api: FakeGitHubApi;

function freshDir(name: string): string {
  const dir = join(root, `${name}-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function manifest(tag: string): string {
  return JSON.stringify({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', tag }, nodes: {} });
}

/** The artifact as run-action uploads it: paths relative to the dbt project dir. */
function stateArtifact(tag: string, extra: Partial<RunSpec['artifacts'] extends (infer A)[] | undefined ? A : never> = {}) {
  return {
    name: 'dbt-orchestrator',
    files: {
      'target/manifest.json': manifest(tag),
      'target/run_results.json': JSON.stringify({ tag }),
      'target/orchestrator.json': JSON.stringify({ tag, nodes: [] }),
      'logs/dbt-orchestrator.log': `log of ${tag}\n`,
      'logs/dbt.log': `dbt log of ${tag}\n`,
    },
    ...extra,
  };
}

function sha(n: number): string {
  return n.toString(16).padStart(2, '0').repeat(20);
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function octokit(token = api.token): Octokit {
  return new Octokit({ auth: token, baseUrl: api.url, log: quiet });
}

async function fetchState(overrides: Partial<FetchStateOptions> = {}, logs: string[] = []): Promise<StateResult> {
  return fetchProductionState({
    octokit: octokit(),
    owner: api.owner,
    repo: api.repo,
    stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
    artifactName: 'dbt-orchestrator',
    token: api.token,
    destDir: freshDir('state'),
    tempDir: root,
    log: (line) => logs.push(line),
    ...overrides,
  });
}

function tagIn(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { metadata: { tag: string } }).metadata.tag;
}

function assertNotOk(result: StateResult, ...patterns: RegExp[]): string {
  assert.equal(result.ok, false, `expected ok:false, got ${JSON.stringify(result)}`);
  const reason = (result as { reason: string }).reason;
  for (const p of patterns) assert.match(reason, p);
  assert.ok(!reason.includes(api.token), 'the token must not appear in the reason');
  return reason;
}

const savedApiUrl = process.env.GITHUB_API_URL;

/** @actions/artifact's pause after a failed blob download (node_modules/@actions/artifact/lib/internal/download/download-artifact.js). */
const ARTIFACT_BLOB_RETRY_PAUSE_MS = 5000;

before(async () => {
  // The download (@actions/artifact) reaches every fake of this file through one front door.
  await pointActionsClientsAtFakes();
  api = await startFakeGitHubApi();
});

afterEach(() => {
  api.clearFailures();
});

after(async () => {
  if (savedApiUrl === undefined) delete process.env.GITHUB_API_URL;
  else process.env.GITHUB_API_URL = savedApiUrl;
  await api.close();
  rmSync(root, { recursive: true, force: true });
});

describe('parseStateFrom', () => {
  it('accepts production, path:<dir> and artifact:<run-id>', () => {
    assert.deepEqual(parseStateFrom('production', 'dbt-prod.yml'), { kind: 'production', workflow: 'dbt-prod.yml' });
    assert.deepEqual(parseStateFrom(' Production ', '.github/workflows/dbt-prod.yaml'), { kind: 'production', workflow: 'dbt-prod.yaml' });
    assert.deepEqual(parseStateFrom('production', '1234'), { kind: 'production', workflow: '1234' });
    assert.deepEqual(parseStateFrom('path:prod-state/', ''), { kind: 'path', dir: 'prod-state/' });
    assert.deepEqual(parseStateFrom('artifact:12345678901', ''), { kind: 'artifact', runId: 12345678901 });
  });

  it('rejects production without a workflow file, naming both inputs', () => {
    let error: unknown;
    try {
      parseStateFrom('production', '');
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof StateInputError && error instanceof ActionInputError);
    assert.equal(error.input, 'state-from');
    assert.match(error.message, /^Input 'state-from': 'production' needs the production workflow: set 'production-workflow' to its file name/);
    assert.throws(() => parseStateFrom('production', 'dbt production'), (e: unknown) => e instanceof StateInputError && e.input === 'production-workflow' && /file name/.test(e.message));
  });

  it('rejects anything else with the accepted forms', () => {
    for (const bad of ['', 'prod', 'path:', 'artifact:', 'artifact:abc', 'artifact:-3', 'artifact:0', 's3://bucket']) {
      assert.throws(
        () => parseStateFrom(bad, 'dbt-prod.yml'),
        (e: unknown) => e instanceof StateInputError && e.input === 'state-from' && /Input 'state-from'/.test(e.message),
        bad,
      );
    }
    assert.throws(() => parseStateFrom('prod', 'x.yml'), /'production', 'path:<dir>' or 'artifact:<run-id>'/);
  });
});

describe('parseStateMissing', () => {
  it('defaults to build-all and accepts fail and skip', () => {
    assert.equal(parseStateMissing(''), 'build-all');
    assert.equal(parseStateMissing('build-all'), 'build-all');
    assert.equal(parseStateMissing(' FAIL '), 'fail');
    assert.equal(parseStateMissing('skip'), 'skip');
  });
  it('rejects others, listing the choices', () => {
    assert.throws(() => parseStateMissing('ignore'), (e: unknown) => e instanceof StateInputError && e.input === 'state-missing' && /'build-all', 'fail', 'skip'/.test(e.message));
  });
});

describe('fetchProductionState: production', () => {
  let expected: { id: number; runNumber: number; htmlUrl: string };

  before(() => {
    api.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(1), artifacts: [stateArtifact('old-success')] });
    const good = api.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(2), artifacts: [stateArtifact('newest-success')] });
    expected = good;
    api.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'failure', headSha: sha(3), artifacts: [stateArtifact('failed')] });
    api.addRun({ workflow: 'dbt-prod.yml', branch: 'feature/x', conclusion: 'success', headSha: sha(4), artifacts: [stateArtifact('other-branch')] });
    api.addRun({ workflow: 'other.yml', branch: 'main', conclusion: 'success', headSha: sha(5), artifacts: [stateArtifact('other-workflow')] });
    api.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(6), event: 'pull_request', headRepository: 'mallory/analytics', artifacts: [stateArtifact('fork-pr')] });
    api.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: null, headSha: sha(7), artifacts: [stateArtifact('in-progress')] });
    api.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: null, status: 'queued', headSha: sha(8) });
  });

  it('picks the newest successful run on the default branch and places the state files in destDir', async () => {
    const destDir = join(freshDir('dest'), 'nested', 'state');
    const logs: string[] = [];
    const result = await fetchState({ destDir }, logs);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.dir, destDir);
    assert.equal(result.source, `run #${expected.runNumber} of dbt-prod.yml on main (${sha(2).slice(0, 7)})`);
    assert.equal(result.runId, expected.id);
    assert.equal(result.runUrl, expected.htmlUrl);
    assert.deepEqual(result.files, ['manifest.json', 'orchestrator.json', 'run_results.json']);
    assert.equal(tagIn(destDir), 'newest-success');
    assert.deepEqual(JSON.parse(readFileSync(join(destDir, 'orchestrator.json'), 'utf8')), { tag: 'newest-success', nodes: [] });
    assert.deepEqual(readdirSync(destDir).sort(), ['manifest.json', 'orchestrator.json', 'run_results.json'], 'no logs, no target/ subdir, no temp files');
    assert.deepEqual(
      readdirSync(root).filter((n) => n.startsWith('dbt-orchestrator-state-')),
      [],
      'the temp download dir is removed',
    );
    assert.match(logs.join('\n'), /artifact 'dbt-orchestrator' \(.*\) of run #\d+ of dbt-prod\.yml on main/);

    // The calls, in order; the blob GET carries no credentials.
    const calls = api.requests.slice(-5).map((r) => `${r.route} ${r.status} ${r.auth}`);
    assert.deepEqual(calls, [
      'repos.get 200 token',
      'actions.listWorkflowRuns 200 token',
      'actions.listWorkflowRunArtifacts 200 token',
      'actions.downloadArtifact 302 token',
      'blob 200 none',
    ]);
    const runsQuery = new URL(api.requestsTo('actions.listWorkflowRuns').at(-1)!.path, 'http://x').searchParams;
    assert.equal(runsQuery.get('branch'), 'main');
    assert.equal(runsQuery.get('status'), 'success');
  });

  it('follows the default branch and removes stale state files from destDir', async () => {
    api.setDefaultBranch('trunk');
    try {
      const destDir = freshDir('dest');
      writeFileSync(join(destDir, 'sources.json'), '{"stale": true}');
      writeFileSync(join(destDir, 'orchestrator.json'), '{"stale": true}');
      api.addRun({
        workflow: 'dbt-prod.yml',
        branch: 'trunk',
        conclusion: 'success',
        headSha: sha(9),
        artifacts: [{ name: 'dbt-orchestrator', files: { 'target/manifest.json': manifest('trunk') }, method: 'store' }],
      });
      const logs: string[] = [];
      const result = await fetchState({ destDir }, logs);
      assert.ok(result.ok, JSON.stringify(result));
      assert.match(result.source, / on trunk \(0909090\)$/);
      assert.equal(tagIn(destDir), 'trunk');
      assert.deepEqual(readdirSync(destDir), ['manifest.json']);
      assert.match(logs.join('\n'), /no orchestrator\.json/);
    } finally {
      api.setDefaultBranch('main');
    }
  });

  it('finds manifest.json under a custom target path', async () => {
    const local = await startFakeGitHubApi();
    try {
      local.addRun({
        workflow: 'dbt-prod.yml',
        branch: 'main',
        conclusion: 'success',
        headSha: sha(10),
        artifacts: [{ name: 'dbt-orchestrator', files: { 'build/manifest.json': manifest('custom'), 'build/orchestrator.json': '{"nodes": []}', 'logs/dbt.log': '' } }],
      });
      const destDir = freshDir('dest');
      const result = await fetchProductionState({
        octokit: new Octokit({ auth: local.token, baseUrl: local.url, log: quiet }),
        owner: local.owner,
        repo: local.repo,
        stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
        artifactName: 'dbt-orchestrator',
        token: local.token,
        destDir,
      });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(tagIn(destDir), 'custom');
    } finally {
      await local.close();
    }
  });

  it('skips newer successful runs without the artifact, saying so', async () => {
    const local = await startFakeGitHubApi({ defaultBranch: 'main' });
    try {
      const older = local.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(11), artifacts: [stateArtifact('older')] });
      local.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(12), artifacts: [{ name: 'something-else', files: { 'a.txt': 'a' } }] });
      const logs: string[] = [];
      const destDir = freshDir('dest');
      const result = await fetchProductionState({
        octokit: createOctokit(local.token, `${local.url}/`),
        owner: local.owner,
        repo: local.repo,
        stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
        artifactName: 'dbt-orchestrator',
        token: local.token,
        destDir,
        log: (l) => logs.push(l),
      });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.runId, older.id);
      assert.equal(tagIn(destDir), 'older');
      assert.match(logs.join('\n'), /newer run\(s\) #2 of dbt-prod\.yml have no artifact 'dbt-orchestrator'; using run #1/);

      const none = await fetchProductionState({
        octokit: createOctokit(local.token, local.url),
        owner: local.owner,
        repo: local.repo,
        stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
        artifactName: 'dbt-prod-state',
        token: local.token,
        destDir: freshDir('dest'),
      });
      assertNotOk(none, /none of the 2 newest successful runs of dbt-prod\.yml on main .* has an artifact named 'dbt-prod-state'/);
    } finally {
      await local.close();
    }
  });

  it('an expired artifact is ok:false with the date', async () => {
    const local = await startFakeGitHubApi();
    try {
      local.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(13), artifacts: [stateArtifact('older')] });
      local.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(14), artifacts: [stateArtifact('expired', { expired: true })] });
      const result = await fetchProductionState({
        octokit: new Octokit({ auth: local.token, baseUrl: local.url, log: quiet }),
        owner: local.owner,
        repo: local.repo,
        stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
        artifactName: 'dbt-orchestrator',
        token: local.token,
        destDir: freshDir('dest'),
      });
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, /^artifact 'dbt-orchestrator' of run #2 of dbt-prod\.yml on main \(0e0e0e0\) expired on \d{4}-\d\d-\d\d; re-run/);
      assert.equal(local.requestsTo('actions.downloadArtifact').length, 0);
    } finally {
      await local.close();
    }
  });

  it('an artifact that expires between listing and download (410) is ok:false, expired', async () => {
    api.fail('actions.downloadArtifact', 410, 'Artifact has expired', { times: 1 });
    assertNotOk(await fetchState(), /^artifact 'dbt-orchestrator' of run #\d+ of dbt-prod\.yml on main \(0202020\) expired/);
  });

  it('no successful run → ok:false', async () => {
    const local = await startFakeGitHubApi();
    try {
      local.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'failure', headSha: sha(15), artifacts: [stateArtifact('failed')] });
      local.addRun({ workflow: 'dbt-prod.yml', branch: 'dev', conclusion: 'success', headSha: sha(16), artifacts: [stateArtifact('dev')] });
      const result = await fetchProductionState({
        octokit: new Octokit({ auth: local.token, baseUrl: local.url, log: quiet }),
        owner: local.owner,
        repo: local.repo,
        stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
        artifactName: 'dbt-orchestrator',
        token: local.token,
        destDir: freshDir('dest'),
      });
      assert.deepEqual(result, { ok: false, reason: 'no successful run of dbt-prod.yml on main yet' });
    } finally {
      await local.close();
    }
  });

  it('an unknown workflow → ok:false naming production-workflow', async () => {
    assertNotOk(
      await fetchState({ stateFrom: { kind: 'production', workflow: 'dbt-prd.yml' } }),
      /workflow 'dbt-prd\.yml' not found in acme\/analytics; check 'production-workflow'.*GitHub API error 404: Not Found/,
    );
  });

  it('403 → ok:false naming the permission', async () => {
    api.fail('actions.listWorkflowRunArtifacts', 403);
    const reason = assertNotOk(await fetchState(), /GitHub API error 403: Resource not accessible by integration/, /permission/, /actions: read/);
    assert.match(reason, /^listing the artifacts of run #\d+ of dbt-prod\.yml/);
    api.fail('repos.get', 403);
    assertNotOk(await fetchState(), /^reading repository acme\/analytics: GitHub API error 403/, /permission/);
  });

  it('403 from the rate limiter says so', async () => {
    // A GitHub rate-limit 403 carries x-ratelimit-remaining: 0; the fake's failures keep 4999, so this
    // only checks that a plain 403 is not mistaken for one.
    api.fail('actions.listWorkflowRuns', 403, 'Resource not accessible by integration', { times: 1 });
    const reason = assertNotOk(await fetchState(), /403/);
    assert.doesNotMatch(reason, /rate limit/);
  });

  it('500 and dropped connections → ok:false', async () => {
    api.fail('actions.listWorkflowRuns', 500);
    assertNotOk(await fetchState(), /^listing runs of dbt-prod\.yml: GitHub API error 500: Server Error$/);
    api.clearFailures();
    api.fail('repos.get', 'drop');
    assertNotOk(await fetchState(), /^reading repository acme\/analytics: could not reach the GitHub API: /);
  });

  it('a request that gets no answer in time → ok:false', async () => {
    api.slow('actions.listWorkflowRuns', 1500);
    assertNotOk(await fetchState({ requestTimeoutMs: 300 }), /^listing runs of dbt-prod\.yml: the GitHub API did not answer within 300 ms$/);
  });

  it('an unreachable API → ok:false', async () => {
    const local = await startFakeGitHubApi();
    await local.close();
    const result = await fetchProductionState({
      octokit: new Octokit({ auth: 'ghp_secret_token_value_1234', baseUrl: local.url, log: quiet }),
      owner: 'acme',
      repo: 'analytics',
      stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
      artifactName: 'dbt-orchestrator',
      token: 'ghp_secret_token_value_1234',
      destDir: freshDir('dest'),
    });
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /could not reach the GitHub API: .*ECONNREFUSED/);
  });

  it('bad credentials → ok:false, and the token never appears', async () => {
    const wrong = 'ghp_this_is_not_the_right_token_000';
    const result = await fetchState({ octokit: octokit(wrong), token: wrong });
    assert.equal(result.ok, false);
    const reason = (result as { reason: string }).reason;
    assert.match(reason, /GitHub API error 401: Bad credentials \(the token was rejected; check the 'github-token' input\)/);
    assert.ok(!reason.includes(wrong));
    assert.equal(api.requests.at(-1)!.status, 401);
    assert.equal(redact(`a ${wrong} b`, wrong), 'a *** b');
  });

  // @actions/artifact tries the blob 5 times, pausing 5 s after each failed try, and then says only that it
  // failed (the HTTP status or socket error of each try goes to its debug log). The pause is a fixed
  // `setTimeout(resolve, 5000)` in its download-artifact.js with no option or env to change it, so this spec
  // scales exactly that delay to 5 ms (speedUpClientRetries); the tries, their requests to the loopback fake
  // and the final error are the real client's own (unscaled, the two downloads wait 50 s).
  it('a blob storage failure → ok:false without the signed URL, after the client retried', async () => {
    const restoreTimers = speedUpClientRetries({ factor: 1000, minDelayMs: ARTIFACT_BLOB_RETRY_PAUSE_MS, maxDelayMs: ARTIFACT_BLOB_RETRY_PAUSE_MS });
    try {
      api.fail('blob', 500);
      const tries = api.requestsTo('blob').length;
      const reason = assertNotOk(
        await fetchState(),
        /^could not download artifact 'dbt-orchestrator' of run #\d+ of dbt-prod\.yml on main \(0202020\): Unable to download and extract artifact: Artifact download failed after 5 retries\.$/,
      );
      assert.doesNotMatch(reason, /_blob|sig/);
      assert.deepEqual(api.requestsTo('blob').slice(tries).map((r) => r.status), [500, 500, 500, 500, 500]);
      api.fail('blob', 'drop');
      assertNotOk(await fetchState(), /^could not download artifact 'dbt-orchestrator' .*: Unable to download and extract artifact: Artifact download failed after 5 retries\.$/);
    } finally {
      restoreTimers();
    }
  });

  it('an artifact without manifest.json → ok:false', async () => {
    const local = await startFakeGitHubApi();
    try {
      local.addRun({ workflow: 'dbt-prod.yml', branch: 'main', conclusion: 'success', headSha: sha(17), artifacts: [{ name: 'dbt-orchestrator', files: { 'logs/dbt.log': 'x' } }] });
      const result = await fetchProductionState({
        octokit: new Octokit({ auth: local.token, baseUrl: local.url, log: quiet }),
        owner: local.owner,
        repo: local.repo,
        stateFrom: { kind: 'production', workflow: 'dbt-prod.yml' },
        artifactName: 'dbt-orchestrator',
        token: local.token,
        destDir: freshDir('dest'),
      });
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, /has no manifest\.json/);
    } finally {
      await local.close();
    }
  });

  it('uses a custom download when given', async () => {
    const calls: [number, number][] = [];
    const result = await fetchState({
      download: async (artifactId, runId, dir) => {
        calls.push([artifactId, runId]);
        mkdirSync(join(dir, 'target'));
        writeFileSync(join(dir, 'target', 'manifest.json'), manifest('custom-download'));
      },
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(calls.length, 1);
    assert.equal(calls[0]![1], expected.id);
    assert.equal(tagIn(result.dir), 'custom-download');

    const failing = await fetchState({
      download: async () => {
        throw new Error('disk full');
      },
    });
    assertNotOk(failing, /^could not download artifact 'dbt-orchestrator' of run #\d+ of dbt-prod\.yml on main \(0202020\): disk full$/);
  });
});

describe('fetchProductionState: artifact:<run-id>', () => {
  it('takes that run, whatever its branch or conclusion', async () => {
    const run = api.addRun({ workflow: 'dbt-ci.yml', branch: 'feature/y', conclusion: 'failure', headSha: sha(20), artifacts: [stateArtifact('chosen')] });
    const destDir = freshDir('dest');
    const result = await fetchState({ stateFrom: { kind: 'artifact', runId: run.id }, destDir });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.source, `run #1 of dbt-ci.yml on feature/y (${sha(20).slice(0, 7)})`);
    assert.equal(result.runId, run.id);
    assert.equal(tagIn(destDir), 'chosen');
    assert.equal(api.requestsTo('actions.getWorkflowRun').at(-1)!.status, 200);
  });

  it('an unknown run or a run without the artifact → ok:false', async () => {
    assertNotOk(await fetchState({ stateFrom: { kind: 'artifact', runId: 999 } }), /^reading workflow run 999: GitHub API error 404: Not Found$/);
    const run = api.addRun({ workflow: 'dbt-ci.yml', branch: 'main', conclusion: 'success', headSha: sha(21) });
    assertNotOk(await fetchState({ stateFrom: { kind: 'artifact', runId: run.id } }), /^run #\d+ of dbt-ci\.yml on main \(1515151\) has no artifact named 'dbt-orchestrator'$/);
  });
});

describe('fetchProductionState: path:<dir>', () => {
  it('copies the state files from an existing dir', async () => {
    const workspace = freshDir('ws');
    mkdirSync(join(workspace, 'prod-state'));
    writeFileSync(join(workspace, 'prod-state', 'manifest.json'), manifest('from-path'));
    writeFileSync(join(workspace, 'prod-state', 'orchestrator.json'), '{"nodes": []}');
    const destDir = freshDir('dest');
    const result = await fetchState({ stateFrom: { kind: 'path', dir: 'prod-state' }, workspace, destDir });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.source, 'path prod-state');
    assert.equal(result.dir, destDir);
    assert.deepEqual(result.files, ['manifest.json', 'orchestrator.json']);
    assert.equal(tagIn(destDir), 'from-path');
  });

  it('a dir without manifest.json → ok:false (with a hint when it is a project dir)', async () => {
    const workspace = freshDir('ws');
    assertNotOk(await fetchState({ stateFrom: { kind: 'path', dir: 'nowhere' }, workspace }), /^no manifest\.json in nowhere$/);
    mkdirSync(join(workspace, 'proj', 'target'), { recursive: true });
    writeFileSync(join(workspace, 'proj', 'target', 'manifest.json'), '{}');
    assertNotOk(await fetchState({ stateFrom: { kind: 'path', dir: 'proj' }, workspace }), /no manifest\.json in proj \(there is one in proj\/target/);
  });
});

describe('fake GitHub API fidelity', () => {
  it('zips written by the fake read back (stored and deflated)', () => {
    for (const method of ['store', 'deflate'] as const) {
      const zip = writeZip({ 'a/b.txt': 'hello', 'c.bin': Buffer.from([0, 1, 2, 255]) }, method);
      const entries = readZip(zip);
      assert.equal(entries.get('a/b.txt')!.read().toString(), 'hello');
      assert.deepEqual([...entries.get('c.bin')!.read()], [0, 1, 2, 255]);
    }
  });

  it('the real @actions/artifact client downloads an artifact of another run from the fake', async () => {
    const run = api.addRun({ workflow: 'dbt-prod.yml', branch: 'release', conclusion: 'success', headSha: sha(30), artifacts: [stateArtifact('via-actions-artifact')] });
    // @actions/github reads GITHUB_API_URL when it is first imported: set it, then import.
    const saved = { api: process.env.GITHUB_API_URL, server: process.env.GITHUB_SERVER_URL };
    process.env.GITHUB_API_URL = api.url;
    delete process.env.GITHUB_SERVER_URL;
    const write = process.stdout.write;
    const out: string[] = [];
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const dir = freshDir('actions-artifact');
      await new DefaultArtifactClient().downloadArtifact(run.artifacts[0]!.id, {
        path: dir,
        findBy: { token: api.token, workflowRunId: run.id, repositoryOwner: api.owner, repositoryName: api.repo },
      });
      assert.equal(tagIn(join(dir, 'target')), 'via-actions-artifact');
      assert.ok(existsSync(join(dir, 'logs', 'dbt.log')));
    } finally {
      process.stdout.write = write;
      if (saved.api === undefined) delete process.env.GITHUB_API_URL;
      else process.env.GITHUB_API_URL = saved.api;
      if (saved.server !== undefined) process.env.GITHUB_SERVER_URL = saved.server;
    }
    assert.deepEqual(
      api.requests.slice(-2).map((r) => `${r.route} ${r.status} ${r.auth}`),
      ['actions.downloadArtifact 302 token', 'blob 200 none'],
    );
  });

  it('issue comments: create, list (paginated), update, delete, with GitHub shapes', async () => {
    const ok = octokit();
    const owner = api.owner;
    const repo = api.repo;
    api.addComment(7, 'a human comment');
    const created = await ok.rest.issues.createComment({ owner, repo, issue_number: 7, body: '<!-- dbt-orchestrator -->\nfirst' });
    assert.equal(created.status, 201);
    assert.equal(created.data.user?.login, 'github-actions[bot]');
    assert.equal(created.data.user?.type, 'Bot');
    assert.match(created.data.html_url, /\/pull\/7#issuecomment-\d+$/);
    for (let i = 0; i < 4; i++) await ok.rest.issues.createComment({ owner, repo, issue_number: 7, body: `filler ${i}` });
    await ok.rest.issues.createComment({ owner, repo, issue_number: 8, body: 'other PR' });

    const firstPage = await ok.rest.issues.listComments({ owner, repo, issue_number: 7, per_page: 2 });
    assert.equal(firstPage.data.length, 2);
    assert.match(firstPage.headers.link ?? '', /rel="next"/);
    const all = await ok.paginate(ok.rest.issues.listComments, { owner, repo, issue_number: 7, per_page: 2 });
    assert.deepEqual(
      all.map((c) => c.body),
      ['a human comment', '<!-- dbt-orchestrator -->\nfirst', 'filler 0', 'filler 1', 'filler 2', 'filler 3'],
    );

    const updated = await ok.rest.issues.updateComment({ owner, repo, comment_id: Number(created.data.id), body: '<!-- dbt-orchestrator -->\nsecond' });
    assert.equal(updated.data.body, '<!-- dbt-orchestrator -->\nsecond');
    assert.notEqual(updated.data.updated_at, created.data.updated_at);
    assert.equal(api.comments(7).find((c) => c.id === created.data.id)!.body, '<!-- dbt-orchestrator -->\nsecond');
    assert.equal(api.comments(8).length, 1);

    await assert.rejects(ok.rest.issues.updateComment({ owner, repo, comment_id: 1, body: 'x' }), (e: { status?: number }) => e.status === 404);
    const human = api.comments(7)[0]!;
    await assert.rejects(ok.rest.issues.updateComment({ owner, repo, comment_id: Number(human.id), body: 'x' }), (e: { status?: number }) => e.status === 403);
    await assert.rejects(ok.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: 7 } as never), (e: { status?: number }) => e.status === 422);

    api.fail('issues.createComment', 403, undefined, { times: 1 });
    await assert.rejects(ok.rest.issues.createComment({ owner, repo, issue_number: 7, body: 'x' }), (e: { status?: number; message?: string }) => e.status === 403 && /Resource not accessible by integration/.test(e.message ?? ''));
    await ok.rest.issues.deleteComment({ owner, repo, comment_id: Number(created.data.id) });
    assert.equal(api.comments(7).length, 5);
    await assert.rejects(octokit('nope').rest.issues.listComments({ owner, repo, issue_number: 7 }), (e: { status?: number }) => e.status === 401);
    await assert.rejects(new Octokit({ baseUrl: api.url, log: quiet }).rest.repos.get({ owner, repo }), (e: { status?: number }) => e.status === 401);
  });
});
