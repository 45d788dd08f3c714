// GitHub's 2026 rules in the workflow kit: every third-party action pinned by full commit SHA with its tag in
// a comment (organisations can require it), the production lock queues runs instead of dropping them, the
// templates say which triggers can save production state and never build production after a fork's run,
// the freshness template warns rather than fails, and the docs template publishes only dbt's static page,
// only after a green production build of this repository. (GitHub's parser validates every file in
// test/workflows.test.ts; these are the rules on top.)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { STATE_SAVING_TRIGGERS } from '../src/store/cache-write-denied.js';
import { REPO } from './helpers/project.js';
import { condition, loadWorkflow, triggers, workflowFiles } from './helpers/workflows.js';

describe('workflow kit, 2026 rules', () => {
  it('pins every third-party action by a 40-hex commit SHA with the tag in a comment', () => {
    const unpinned: string[] = [];
    let pinned = 0;
    for (const file of workflowFiles()) {
      for (const [n, line] of file.text.split('\n').entries()) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m || m[1]!.startsWith('./') || m[1]!.startsWith('your-org/')) continue;
        if (/@[0-9a-f]{40}$/.test(m[1]!) && /^\s+# v\d+(\.\d+)*\s*$/.test(m[2]!)) pinned++;
        else unpinned.push(`${file.path}:${n + 1}: ${line.trim()}`);
      }
    }
    assert.deepEqual(unpinned, []);
    assert.ok(pinned >= 20, `only ${pinned} pinned uses found`);
  });

  it('queues production runs of a target (queue: max), never cancelling the running one', () => {
    const job = loadWorkflow('.github/workflows/dbt-build.yml').doc.jobs.dbt;
    assert.equal(job.concurrency['cancel-in-progress'], false);
    assert.equal(job.concurrency.queue, 'max');
  });

  it('the freshness template warns on stale sources by default', () => {
    const job = loadWorkflow('workflows/dbt-source-freshness.yml').doc.jobs.freshness;
    assert.equal(job.with['on-stale'], 'warn');
  });

  it('after ingestion: builds after a successful run of this repository, never after a fork-triggered run', () => {
    const job = loadWorkflow('workflows/dbt-after-ingestion.yml').doc.jobs.build;
    const run = (conclusion: string, headRepo: string) => ({
      github: { event_name: 'workflow_run', repository: 'octo/jaffle', event: { workflow_run: { conclusion, head_repository: { full_name: headRepo } } } },
    });
    assert.equal(condition(job.if, run('success', 'octo/jaffle')), true);
    assert.equal(condition(job.if, run('success', 'stranger/jaffle')), false);
    assert.equal(condition(job.if, run('failure', 'octo/jaffle')), false);
    assert.equal(condition(job.if, { github: { event_name: 'repository_dispatch', event: {} } }), true);
  });

  it('docs: publishes the static docs page with GitHub Pages, only after a green production build here', () => {
    const file = loadWorkflow('workflows/dbt-docs-pages.yml');
    const on = triggers(file.doc);
    assert.deepEqual(on.workflow_run.workflows, [loadWorkflow('workflows/dbt-daily.yml').doc.name]);
    assert.deepEqual(on.workflow_run.types, ['completed']);
    const generate = file.doc.jobs.generate;
    const ctx = (conclusion: string, headRepo: string) => ({
      github: { event_name: 'workflow_run', repository: 'octo/jaffle', event: { workflow_run: { conclusion, head_repository: { full_name: headRepo } } } },
    });
    assert.equal(condition(generate.if, ctx('success', 'octo/jaffle')), true);
    assert.equal(condition(generate.if, ctx('failure', 'octo/jaffle')), false);
    assert.equal(condition(generate.if, ctx('success', 'stranger/jaffle')), false);
    const script = generate.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    assert.match(script, /dbt docs generate --static/);
    assert.match(script, /cp target\/static_index\.html "\$RUNNER_TEMP\/dbt-docs-site\/index\.html"/);
    const upload = generate.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    assert.equal(upload.with.path, '${{ runner.temp }}/dbt-docs-site', 'only the docs page, never target/');
    const deploy = file.doc.jobs.deploy;
    assert.deepEqual(deploy.permissions, { pages: 'write', 'id-token': 'write' });
    assert.equal(deploy.environment.name, 'github-pages');
    assert.deepEqual(file.doc.permissions, { contents: 'read' });
  });

  it('README and workflows/README name the triggers that can save production state', () => {
    for (const doc of ['README.md', 'workflows/README.md']) {
      const text = readFileSync(join(REPO, doc), 'utf8');
      for (const trigger of STATE_SAVING_TRIGGERS) assert.ok(text.includes(`\`${trigger}\``), `${doc} does not name ${trigger}`);
      assert.match(text, /pull_request_target/);
      assert.match(text, /fork/);
    }
    assert.match(readFileSync(join(REPO, 'workflows/README.md'), 'utf8'), /dbt-docs-pages\.yml/);
  });
});
