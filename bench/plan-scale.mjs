#!/usr/bin/env node
// Planning at scale (issue 14): what `dbt-orchestrator plan` adds on top of dbt's own warm partial parse, at
// 500 / 2,000 / 5,000 nodes of a generated project (bench/generate.mjs) on DuckDB or PostgreSQL. Prints, per
// size, the median wall-clock of `dbt parse` (warm partial parse, nothing changed) and of our `plan --json` (warm
// partial parse too: the bridge's parse reads the same target/), their ratio, and the absolute overhead in seconds.
// Goal: overhead <= 0.5 s at 5,000 nodes. Reported, never enforced.
//
//   node bench/plan-scale.mjs [--nodes 500,2000,5000] [--reps 3] [--built] [--keep]
//   node --import tsx bench/plan-scale.mjs --adapter postgres [--nodes ...] [--reps ...] [--built] [--keep]
//
// --adapter duckdb (the default) or postgres. With postgres the benchmark starts a throwaway PostgreSQL cluster
// (test/helpers/postgres.ts's startPostgres, hence `--import tsx`: initdb in a temp dir as user postgres, a free
// loopback port, stopped and removed at exit), generates the projects with `generate.mjs --adapter postgres`,
// gives each size a database of its own (bench_<size>) and runs dbt and our CLI with `--target postgres` (the
// connection through DBT_PG_HOST/PORT/USER/PASSWORD/DBNAME). Sharding is refused on DuckDB, so this is the
// adapter where a cheap plan matters most. CPU there excludes the server's share of the queries (not a child).
//
// --built first builds each project with our CLI (so the plan reads a full store and the warehouse records of
// every relation, as in a production re-run); without it the store is empty and every node plans as `run`.
// --keep reuses the projects (and their partial-parse files) a previous run generated, skipping the full parse
// (with postgres the cluster is new on every run, on another port: dbt drops the partial parse as "profile has
// changed", so the warm-up plan parses in full; the databases start empty, so --built builds everything again).
// Environment: DBT (default .venv/bin/dbt), ORCH (default "node dist/cli.js", run from the repo root).
// Everything goes to bench/out/plan-scale/ (gitignored).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const OUT = path.join(BENCH_DIR, 'out', 'plan-scale');

const opts = { nodes: [500, 2000, 5000], reps: 3, built: false, keep: false, adapter: 'duckdb' };
const USAGE = 'usage: node [--import tsx] bench/plan-scale.mjs [--adapter duckdb|postgres] [--nodes 500,2000,5000] [--reps 3] [--built] [--keep]';
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--built') opts.built = true;
    else if (flag === '--keep') opts.keep = true;
    else if (flag === '--nodes') opts.nodes = String(inline ?? argv[++i]).split(',').map(Number);
    else if (flag === '--reps') opts.reps = Number(inline ?? argv[++i]);
    else if (flag === '--adapter') opts.adapter = String(inline ?? argv[++i]);
    else {
      console.error(`plan-scale.mjs: unknown option ${argv[i]}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (!opts.nodes.every((n) => Number.isInteger(n) && n >= 20) || !Number.isInteger(opts.reps) || opts.reps < 1) {
    console.error('plan-scale.mjs: --nodes takes integers >= 20 (comma-separated), --reps a positive integer');
    process.exit(2);
  }
  if (opts.adapter !== 'duckdb' && opts.adapter !== 'postgres') {
    console.error(`plan-scale.mjs: --adapter takes duckdb or postgres, not ${opts.adapter}\n${USAGE}`);
    process.exit(2);
  }
}
const POSTGRES = opts.adapter === 'postgres';

const venvDbt = path.join(ROOT, '.venv', 'bin', 'dbt');
const DBT = process.env.DBT || (fs.existsSync(venvDbt) ? venvDbt : 'dbt');
const ORCH = (process.env.ORCH || 'node dist/cli.js').trim().split(/\s+/);
if (!process.env.ORCH && !fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) {
  console.error('plan-scale.mjs: dist/cli.js does not exist (run `npm run build` first, or set ORCH="...")');
  process.exit(2);
}
const childEnv = { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DO_NOT_TRACK: '1' };
if (path.isAbsolute(DBT)) childEnv.PATH = `${path.dirname(DBT)}${path.delimiter}${process.env.PATH ?? ''}`;

// GNU time reports the CPU seconds of the command and every process it waited for (the dbt process of our
// CLI included): on a shared, loaded machine CPU time is the steadier measure; wall-clock is printed beside it.
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command; returns { wall, cpu } seconds. A failing command ends the benchmark with its log tail. */
function timed(label, cmd, args, cwd, env, logFile, stdoutFile) {
  const fd = fs.openSync(logFile, 'w');
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : fd;
  const timeFile = `${logFile}.time`;
  const [exe, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(exe, argv, { cwd, env, stdio: ['ignore', out, fd] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(fd);
  if (out !== fd) fs.closeSync(out);
  if (r.error || r.status !== 0) {
    console.error(`\n${label} failed (${r.error?.message ?? `exit ${r.status}`}): ${[cmd, ...args].join(' ')}`);
    console.error(fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'));
    process.exit(1);
  }
  const cpu = GNU_TIME ? fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number).reduce((a, b) => a + b, 0) : NaN;
  process.stdout.write(`  ${label.padEnd(26)} ${wall.toFixed(2).padStart(7)} s wall ${cpu.toFixed(2).padStart(7)} s cpu\n`);
  return { wall, cpu };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** bench/generate.mjs makes ~1.25 nodes per model (3 seeds, not_null on ~25 % of models). */
function modelsFor(nodes) {
  return Math.max(10, Math.round((nodes - 3) / 1.25));
}

// PostgreSQL: one throwaway cluster for the whole run (startPostgres stops and removes it at exit, signals too).
let server;
if (POSTGRES) {
  let startPostgres;
  try {
    ({ startPostgres } = await import('../test/helpers/postgres.ts'));
  } catch (error) {
    console.error(`plan-scale.mjs: --adapter postgres needs TypeScript loading: run \`node --import tsx bench/plan-scale.mjs ...\` (${error.message})`);
    process.exit(2);
  }
  server = await startPostgres();
}

function measure(target) {
  // DuckDB keeps the directory names of before (--keep finds their projects); PostgreSQL projects differ in SQL.
  const prefix = POSTGRES ? 'pg' : '';
  const project = path.join(OUT, `${prefix}p${target}`);
  const store = path.join(OUT, `${prefix}store${target}`);
  const logs = path.join(OUT, `${prefix}logs${target}`);
  const keep = opts.keep && fs.existsSync(path.join(project, 'target', 'partial_parse.msgpack'));
  for (const p of keep ? [logs] : [project, store, logs]) fs.rmSync(p, { recursive: true, force: true });
  fs.mkdirSync(logs, { recursive: true });
  if (!keep) {
    const adapterArgs = POSTGRES ? ['--adapter', 'postgres'] : [];
    const gen = spawnSync(process.execPath, [path.join(BENCH_DIR, 'generate.mjs'), project, '--models', String(modelsFor(target)), ...adapterArgs], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`generate.mjs failed: ${gen.stderr}`);
  }
  const meta = JSON.parse(fs.readFileSync(path.join(project, 'bench_meta.json'), 'utf8'));
  const nodes = meta.seeds + meta.models + meta.tests;
  console.log(`\n${nodes} nodes (${meta.models} models, ${meta.tests} tests, ${meta.seeds} seeds)`);
  const dirs = ['--project-dir', project, '--profiles-dir', project, ...(POSTGRES ? ['--target', 'postgres'] : [])];
  const env = POSTGRES ? { ...childEnv, ...server.env(server.createDatabase(`bench_${target}`)) } : childEnv;
  let n = 0;
  const log = (label) => path.join(logs, `${String(++n).padStart(2, '0')}-${label.replace(/\W+/g, '_')}.log`);
  if (!keep) timed('dbt parse (full, warm-up)', DBT, ['parse', ...dirs], project, env, log('parse full'));
  if (opts.built) timed('our build (once)', ORCH[0], [...ORCH.slice(1), 'build', ...dirs, '--store', store, '--threads', '4'], ROOT, env, log('build'));
  const planArgs = [...ORCH.slice(1), 'plan', ...dirs, '--store', store, '--json'];
  timed('our plan (warm-up)', ORCH[0], planArgs, ROOT, env, log('plan warm-up'));
  const parse = [];
  const plan = [];
  // Interleaved, so drift of a loaded machine hits both alike.
  for (let i = 1; i <= opts.reps; i++) {
    parse.push(timed(`dbt parse (partial) #${i}`, DBT, ['parse', ...dirs], project, env, log(`parse ${i}`)));
    plan.push(timed(`our plan #${i}`, ORCH[0], planArgs, ROOT, env, log(`plan ${i}`), path.join(logs, 'plan.json')));
  }
  const decisions = {};
  for (const node of JSON.parse(fs.readFileSync(path.join(logs, 'plan.json'), 'utf8')).nodes) decisions[node.decision] = (decisions[node.decision] ?? 0) + 1;
  const med = (xs, k) => median(xs.map((x) => x[k]));
  const min = (xs, k) => Math.min(...xs.map((x) => x[k]));
  // Paired: each plan against the parse just before it (drift of a shared machine hits both alike).
  const paired = (k) => median(plan.map((p, i) => p[k] - parse[i][k]));
  return {
    nodes,
    parse: { wall: med(parse, 'wall'), cpu: med(parse, 'cpu') },
    plan: { wall: med(plan, 'wall'), cpu: med(plan, 'cpu') },
    paired: { wall: paired('wall'), cpu: paired('cpu') },
    best: { wall: min(plan, 'wall') - min(parse, 'wall'), cpu: min(plan, 'cpu') - min(parse, 'cpu') },
    decisions,
  };
}

const loadAtStart = os.loadavg()[0];
console.log(`plan at scale on ${opts.adapter}: sizes ${opts.nodes.join(', ')} nodes, ${opts.reps} rep(s)${opts.built ? ', after one build' : ', empty store'}`);
console.log(`  DBT  = ${DBT}\n  ORCH = ${ORCH.join(' ')}`);
if (server) console.log(`  PostgreSQL: throwaway cluster on ${server.host}:${server.port} (${server.bindir}), a database per size`);
const rows = opts.nodes.map(measure);
server?.stop();

console.log(`\nMedians of ${opts.reps}; CPU = user + sys of the command and its children (load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end).`);
console.log('Overhead: our plan minus dbt parse, as the difference of the medians, the median of the paired differences (each plan');
console.log('against the parse run just before it) and the difference of the best (fastest) runs of each.');
console.log('\n| nodes | dbt parse, partial: CPU s (wall) | our plan: CPU s (wall) | ratio (CPU) | overhead CPU s (wall) | paired overhead CPU s (wall) | best-run overhead CPU s (wall) | decisions |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
const f = (x) => x.toFixed(2);
for (const r of rows) {
  const decisions = Object.entries(r.decisions).map(([k, v]) => `${v} ${k}`).join(', ');
  console.log(
    `| ${r.nodes} | ${f(r.parse.cpu)} (${f(r.parse.wall)}) | ${f(r.plan.cpu)} (${f(r.plan.wall)}) | ${f(r.plan.cpu / r.parse.cpu)} | ` +
      `${f(r.plan.cpu - r.parse.cpu)} (${f(r.plan.wall - r.parse.wall)}) | ${f(r.paired.cpu)} (${f(r.paired.wall)}) | ${f(r.best.cpu)} (${f(r.best.wall)}) | ${decisions} |`,
  );
}
const largest = rows.at(-1);
console.log(`\nGoal: overhead <= 0.5 s at the largest size: ${f(largest.plan.cpu - largest.parse.cpu)} s CPU, ${f(largest.plan.wall - largest.parse.wall)} s wall; paired ${f(largest.paired.cpu)} s CPU, ${f(largest.paired.wall)} s wall (reported, not enforced)`);
