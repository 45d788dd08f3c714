// Which dbt the engine accepts: the supported dbt-core minors, and the new dbt engine (dbt 2) stopped before any
// SQL with a message that says what to pin. dbt 2 cannot be installed on these machines (its package downloads a
// binary from outside the registry), so its detection is specified on the version texts it prints.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { newEngineVersion, unsupportedEngineMessage } from '../src/dbt/locate.js';
import { PYTHON, REPO } from './helpers/project.js';

function versionProblem(version: string): string | null {
  const script = `import json, sys; sys.path.insert(0, ${JSON.stringify(join(REPO, 'python'))}); from dbt_bridge.dbt_compat import version_problem; print(json.dumps(version_problem(sys.argv[1])))`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, version], { encoding: 'utf8' })) as string | null;
}

describe('dbt versions the bridge hosts', () => {
  it('accepts dbt-core 1.10, 1.11 and 1.12', () => {
    for (const version of ['1.10.23', '1.11.16', '1.12.6', '1.12.0b1']) assert.equal(versionProblem(version), null, version);
  });

  it('refuses dbt-core 2.x as the new engine, naming the supported versions and a pin', () => {
    const problem = versionProblem('2.0.1');
    assert.match(problem ?? '', /new dbt engine \(dbt 2\)/);
    assert.match(problem ?? '', /1\.10, 1\.11, 1\.12/);
    assert.match(problem ?? '', /pip install dbt-core==1\.12\.6/);
  });

  it('refuses older dbt-core with the supported range', () => {
    assert.match(versionProblem('1.9.4') ?? '', /^dbt-core 1\.9\.4 is not supported \(supported: 1\.10, 1\.11, 1\.12\)/);
  });
});

describe('a dbt executable that is not a Python entry point', () => {
  it('is recognised as the new engine from `dbt --version`', () => {
    assert.equal(newEngineVersion('dbt-fusion 2.0.0-preview.13\n'), '2.0.0-preview.13');
    assert.equal(newEngineVersion('dbt 2.0.1\n'), '2.0.1');
  });

  it('is not mistaken for the new engine when it prints a dbt-core 1.x version or nothing', () => {
    assert.equal(newEngineVersion('Core:\n  - installed: 1.12.6\n'), undefined);
    assert.equal(newEngineVersion(''), undefined);
    assert.equal(newEngineVersion(undefined), undefined);
  });

  it('gets a message that says what is supported and what to pin', () => {
    const message = unsupportedEngineMessage('/usr/local/bin/dbt', '2.0.1');
    assert.match(message, /new dbt engine \(dbt 2\.0\.1\)/);
    assert.match(message, /dbt-core 1\.10, 1\.11 and 1\.12/);
    assert.match(message, /pip install dbt-core==1\.12\.6/);
  });
});

describe('the bridge on the installed dbt', () => {
  it("finds every dbt internal it is pinned to (dbt_bridge --check-internals)", () => {
    const out = execFileSync(PYTHON, [join(REPO, 'python', 'dbt_bridge'), '--check-internals'], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { problems: [] });
  });
});
