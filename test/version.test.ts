// `dbt-orchestrator --version` / `-V`: the package version and the dbt a build would use (the same lookup as
// src/dbt/locate.ts), read without starting dbt; exit 0.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../src/cli.js';
import { copyExample, DBT, PYTHON, REPO } from './helpers/project.js';

const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

async function cli(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => new Writable({ write: (c, _e, done) => (into.push(String(c)), done()) });
  const code = await main({ argv, env, stdout: sink(out), stderr: sink(err), cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** An environment where the only dbt is the one a test puts there. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: '/usr/bin:/bin', ...extra };
}

function installed(distribution: string): string {
  return execFileSync(PYTHON, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`], { encoding: 'utf8' }).trim();
}

describe('--version', () => {
  it('-V with --dbt prints the package version, dbt-core and the adapter versions of that dbt, exit 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwd-'));
    const run = await cli(['-V', '--dbt', DBT], bareEnv(), cwd);
    assert.equal(run.code, 0, run.stderr);
    const core = execFileSync(PYTHON, ['-c', 'import dbt.version; print(dbt.version.__version__)'], { encoding: 'utf8' }).trim();
    assert.equal(run.stdout, `dbt-orchestrator ${VERSION}\ndbt-core ${core} (${DBT})\nadapters: ${adapterList()}\n`);
  });

  it('finds dbt as a build would: the .venv next to the project, without --dbt; nothing is written to the project', async () => {
    const project = copyExample(undefined, { parsed: false }); // nothing in target/ to start with
    mkdirSync(join(project, '.venv'));
    symlinkSync(join(REPO, '.venv/bin'), join(project, '.venv/bin'));
    const run = await cli(['--project-dir', project, '--version'], bareEnv(), mkdtempSync(join(tmpdir(), 'cwd-')));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^dbt-core ${installed('dbt-core').replace(/\./g, '\\.')} \\(${join(project, '.venv/bin/dbt')}\\)$`, 'm'));
    assert.equal(existsSync(join(project, 'target')), false);
    assert.equal(existsSync(join(project, 'logs')), false);
  });

  it('without any dbt still prints the package version and says where it looked, exit 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cwd-'));
    const run = await cli(['--version'], bareEnv(), cwd);
    assert.equal(run.code, 0);
    assert.match(run.stdout, new RegExp(`^dbt-orchestrator ${VERSION.replace(/\./g, '\\.')}\n`));
    assert.match(run.stdout, /dbt: dbt not found\. Looked for:/);
    assert.match(run.stdout, new RegExp(join(cwd, '.venv/bin/dbt')));
  });

  it('--help lists --version', async () => {
    const run = await cli(['--help'], bareEnv(), REPO);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /-V, --version/);
  });
});

/** The adapter plugins as dbt itself lists them (`dbt --version` reads each `dbt.adapters.<name>.__version__`). */
function adapterList(): string {
  const script = [
    'import importlib, json, pkgutil, dbt.adapters',
    'out = []',
    'for m in pkgutil.iter_modules(dbt.adapters.__path__):',
    '    try: out.append(["dbt-" + m.name, importlib.import_module("dbt.adapters." + m.name + ".__version__").version])',
    '    except Exception: pass',
    'print(json.dumps(sorted(out)))',
  ].join('\n');
  const plugins = JSON.parse(execFileSync(PYTHON, ['-c', script], { encoding: 'utf8' })) as Array<[string, string]>;
  return plugins.map(([name, version]) => `${name} ${version}`).join(', ');
}
