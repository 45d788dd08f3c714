// Installing the CLI outside this clone: `npm pack` → `npm install -g --prefix <tmp> <tarball>` (offline) →
// the installed `dbt-orchestrator` runs `--version` and a real `build` of a copy of examples/jaffle_shop,
// with the repository's dbt found through VIRTUAL_ENV or --dbt. Needs dist/ built (`node scripts/build.mjs`).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { filesUnder, packAndInstall, runInstalled, type InstalledCli } from './helpers/install.js';
import { copyExample, duckdb, PYTHON, REPO, report } from './helpers/project.js';

const PACKAGE = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
const VENV = join(REPO, '.venv');

function dbtCoreVersion(): string {
  return execFileSync(PYTHON, ['-c', 'import dbt.version; print(dbt.version.__version__)'], { encoding: 'utf8' }).trim();
}

describe('the packed CLI installed into a temporary prefix', () => {
  let cli: InstalledCli;
  before(() => {
    cli = packAndInstall();
  });

  it('installs only the command, the bundle and the bridge: no dependency is fetched, nothing of the checkout is needed', () => {
    // The Python side ships whole: the dbt_bridge package (python/dbt_bridge/*.py, copied to dist/dbt_bridge/ by the build).
    const python = readdirSync(join(REPO, 'python', 'dbt_bridge')).filter((f) => f.endsWith('.py')).map((f) => `dist/dbt_bridge/${f}`);
    assert.ok(python.includes('dist/dbt_bridge/__main__.py'));
    assert.deepEqual(filesUnder(cli.packageDir), ['README.md', 'bin/dbt-orchestrator.js', ...python, 'dist/cli-main.js', 'dist/cli.js', 'package.json'].sort());
    assert.ok(existsSync(cli.bin), `${cli.bin} was not linked`);
  });

  it('--version prints the package version and the dbt that VIRTUAL_ENV points at, exit 0, without touching the project', () => {
    const project = copyExample(undefined, { parsed: false }); // nothing in target/ to start with
    const run = runInstalled(cli, ['--version', '--project-dir', project], { cwd: mkdtempSync(join(tmpdir(), 'cwd-')), env: { VIRTUAL_ENV: VENV } });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], `dbt-orchestrator ${PACKAGE.version}`);
    assert.equal(lines[1], `dbt-core ${dbtCoreVersion()} (${join(VENV, 'bin/dbt')})`);
    assert.match(run.stdout, /adapters: .*dbt-duckdb \d+\.\d+\.\d+/);
    // No dbt start-up: nothing written into the project.
    assert.equal(existsSync(join(project, 'target')), false);
    assert.equal(existsSync(join(project, 'logs')), false);
  });

  it('build on a copy of the example (dbt from --dbt) builds every node, and a second build reuses every one', () => {
    const project = copyExample();
    const cwd = mkdtempSync(join(tmpdir(), 'cwd-'));
    const args = ['build', '--project-dir', project, '--profiles-dir', project, '--dbt', join(VENV, 'bin/dbt'), '--threads', '4'];
    const first = runInstalled(cli, args, { cwd });
    assert.equal(first.code, 0, `${first.stdout}\n${first.stderr}`);
    const built = report(project);
    assert.equal(built.totals.failed, 0);
    assert.ok(built.totals.succeeded > 0);
    assert.equal(built.totals.succeeded, built.totals.selected);
    // The warehouse holds what the seeds say (raw_customers.csv has 30 rows; the customers mart one per customer).
    assert.deepEqual(JSON.parse(duckdb(project, 'select count(*) from main.customers')), [[30]]);

    const second = runInstalled(cli, args, { cwd });
    assert.equal(second.code, 0, `${second.stdout}\n${second.stderr}`);
    const reused = report(project);
    assert.equal(reused.totals.run, 0);
    assert.equal(reused.totals.reused, built.totals.selected);
  });
});
