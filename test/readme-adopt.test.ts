// The workflow file of README's "Adopt it in your repository in 5 minutes" is a valid workflow (GitHub's own
// parser), passes the action only inputs action.yml declares, and pins what it installs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { REPO } from './helpers/project.js';
import { isOurAction, validateWorkflow, type Yaml } from './helpers/workflows.js';

function adoptionWorkflow(): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Adopt it in your repository in 5 minutes'));
  const block = /```yaml\n([\s\S]*?)\n```/.exec(section);
  assert.ok(block, 'no yaml block in the section');
  return block[1]!;
}

describe('README: the 5-minute workflow file', () => {
  it('validates with GitHub\'s workflow parser', async () => {
    assert.deepEqual(await validateWorkflow('.github/workflows/dbt.yml', adoptionWorkflow()), []);
  });

  it('gives the action only declared inputs, the profile from DBT_PROFILES_YML, and pins dbt-core and the adapter', () => {
    const declared = Object.keys(parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8')).inputs);
    const steps: Yaml[] = Object.values(parseYaml(adoptionWorkflow()).jobs as Record<string, Yaml>).flatMap((job) => job.steps ?? []);
    const action = steps.find((s) => isOurAction(s.uses));
    assert.ok(action, 'no step uses the action');
    for (const name of Object.keys(action.with ?? {})) assert.ok(declared.includes(name), `input '${name}' is not in action.yml`);
    assert.equal(action.env?.DBT_PROFILES_YML, '${{ secrets.DBT_PROFILES_YML }}');
    const install = steps.find((s) => typeof s.run === 'string' && s.run.includes('pip install'));
    assert.match(install?.run ?? '', /dbt-core==\d+\.\d+\.\d+ dbt-[a-z]+==\d+\.\d+\.\d+/);
  });
});
