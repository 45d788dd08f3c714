// Values that must not travel: a var given with --vars, env vars the project reads (in a model and in
// dbt_project.yml) and the hash salt are planted with distinctive values; after two runs of the bundled
// action (Node 24, real dbt, loopback cache and artifact services) neither the values nor the unkeyed
// sha256 digests that could be brute-forced back into them appear in any uploaded artifact file, any
// cache entry the service received (unpacked), the step's outputs, summary or log, or any file left on
// the runner other than dbt's own two (target/partial_parse.msgpack and logs/dbt.log, which never leave it).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBundledAction, type ActionRun } from './helpers/action.js';
import { startFakeActionsServer, type FakeActionsServer } from './helpers/fake-actions-server.js';
import { copyExample } from './helpers/project.js';
import { partialParseDecision } from '../src/store/partial-parse.js';
import { redactDbtLog } from '../src/report/redact-log.js';

const VAR_VALUE = 'PlantedVarValue7373';
const ENV_VALUE = 'PlantedEnvValue4242';
const SHORT_ENV_VALUE = 'eu-x9';
const PROJECT_ENV_VALUE = 'PlantedProjectEnv5151';
const SALT = 'PlantedSaltSecret0000aaaabbbbccccdddd';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Everything that would let a reader recover a planted value: the values, the salt, and unkeyed digests. */
const NEEDLES: Record<string, string> = {
  'the --vars value': VAR_VALUE,
  'the env var value': ENV_VALUE,
  'the dbt_project.yml env var value': PROJECT_ENV_VALUE,
  'the hash salt': SALT,
  'sha256 of the env value (the old digest recipe)': sha256(`set:${ENV_VALUE}`),
  'sha256 of the short env value': sha256(`set:${SHORT_ENV_VALUE}`),
  "dbt's unkeyed project env hash": sha256(`LEAK_PROBE_PROJECT_ENV:${PROJECT_ENV_VALUE}|`),
};

function leaksIn(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  return Object.entries(NEEDLES)
    .filter(([, needle]) => text.includes(needle))
    .map(([what]) => what);
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

function workspaceWithProbe(): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  const project = join(workspace, 'jaffle_shop');
  cpSync(copyExample(), project, { recursive: true });
  // The values decide Jinja branches only, so the compiled SQL (the user's own code) holds none of them.
  writeFileSync(
    join(project, 'models/leak_probe.sql'),
    "{% if env_var('LEAK_PROBE_ENV', 'x') == 'never-matches' or env_var('LEAK_PROBE_SHORT', 'x') == 'never-matches' or var('leak_probe_var', 'x') == 'never-matches' %}\nselect 0 as id\n{% else %}\nselect 1 as id\n{% endif %}\n",
  );
  appendFileSync(join(project, 'dbt_project.yml'), "    +meta:\n      probe: \"{{ 'y' if env_var('LEAK_PROBE_PROJECT_ENV', 'x') != 'never-matches' else 'n' }}\"\n");
  return workspace;
}

const PLANTED_ENV = { LEAK_PROBE_ENV: ENV_VALUE, LEAK_PROBE_SHORT: SHORT_ENV_VALUE, LEAK_PROBE_PROJECT_ENV: PROJECT_ENV_VALUE };
const INPUTS = {
  command: 'build',
  'project-dir': 'jaffle_shop',
  'profiles-dir': 'jaffle_shop',
  threads: '4',
  vars: `{leak_probe_var: ${VAR_VALUE}}`,
  'hash-salt': SALT,
};

describe('planted vars, env vars and the salt never leave the runner', () => {
  let server: FakeActionsServer;
  let workspace: string;
  let home: string;
  const runs: ActionRun[] = [];

  before(async () => {
    workspace = workspaceWithProbe();
    home = mkdtempSync(join(tmpdir(), 'runner-home-'));
    server = await startFakeActionsServer({ workspace });
    for (let i = 0; i < 2; i++) {
      if (i > 0) {
        rmSync(join(workspace, 'jaffle_shop/.dbt-orchestrator'), { recursive: true, force: true });
        server.newRun();
      }
      runs.push(
        await runBundledAction({
          workspace,
          inputs: INPUTS,
          serviceEnv: server.env(),
          runId: server.run.runId,
          extraEnv: { ...PLANTED_ENV, DBT_ORCHESTRATOR_HOME: home },
        }),
      );
    }
    // dbt's sha256 of the --vars (with profile, target, version), as its own debug line prints it on the runner.
    const checksum = /checksum: ([0-9a-f]{64}), vars: \{'leak_probe_var'/.exec(readFileSync(join(workspace, 'jaffle_shop/logs/dbt.log'), 'utf8'));
    assert.ok(checksum, 'dbt printed its vars checksum');
    NEEDLES["dbt's unkeyed --vars checksum"] = checksum[1]!;
  });
  after(() => server.close());

  it('both runs succeed, and the second reuses every node: the keyed digests are stable across runs', () => {
    for (const run of runs) assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.equal(Number(runs[0]!.outputs.built), 45);
    assert.equal(Number(runs[1]!.outputs.reused), 45);
    // The values really were read: dbt's own files on the runner hold them.
    const project = join(workspace, 'jaffle_shop');
    assert.deepEqual(leaksIn(readFileSync(join(project, 'target/partial_parse.msgpack'))), ['the env var value', "dbt's unkeyed project env hash", "dbt's unkeyed --vars checksum"]);
    assert.deepEqual(leaksIn(readFileSync(join(project, 'logs/dbt.log'))), ['the --vars value', "dbt's unkeyed --vars checksum"]);
  });

  it('no uploaded artifact file holds a value or a brute-forceable digest', () => {
    const artifacts = server.artifacts();
    assert.equal(artifacts.length, 2);
    for (const artifact of artifacts) {
      assert.ok(artifact.files.includes('logs/dbt.log') && artifact.files.includes('target/orchestrator.json'), artifact.files.join(', '));
      for (const file of artifact.files) assert.deepEqual(leaksIn(artifact.read(file)), [], `${artifact.name}/${file}`);
      assert.match(artifact.read('logs/dbt.log').toString(), /vars: <redacted by dbt-orchestrator>/);
    }
  });

  it('no cache entry the service received holds one, once unpacked', () => {
    const entries = server.cacheEntries().filter((e) => e.finalized);
    assert.ok(entries.some((e) => e.key.includes('-store-v1-')));
    // The partial-parse file holds the env value, so it was not cached.
    assert.ok(!entries.some((e) => e.key.includes('-parse-v1-')), entries.map((e) => e.key).join(', '));
    assert.match(runs[0]!.stdout, /partial-parse file holds the values of env var\(s\) LEAK_PROBE_ENV, LEAK_PROBE_SHORT and .*: not cached/);
    for (const entry of entries) {
      const blob = server.cacheEntryBlob(entry.id)!;
      const dir = mkdtempSync(join(tmpdir(), 'cache-entry-'));
      writeFileSync(join(dir, 'archive'), blob);
      execFileSync('tar', ['-xf', join(dir, 'archive'), '-C', dir]);
      const files = filesUnder(dir).filter((f) => !f.endsWith('/archive'));
      assert.ok(files.length > 0, entry.key);
      for (const file of files) assert.deepEqual(leaksIn(readFileSync(file)), [], `${entry.key}: ${relative(dir, file)}`);
    }
  });

  it('the step log, summary and outputs hold none (the salt only in its add-mask command)', () => {
    for (const run of runs) {
      const log = run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      assert.deepEqual(leaksIn(Buffer.from(log + run.stderr)), []);
      assert.deepEqual(leaksIn(Buffer.from(run.summary + JSON.stringify(run.outputs))), []);
      assert.ok(run.commands.some((c) => c.command === 'add-mask' && c.message === SALT));
    }
  });

  it("on the runner, only dbt's own partial-parse file and dbt.log hold a value or an unkeyed digest", () => {
    const holders = filesUnder(workspace)
      .filter((f) => leaksIn(readFileSync(f)).length > 0)
      .map((f) => relative(workspace, f))
      .sort();
    assert.deepEqual(holders, ['jaffle_shop/logs/dbt.log', 'jaffle_shop/target/partial_parse.msgpack']);
    for (const f of filesUnder(workspace).filter((f) => !holders.includes(relative(workspace, f)))) {
      const found = leaksIn(readFileSync(f)).filter((w) => w.startsWith('sha256') || w.startsWith("dbt's"));
      assert.deepEqual(found, [], f);
    }
    assert.equal(existsSync(join(home, '.dbt-orchestrator/hash-salt')), false, 'with hash-salt given, no runner-local salt is made');
  });
});

describe('the guards on their own', () => {
  it('redacts every printed vars mapping and its checksum, keeping the rest of the line', () => {
    const line = "12:00:00 [debug] [MainThread]: checksum: " + 'a'.repeat(64) + ", vars: {'k': 'v}{', 'n': {'x': [1, 2]}}, profile: p, target: dev, version: 1.12.6\nnext";
    assert.equal(redactDbtLog(line), '12:00:00 [debug] [MainThread]: checksum: <redacted by dbt-orchestrator>, vars: <redacted by dbt-orchestrator>, profile: p, target: dev, version: 1.12.6\nnext');
    // Unbalanced (cut) mapping: the rest of the line goes, the next line stays.
    assert.equal(redactDbtLog("vars: {'k': 'secret\nnext"), 'vars: <redacted by dbt-orchestrator>\nnext');
  });

  it("redacts the checksums dbt prints when --vars changed since its last partial parse (a restored partial-parse cache)", () => {
    // dbt-core's ManifestLoader.is_partial_parsable: a Note at debug level after "config vars ... have changed".
    const line = `12:00:00 [debug] [MainThread]: previous checksum: ${'a'.repeat(64)}, current checksum: ${'b'.repeat(64)}\nnext`;
    assert.equal(redactDbtLog(line), '12:00:00 [debug] [MainThread]: previous checksum: <redacted by dbt-orchestrator>, current checksum: <redacted by dbt-orchestrator>\nnext');
  });

  it("decides on dbt's real partial-parse file: values → not cached, unless cache-partial-parse is true (then a warning)", async () => {
    const workspace = workspaceWithProbe();
    const server = await startFakeActionsServer({ workspace });
    try {
      const run = await runBundledAction({ workspace, inputs: { ...INPUTS, 'cache-partial-parse': 'true' }, serviceEnv: server.env(), runId: server.run.runId, extraEnv: PLANTED_ENV });
      assert.equal(run.code, 0, run.stdout);
      assert.ok(server.cacheEntries().some((e) => e.key.includes('-parse-v1-') && e.finalized), 'cached on request');
      assert.ok(run.commands.some((c) => c.command === 'warning' && /partial-parse file holds the values of env var\(s\) LEAK_PROBE_ENV.*cache-partial-parse is 'true'/.test(c.message)), run.stdout);
      const bytes = readFileSync(join(workspace, 'jaffle_shop/target/partial_parse.msgpack'));
      assert.equal(partialParseDecision('auto', bytes).save, false);
      assert.equal(partialParseDecision('false', bytes).save, false);
      assert.equal(partialParseDecision('auto', Buffer.from('not msgpack')).save, false, 'an unreadable file is never cached');
    } finally {
      await server.close();
    }
  });
});
