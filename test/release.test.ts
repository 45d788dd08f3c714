// scripts/release.sh on a temporary clone of this repository pushing to a local bare repository (no network,
// no GitHub: --no-github-release, or --dry-run which only prints the `gh release create`). A release tags
// vX.Y.Z once and for all, moves the major tag, and refuses anything that would publish something else than
// the committed, built, pushed code. Also: one placeholder for the action's owner everywhere.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { REPO } from './helpers/project.js';

const OWNER_PLACEHOLDER = 'your-org';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

interface Sandbox {
  /** The clone the release runs in. */
  work: string;
  /** Its `origin`: a bare repository. */
  remote: string;
}

/** Remote tags as name → commit (annotated tags peeled). */
function remoteTags(remote: string): Record<string, string> {
  const out = git(remote, 'for-each-ref', '--format=%(refname:short) %(*objectname)%(objectname)', 'refs/tags');
  const tags: Record<string, string> = {};
  for (const line of out.split('\n').filter(Boolean)) {
    const [name, ids] = line.split(' ');
    tags[name!] = ids!.slice(0, 40);
  }
  return tags;
}

function release(box: Sandbox, ...args: string[]): { code: number | null; out: string } {
  const run = spawnSync('bash', [join(box.work, 'scripts/release.sh'), ...args], { cwd: box.work, encoding: 'utf8', env: { ...process.env, PATH: `${process.env.PATH}` } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Commit everything in the clone and push main. */
function commitAndPush(box: Sandbox, message: string): string {
  git(box.work, 'add', '-A');
  git(box.work, 'commit', '-q', '-m', message);
  git(box.work, 'push', '-q', 'origin', 'HEAD:main');
  return git(box.work, 'rev-parse', 'HEAD');
}

function setPackageVersion(work: string, version: string): void {
  const path = join(work, 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  pkg.version = version;
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** Replaces the owner placeholder everywhere, as the maintainers of a real repository do once. */
function setOwner(work: string, owner: string): void {
  const files = execFileSync('grep', ['-rlF', `${OWNER_PLACEHOLDER}/dbt-orchestrator-action`, 'README.md', 'workflows', '.github/workflows', 'package.json'], { cwd: work, encoding: 'utf8' });
  for (const file of files.split('\n').filter(Boolean)) {
    const path = join(work, file);
    writeFileSync(path, readFileSync(path, 'utf8').split(`${OWNER_PLACEHOLDER}/dbt-orchestrator-action`).join(`${owner}/dbt-orchestrator-action`));
  }
}

let template: Sandbox;

/**
 * The clone at the state a maintainer releases from: this branch's committed code, the real owner instead of
 * the placeholder, package.json at 1.0.0, dist/ rebuilt and committed, main pushed. Each test gets a copy.
 */
function prepareTemplate(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'release-'));
  const remote = join(root, 'remote.git');
  const work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', '--no-local', REPO, work);
  git(work, 'config', 'user.email', 'release-test@example.com');
  git(work, 'config', 'user.name', 'release test');
  git(work, 'config', 'commit.gpgsign', 'false');
  git(work, 'config', 'tag.gpgsign', 'false');
  git(work, 'remote', 'set-url', 'origin', remote);
  symlinkSync(join(REPO, 'node_modules'), join(work, 'node_modules'));
  appendFileSync(join(work, '.git/info/exclude'), 'node_modules\n');
  setOwner(work, 'acme');
  setPackageVersion(work, '1.0.0');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: work });
  const box = { work, remote };
  commitAndPush(box, 'release prep: owner, version 1.0.0, dist');
  return box;
}

function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'release-'));
  const box = { work: join(root, 'work'), remote: join(root, 'remote.git') };
  cpSync(template.remote, box.remote, { recursive: true });
  cpSync(template.work, box.work, { recursive: true, verbatimSymlinks: true });
  git(box.work, 'remote', 'set-url', 'origin', box.remote);
  return box;
}

const REPO_ARG = ['--repo', 'acme/dbt-orchestrator-action'];

describe('scripts/release.sh', () => {
  before(() => {
    template = prepareTemplate();
  });

  it('--dry-run checks, builds, packs and prints the tag, push and release commands; nothing is tagged or pushed', () => {
    const box = sandbox();
    const head = git(box.work, 'rev-parse', 'HEAD');
    const run = release(box, '--dry-run', ...REPO_ARG, 'v1.0.0');
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /dist\/ matches a fresh build/);
    assert.match(run.out, new RegExp(`would run: git tag --annotate v1\\.0\\.0 --message v1\\.0\\.0 ${head}`));
    assert.match(run.out, new RegExp(`would run: git tag --force --annotate v1 .* ${head}`));
    assert.match(run.out, /would run: git push --atomic origin refs\/tags\/v1\.0\.0 \+refs\/tags\/v1\n/);
    assert.match(run.out, /would run: gh release create v1\.0\.0 \S+dbt-orchestrator-action-1\.0\.0\.tgz --repo acme\/dbt-orchestrator-action --verify-tag/);
    const tarball = /packed (\S+\.tgz)/.exec(run.out)?.[1];
    assert.ok(tarball && existsSync(tarball), run.out);
    assert.match(execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }), /^package\/dist\/cli\.js$/m);
    assert.match(execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }), /^package\/dist\/dbt_bridge\/__main__\.py$/m);
    assert.equal(git(box.work, 'tag', '--list'), '');
    assert.deepEqual(remoteTags(box.remote), {});
    assert.equal(git(box.work, 'status', '--porcelain'), '');
  });

  it('a release pushes vX.Y.Z and the major tag to the same commit; the next release moves only the major tag', () => {
    const box = sandbox();
    const first = git(box.work, 'rev-parse', 'HEAD');
    const run = release(box, '--no-github-release', ...REPO_ARG, 'v1.0.0');
    assert.equal(run.code, 0, run.out);
    assert.deepEqual(remoteTags(box.remote), { v1: first, 'v1.0.0': first });

    setPackageVersion(box.work, '1.0.1');
    const second = commitAndPush(box, 'version 1.0.1');
    const next = release(box, '--no-github-release', ...REPO_ARG, 'v1.0.1');
    assert.equal(next.code, 0, next.out);
    assert.deepEqual(remoteTags(box.remote), { v1: second, 'v1.0.0': first, 'v1.0.1': second });
  });

  it('refuses to tag a version again, or one older than the latest release', () => {
    const box = sandbox();
    assert.equal(release(box, '--no-github-release', ...REPO_ARG, 'v1.0.0').code, 0);
    const tags = remoteTags(box.remote);
    const again = release(box, '--no-github-release', ...REPO_ARG, 'v1.0.0');
    assert.notEqual(again.code, 0);
    assert.match(again.out, /v1\.0\.0 is already tagged: a release tag is never moved/);
    setPackageVersion(box.work, '0.9.0');
    commitAndPush(box, 'version 0.9.0');
    const older = release(box, '--no-github-release', ...REPO_ARG, 'v0.9.0');
    assert.notEqual(older.code, 0);
    assert.match(older.out, /v0\.9\.0 is not newer than the latest release v1\.0\.0/);
    assert.deepEqual(remoteTags(box.remote), tags);
  });

  it('refuses a version package.json does not carry (the CLI prints that version)', () => {
    const box = sandbox();
    const run = release(box, '--no-github-release', ...REPO_ARG, 'v1.1.0');
    assert.notEqual(run.code, 0);
    assert.match(run.out, /package\.json has version 1\.0\.0, not 1\.1\.0/);
    assert.deepEqual(remoteTags(box.remote), {});
  });

  it('refuses a committed dist/ that is not what the source builds, and leaves the tree clean', () => {
    const box = sandbox();
    const cli = join(box.work, 'src/cli.ts');
    const source = readFileSync(cli, 'utf8');
    const changed = source.replace("description('Run a dbt project node by node", "description('Changed after the last build: run a dbt project node by node");
    assert.notEqual(changed, source);
    writeFileSync(cli, changed);
    commitAndPush(box, 'source changed, dist not rebuilt');
    const run = release(box, '--no-github-release', ...REPO_ARG, 'v1.0.0');
    assert.notEqual(run.code, 0);
    assert.match(run.out, /the committed dist\/ is not what the source builds/);
    assert.equal(git(box.work, 'status', '--porcelain'), '');
    assert.deepEqual(remoteTags(box.remote), {});
  });

  it('refuses uncommitted changes and commits that are not pushed to main', () => {
    const box = sandbox();
    writeFileSync(join(box.work, 'notes.txt'), 'uncommitted\n');
    const dirty = release(box, '--no-github-release', ...REPO_ARG, 'v1.0.0');
    assert.notEqual(dirty.code, 0);
    assert.match(dirty.out, /the working tree is not clean/);
    git(box.work, 'add', 'notes.txt');
    git(box.work, 'commit', '-q', '-m', 'local only');
    const unpushed = release(box, '--no-github-release', ...REPO_ARG, 'v1.0.0');
    assert.notEqual(unpushed.code, 0);
    assert.match(unpushed.out, /is not on origin\/main: release only what is merged and pushed/);
    assert.deepEqual(remoteTags(box.remote), {});
  });

  it('refuses while the owner placeholder is still there, and shows the command that replaces it', () => {
    const box = sandbox();
    const readme = join(box.work, 'README.md');
    writeFileSync(readme, `${readFileSync(readme, 'utf8')}\n- uses: ${OWNER_PLACEHOLDER}/dbt-orchestrator-action@v1\n`);
    commitAndPush(box, 'placeholder back');
    const run = release(box, '--no-github-release', ...REPO_ARG, 'v1.0.0');
    assert.notEqual(run.code, 0);
    assert.match(run.out, /the placeholder 'your-org\/dbt-orchestrator-action' is still in the repository[\s\S]*sed -i 's\|your-org\/dbt-orchestrator-action\|acme\/dbt-orchestrator-action\|g'/);
    assert.deepEqual(remoteTags(box.remote), {});
  });

  it('refuses a repository other than the one the reusable workflows call', () => {
    const box = sandbox();
    const run = release(box, '--dry-run', '--repo', 'other/dbt-orchestrator-action', 'v1.0.0');
    assert.notEqual(run.code, 0);
    assert.match(run.out, /the reusable workflows call another repository's action:\n.*acme\/dbt-orchestrator-action@v1/);
  });
});

describe('one placeholder for the action everywhere', () => {
  it('README, workflows/, .github/workflows/ and package.json name the action as your-org/dbt-orchestrator-action', () => {
    const files = ['README.md', 'package.json', ...listYaml('workflows'), ...listYaml('.github/workflows'), 'workflows/README.md'];
    const owners = new Map<string, string[]>();
    for (const file of files) {
      for (const match of readFileSync(join(REPO, file), 'utf8').matchAll(/([A-Za-z0-9_.-]+)\/dbt-orchestrator-action(?=[@/]|\.git)/g)) {
        owners.set(match[1]!, [...(owners.get(match[1]!) ?? []), file]);
      }
    }
    assert.deepEqual([...owners.keys()], [OWNER_PLACEHOLDER], `owners found: ${JSON.stringify(Object.fromEntries(owners))}`);
    // The reusable workflows and every template call the action or a reusable workflow through it.
    // (The docs template only runs `dbt docs generate` and publishes it: it has no build to orchestrate.)
    for (const file of [...listYaml('workflows').filter((f) => !f.endsWith('dbt-docs-pages.yml')), ...listYaml('.github/workflows').filter((f) => !f.endsWith('ci.yml'))]) {
      assert.ok(owners.get(OWNER_PLACEHOLDER)!.includes(file), `${file} does not name ${OWNER_PLACEHOLDER}/dbt-orchestrator-action`);
    }
  });
});

function listYaml(dir: string): string[] {
  return readdirSync(join(REPO, dir))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => `${dir}/${f}`);
}
