#!/usr/bin/env node
// Benchmark: plain dbt vs dbt-orchestrator on a synthetic project (see bench/README.md).
//
//   node bench/run.mjs [--models 200] [--reps 3] [--threads 4]
//
// Environment:
//   DBT   dbt executable (default: <repo>/.venv/bin/dbt if it exists, else `dbt` on PATH)
//   ORCH  orchestrator command, split on whitespace (default: "node dist/cli.js", run from the repo root)
//
// Exits non-zero only when a command fails; the ratios are reported, never enforced.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const OUT = path.join(BENCH_DIR, 'out');
const PROJECT = path.join(OUT, 'project');
const STORE = path.join(OUT, 'store');
const LOGS = path.join(OUT, 'logs');

// ---------------------------------------------------------------------------------------------
// Options

const opts = { models: 200, reps: 3, threads: 4 };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = flag.replace(/^--/, '');
    if (!(key in opts)) {
      console.error(`run.mjs: unknown option ${argv[i]}\nusage: node bench/run.mjs [--models N] [--reps N] [--threads N]`);
      process.exit(2);
    }
    const n = Number(inline ?? argv[++i]);
    if (!Number.isInteger(n) || n < 1) {
      console.error(`run.mjs: ${flag} needs a positive integer`);
      process.exit(2);
    }
    opts[key] = n;
  }
}

const venvDbt = path.join(ROOT, '.venv', 'bin', 'dbt');
const DBT = process.env.DBT || (fs.existsSync(venvDbt) ? venvDbt : 'dbt');
const ORCH_DEFAULT = 'node dist/cli.js';
const ORCH = (process.env.ORCH || ORCH_DEFAULT).trim().split(/\s+/);

// dbt's own directory (the venv's bin) goes first on PATH so the orchestrator finds the same dbt/python.
const childEnv = { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DO_NOT_TRACK: '1' };
if (path.isAbsolute(DBT)) childEnv.PATH = `${path.dirname(DBT)}${path.delimiter}${process.env.PATH ?? ''}`;

function orchAvailable() {
  if (process.env.ORCH) return { ok: true };
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (fs.existsSync(cli)) return { ok: true };
  return { ok: false, why: `${path.relative(ROOT, cli)} does not exist (run \`npm run build\` first, or set ORCH="...")` };
}

// ---------------------------------------------------------------------------------------------
// Helpers

let logSeq = 0;

/** Runs a command to completion, returns wall-clock seconds. Exits the benchmark if it fails. */
function timed(label, cmd, args, cwd) {
  fs.mkdirSync(LOGS, { recursive: true });
  const logFile = path.join(LOGS, `${String(++logSeq).padStart(2, '0')}-${label.replace(/[^\w.-]+/g, '_')}.log`);
  const fd = fs.openSync(logFile, 'w');
  fs.writeSync(fd, `$ (cd ${cwd} && ${[cmd, ...args].join(' ')})\n`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: childEnv, stdio: ['ignore', fd, fd] });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(fd);
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit code ${r.status}`;
    console.error(`\n${label}: command failed (${why}): ${[cmd, ...args].join(' ')}`);
    const log = fs.readFileSync(logFile, 'utf8').split('\n');
    console.error(log.slice(-40).join('\n'));
    console.error(`(full log: ${path.relative(process.cwd(), logFile)})`);
    process.exit(1);
  }
  process.stdout.write(`  ${label.padEnd(28)} ${secs.toFixed(2).padStart(7)} s\n`);
  return secs;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const rm = (p) => fs.rmSync(p, { recursive: true, force: true });

/** Fresh database, no target/ (so no partial parse), empty orchestrator store. */
function resetCold() {
  for (const f of ['bench.duckdb', 'bench.duckdb.wal', 'target', 'logs']) rm(path.join(PROJECT, f));
  rm(STORE);
}

function generate(extra = []) {
  const r = spawnSync(process.execPath, [path.join(BENCH_DIR, 'generate.mjs'), PROJECT, ...extra], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`generate.mjs ${extra.join(' ')} failed:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return r.stdout.trim();
}

const dbtArgs = (sub, ...more) => [sub, '--project-dir', PROJECT, '--profiles-dir', PROJECT, ...more];
const orchArgs = (...more) => [
  ...ORCH.slice(1),
  'build',
  '--project-dir',
  PROJECT,
  '--profiles-dir',
  PROJECT,
  '--threads',
  String(opts.threads),
  '--store',
  STORE,
  ...more,
];

const ORCH_JSON = () => path.join(PROJECT, 'target', 'orchestrator.json');

/** Runs one orchestrator build; removes a stale orchestrator.json first so totals are this run's. */
function orchBuild(label) {
  rm(ORCH_JSON());
  return timed(label, ORCH[0], orchArgs(), ROOT);
}

/** totals from <P>/target/orchestrator.json, or null. Tolerates absence and unknown shapes. */
function readTotals() {
  const f = ORCH_JSON();
  if (!fs.existsSync(f)) return null;
  try {
    const j = JSON.parse(fs.readFileSync(f, 'utf8'));
    if (j && typeof j.totals === 'object' && j.totals !== null) return j.totals;
    // Fallback: count decisions from a node list, if there is one.
    const nodes = Array.isArray(j?.nodes) ? j.nodes : j?.nodes && typeof j.nodes === 'object' ? Object.values(j.nodes) : null;
    if (!nodes) return { note: 'orchestrator.json has no totals' };
    const t = {};
    for (const n of nodes) {
      const k = n?.decision ?? n?.status ?? 'unknown';
      t[k] = (t[k] ?? 0) + 1;
    }
    return t;
  } catch (e) {
    return { note: `unreadable orchestrator.json: ${e.message}` };
  }
}

function fmtTotals(t) {
  if (!t) return 'n/a (no target/orchestrator.json)';
  return Object.entries(t)
    .filter(([, v]) => typeof v !== 'object')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Run

console.log(`dbt-orchestrator benchmark: ${opts.models} models, ${opts.reps} rep(s), --threads ${opts.threads}`);
console.log(`  DBT  = ${DBT}`);
console.log(`  ORCH = ${ORCH.join(' ')}${process.env.ORCH ? '' : ' (default)'}`);
const dbtVersion = spawnSync(DBT, ['--version'], { encoding: 'utf8', env: childEnv });
if (dbtVersion.error || dbtVersion.status !== 0) {
  console.error(`cannot run ${DBT} --version: ${dbtVersion.error?.message ?? dbtVersion.stderr}`);
  process.exit(1);
}
console.log(
  '  ' +
    dbtVersion.stdout
      .split('\n')
      .filter((l) => /installed|- (core|duckdb)|duckdb:/i.test(l))
      .map((l) => l.replace(/^\s*-\s*/, '').trim())
      .join(', '),
);

rm(PROJECT);
rm(STORE);
rm(LOGS);
console.log(`\n${generate(['--models', String(opts.models)])}`);
const meta = JSON.parse(fs.readFileSync(path.join(PROJECT, 'bench_meta.json'), 'utf8'));
console.log(
  `  shape: ${meta.seeds} seeds, ${meta.staging} staging views, ${meta.tables} tables, ` +
    `${meta.tests} not_null tests, ${meta.edges} ref edges, ${meta.leaves} leaf models`,
);

const T = { parseCold: [], parseWarm: [], dbtBuild: [], orchCold: [], orchNoop: [], orchLeaf: [], orchTags: [], orchComment: [] };
const totals = { noop: [], leaf: [], tags: [], comment: [] };

// (a) dbt parse: full (no partial_parse.msgpack), then warm (partial parse, nothing changed).
console.log('\n(a) dbt parse');
resetCold();
for (let i = 1; i <= opts.reps; i++) {
  rm(path.join(PROJECT, 'target', 'partial_parse.msgpack'));
  T.parseCold.push(timed(`parse full #${i}`, DBT, dbtArgs('parse'), PROJECT));
}
timed('parse warm-up', DBT, dbtArgs('parse'), PROJECT);
for (let i = 1; i <= opts.reps; i++) {
  T.parseWarm.push(timed(`parse partial #${i}`, DBT, dbtArgs('parse'), PROJECT));
}

// (b) plain dbt build, cold database and no target/.
console.log(`\n(b) dbt build --threads ${opts.threads} (cold)`);
for (let i = 1; i <= opts.reps; i++) {
  resetCold();
  T.dbtBuild.push(timed(`dbt build #${i}`, DBT, dbtArgs('build', '--threads', String(opts.threads)), PROJECT));
}

// (c, d, e) orchestrator: cold, then no-change, then one-leaf change, per repetition.
const orch = orchAvailable();
if (!orch.ok) {
  console.log(`\n(c-e) SKIPPED: ${orch.why}`);
} else {
  for (let i = 1; i <= opts.reps; i++) {
    console.log(`\n(c-e) orchestrator, repetition ${i}/${opts.reps}`);
    resetCold();
    // Each repetition starts from the freshly generated project (undo the previous touches).
    generate(['--models', String(opts.models)]);
    T.orchCold.push(orchBuild(`orch cold #${i}`));
    T.orchNoop.push(orchBuild(`orch no-change #${i}`));
    totals.noop.push(readTotals());
    generate(['--touch-leaf']);
    T.orchLeaf.push(orchBuild(`orch one-leaf #${i}`));
    totals.leaf.push(readTotals());
    // (f, g) edits of the root model that cannot change any data: every node rebuilt is an over-rebuild.
    generate(['--touch-root', 'tags']);
    T.orchTags.push(orchBuild(`orch root tags-only #${i}`));
    totals.tags.push(readTotals());
    generate(['--touch-root', 'comment']);
    T.orchComment.push(orchBuild(`orch root comment-only #${i}`));
    totals.comment.push(readTotals());
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const M = Object.fromEntries(Object.entries(T).map(([k, v]) => [k, v.length ? median(v) : null]));
const f = (x) => (x == null ? '-' : x.toFixed(2));
const all = (xs) => (xs.length ? xs.map((x) => x.toFixed(2)).join(' ') : '-');

console.log(`\nResults (wall-clock seconds, median of ${opts.reps})`);
const rows = [
  ['a1 dbt parse, full (no partial parse)', M.parseCold, T.parseCold],
  ['a2 dbt parse, warm partial parse', M.parseWarm, T.parseWarm],
  [`b  dbt build --threads ${opts.threads}, cold`, M.dbtBuild, T.dbtBuild],
  ['c  orchestrator build, cold', M.orchCold, T.orchCold],
  ['d  orchestrator build, no change', M.orchNoop, T.orchNoop],
  ['e  orchestrator build, one leaf changed', M.orchLeaf, T.orchLeaf],
  ['f  orchestrator build, root tags-only edit', M.orchTags, T.orchTags],
  ['g  orchestrator build, root comment-only edit', M.orchComment, T.orchComment],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`  ${'measurement'.padEnd(w)}  ${'median'.padStart(7)}   runs`);
for (const [name, med, xs] of rows) console.log(`  ${name.padEnd(w)}  ${f(med).padStart(7)}   ${all(xs)}`);

console.log('\nRatios (reported, not enforced)');
const verdict = (ok) => (ok == null ? '' : ok ? '  ok' : '  MISSED');
if (M.orchCold != null) {
  const cb = M.orchCold / M.dbtBuild;
  console.log(`  c / b                      = ${cb.toFixed(2)}   (target <= 1.10)${verdict(cb <= 1.1)}`);
  const budget = M.parseWarm + 1;
  console.log(
    `  d vs warm parse + 1 s      = ${f(M.orchNoop)} vs ${budget.toFixed(2)}   (target d <= a2 + 1 s; a2 = warm partial-parse dbt parse)${verdict(M.orchNoop <= budget)}`,
  );
  console.log(`  d vs full parse + 1 s      = ${f(M.orchNoop)} vs ${(M.parseCold + 1).toFixed(2)}   (for reference)`);
  console.log(`  e / b                      = ${(M.orchLeaf / M.dbtBuild).toFixed(2)}`);
  console.log('\nNode counts from target/orchestrator.json totals');
  totals.noop.forEach((t, i) => console.log(`  d #${i + 1}: ${fmtTotals(t)}`));
  totals.leaf.forEach((t, i) => console.log(`  e #${i + 1}: ${fmtTotals(t)}`));
  totals.tags.forEach((t, i) => console.log(`  f #${i + 1}: ${fmtTotals(t)}`));
  totals.comment.forEach((t, i) => console.log(`  g #${i + 1}: ${fmtTotals(t)}`));
  const over = (ts) => ts.map((t) => (t && typeof t.run === 'number' ? t.run : 'n/a')).join(' ');
  console.log(`\nOver-rebuild (nodes run although no data can change; target 0)`);
  console.log(`  f root tags-only edit      = ${over(totals.tags)}`);
  console.log(`  g root comment-only edit   = ${over(totals.comment)}   (g - d = ${f(M.orchComment - M.orchNoop)} s: compiling the candidate)`);
} else {
  console.log('  c / b, d vs parse + 1 s, e / b: n/a (orchestrator not run)');
}
console.log(`\nlogs: ${path.relative(process.cwd(), LOGS) || LOGS}`);
