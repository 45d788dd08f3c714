// dbt-core and adapter versions are an input of every node's hash: a template that installs them unpinned
// rebuilds everything whenever a new release appears. Every template and every documented example pins both.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { REPO } from './helpers/project.js';

type Yaml = Record<string, unknown>;

/** Requirements in a pip-style list: each must pin an exact version (name==X.Y.Z, extras allowed). */
function unpinned(requirements: string): string[] {
  return requirements
    .split(/\s+/)
    .filter((r) => /^dbt-/.test(r))
    .filter((r) => !/^[A-Za-z0-9_.-]+(\[[^\]]+\])?==\d+(\.\d+)+$/.test(r));
}

describe('templates and examples pin dbt-core and the adapter', () => {
  for (const file of readdirSync(join(REPO, 'workflows')).filter((f) => f.endsWith('.yml'))) {
    it(`workflows/${file}: every call of a reusable workflow pins adapter and dbt-version, every pip install its dbt packages`, () => {
      const doc = parseYaml(readFileSync(join(REPO, 'workflows', file), 'utf8')) as { jobs: Record<string, Yaml> };
      const calls = Object.values(doc.jobs).filter((job) => typeof job.uses === 'string' && /dbt-orchestrator-action\/\.github\/workflows\//.test(job.uses as string));
      // A template that installs dbt itself (e.g. the docs one) pins what it installs.
      const installs = Object.values(doc.jobs)
        .flatMap((job) => ((job.steps ?? []) as Yaml[]).map((step) => String(step.run ?? '')))
        .flatMap((run) => run.split('\n'))
        .filter((line) => /pip install/.test(line) && /dbt-/.test(line));
      assert.ok(calls.length > 0 || installs.length > 0, 'neither a call of a reusable workflow nor a dbt install');
      for (const line of installs) assert.deepEqual(unpinned(line.replace(/#.*$/, '').replace(/["']/g, '')), [], line);
      for (const job of calls) {
        const withs = (job.with ?? {}) as Record<string, unknown>;
        assert.equal(typeof withs.adapter, 'string', `${job.uses}: no adapter`);
        assert.deepEqual(unpinned(withs.adapter as string), [], `${job.uses}: adapter '${withs.adapter}' is not pinned`);
        // dbt-version left out means the reusable workflow's default, which must itself be a pin.
        if (withs['dbt-version'] !== undefined) assert.match(String(withs['dbt-version']), /^\d+\.\d+\.\d+$/);
      }
    });
  }

  it('the reusable workflows default dbt-version to an exact version', () => {
    for (const file of ['dbt-build.yml', 'dbt-pr.yml', 'dbt-freshness.yml', 'dbt-backfill.yml']) {
      const doc = parseYaml(readFileSync(join(REPO, '.github/workflows', file), 'utf8')) as { on: { workflow_call: { inputs: Record<string, { default?: unknown }> } } };
      assert.match(String(doc.on.workflow_call.inputs['dbt-version']?.default), /^\d+\.\d+\.\d+$/, file);
    }
  });

  it('every pip install command in README.md and workflows/README.md pins the dbt packages it installs', () => {
    let commands = 0;
    for (const file of ['README.md', 'workflows/README.md']) {
      // Commands as written in code blocks (a line that starts with the command or a `- run:` step).
      for (const [line] of readFileSync(join(REPO, file), 'utf8').matchAll(/^\s*(?:- run: )?pip install [^\n#]*/gm)) {
        assert.deepEqual(unpinned(line.replace(/^.*pip install/, '')), [], `${file}: ${line}`);
        commands++;
      }
    }
    assert.ok(commands >= 3, `only ${commands} pip install commands found`);
  });
});
