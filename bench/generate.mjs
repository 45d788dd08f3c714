#!/usr/bin/env node
// Synthetic dbt project generator for the benchmark (plain Node ESM, no dependencies).
//
//   node bench/generate.mjs OUT_DIR [--models 200] [--adapter duckdb|postgres]
//                                                    write a fresh project into OUT_DIR
//   node bench/generate.mjs OUT_DIR --touch-leaf     change one literal in one fixed leaf model
//   node bench/generate.mjs OUT_DIR --touch-root tags|comment
//                                                    a tags-only (schema.yml) or comment-only (SQL) edit of the
//                                                    fixed root model (the first staging view): nothing to rebuild
//
// The project targets DuckDB. profiles.yml (profile `bench`) points at OUT_DIR/bench.duckdb by
// ABSOLUTE path: dbt-duckdb hands `path` to duckdb as is, so a relative path would resolve against
// the cwd of whatever process runs dbt, not the project dir. Output is deterministic: the same
// OUT_DIR and --models always give the same bytes (the only OUT_DIR-dependent file is profiles.yml).
//
// --adapter postgres (bench/plan-scale.mjs --adapter postgres) makes the same project runnable on PostgreSQL
// too: profiles.yml gains a `postgres` output (host, port, user, password, dbname from DBT_PG_HOST, DBT_PG_PORT,
// DBT_PG_USER, DBT_PG_PASSWORD, DBT_PG_DBNAME; schema main), chosen with `--target postgres` (the DuckDB
// output `dev` stays the default), and the customers staging views cast to `double precision` (PostgreSQL has
// no type `double`). Without it (the default, duckdb) every file is as before.
//
// Shape (default 200 models):
//   seeds   : customers, orders, products (100 rows each)
//   macros  : cents_to_dollars, safe_divide, bucket, rev_marker (used by most models)
//   staging : 10% of models (min 3), views over the seeds (stg_000 ..)
//   layers  : the rest, tables in 6 layers (int_L_NNN), each ref-ing 1-3 models from earlier
//             layers (biased to the layer just before), picked by a seeded PRNG (mulberry32)
//   tests   : not_null on `id` for ~25% of models (PRNG-picked), declared in models/schema.yml
// Every model has the same columns (id, k, v, label, rev) so any model can ref any other.
// `rev` is a string literal ('r0'); --touch-leaf bumps it in the fixed leaf model, which changes
// the model's code (raw and compiled) without changing its schema or data shape.

import fs from 'node:fs';
import path from 'node:path';

const SEED = 0x5eed2024;
const LAYERS = 6;

function usage(msg) {
  if (msg) process.stderr.write(`generate.mjs: ${msg}\n`);
  process.stderr.write('usage: node bench/generate.mjs OUT_DIR [--models N] [--adapter duckdb|postgres] | OUT_DIR --touch-leaf | OUT_DIR --touch-root tags|comment\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { out: null, models: 200, adapter: 'duckdb', touchLeaf: false, touchRoot: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--models') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 10) usage('--models needs an integer >= 10');
      opts.models = n;
    } else if (a.startsWith('--models=')) {
      const n = Number(a.slice('--models='.length));
      if (!Number.isInteger(n) || n < 10) usage('--models needs an integer >= 10');
      opts.models = n;
    } else if (a === '--adapter' || a.startsWith('--adapter=')) {
      opts.adapter = a === '--adapter' ? argv[++i] : a.slice('--adapter='.length);
      if (opts.adapter !== 'duckdb' && opts.adapter !== 'postgres') usage('--adapter needs duckdb or postgres');
    } else if (a === '--touch-leaf') {
      opts.touchLeaf = true;
    } else if (a === '--touch-root') {
      opts.touchRoot = argv[++i];
      if (opts.touchRoot !== 'tags' && opts.touchRoot !== 'comment') usage('--touch-root needs tags or comment');
    } else if (a === '-h' || a === '--help') {
      usage();
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else if (opts.out === null) {
      opts.out = a;
    } else {
      usage(`unexpected argument ${a}`);
    }
  }
  if (!opts.out) usage('OUT_DIR is required');
  return opts;
}

// mulberry32: tiny, fast, deterministic 32-bit PRNG.
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w = 3) => String(n).padStart(w, '0');

/** Plans the DAG: returns [{name, kind: 'staging'|'table', layer, parents: [names], seed?}]. */
function planModels(total) {
  const rnd = mulberry32(SEED);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];

  const nStaging = Math.max(3, Math.round(total * 0.1));
  const nRest = total - nStaging;
  const seeds = ['customers', 'orders', 'products'];
  const models = [];
  const layers = [[]];
  for (let i = 0; i < nStaging; i++) {
    const m = { name: `stg_${pad(i)}`, kind: 'staging', layer: 0, parents: [], seed: seeds[i % seeds.length] };
    models.push(m);
    layers[0].push(m.name);
  }
  // Split the remaining models as evenly as possible over LAYERS layers.
  let made = 0;
  for (let L = 1; L <= LAYERS; L++) {
    const size = Math.floor(nRest / LAYERS) + (L <= nRest % LAYERS ? 1 : 0);
    layers[L] = [];
    for (let j = 0; j < size; j++) {
      const name = `int_${L}_${pad(made++)}`;
      const nParents = int(1, 3);
      const parents = new Set();
      // First parent always from the previous layer (so layers are real depth levels), the
      // others from any earlier layer.
      parents.add(pick(layers[L - 1]));
      let guard = 0;
      while (parents.size < nParents && guard++ < 20) {
        const fromLayer = rnd() < 0.5 ? L - 1 : int(0, L - 1);
        parents.add(pick(layers[fromLayer]));
      }
      const m = { name, kind: 'table', layer: L, parents: [...parents].sort() };
      models.push(m);
      layers[L].push(name);
    }
  }
  // Tests: ~25% of models, PRNG-picked (stable order: by model position).
  for (const m of models) m.tested = rnd() < 0.25;
  // Children + the fixed leaf to touch: the last model (by name) that nothing refs.
  const hasChild = new Set(models.flatMap((m) => m.parents));
  const leaves = models.filter((m) => !hasChild.has(m.name)).map((m) => m.name).sort();
  return { models, leaves, leaf: leaves[leaves.length - 1] };
}

// ---------------------------------------------------------------------------------------------
// File contents

const DBT_PROJECT = `name: bench
version: "1.0.0"
config-version: 2
profile: bench

model-paths: ["models"]
seed-paths: ["seeds"]
macro-paths: ["macros"]
test-paths: ["tests"]

clean-targets: ["target"]

models:
  bench:
    +materialized: table
    staging:
      +materialized: view

seeds:
  bench:
    +quote_columns: false
`;

// A PostgreSQL output for --adapter postgres: the connection from the environment (bench/plan-scale.mjs sets it).
const POSTGRES_OUTPUT = `    postgres:
      type: postgres
      host: "{{ env_var('DBT_PG_HOST', 'localhost') }}"
      port: "{{ env_var('DBT_PG_PORT', '5432') | as_number }}"
      user: "{{ env_var('DBT_PG_USER', 'postgres') }}"
      password: "{{ env_var('DBT_PG_PASSWORD', '') }}"
      dbname: "{{ env_var('DBT_PG_DBNAME', 'bench') }}"
      schema: main
      threads: 4
`;

function profiles(outAbs, adapter) {
  const dbPath = path.join(outAbs, 'bench.duckdb');
  return `# Generated by bench/generate.mjs. The duckdb path is absolute on purpose: dbt-duckdb resolves a
# relative path against the cwd of the process running dbt, not against the project dir.
bench:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: ${JSON.stringify(dbPath)}
      schema: main
      threads: 4
${adapter === 'postgres' ? POSTGRES_OUTPUT : ''}`;
}

const MACROS = {
  'cents_to_dollars.sql': `{% macro cents_to_dollars(column_name, scale=2) -%}
    round(({{ column_name }}) / 100.0, {{ scale }})
{%- endmacro %}
`,
  'safe_divide.sql': `{% macro safe_divide(numerator, denominator) -%}
    case when ({{ denominator }}) = 0 then null else ({{ numerator }}) / ({{ denominator }}) end
{%- endmacro %}
`,
  'bucket.sql': `{% macro bucket(column_name, buckets=10) -%}
    (abs(cast({{ column_name }} as bigint)) % {{ buckets }})
{%- endmacro %}
`,
  'rev_marker.sql': `{% macro rev_marker(value) -%}
    cast('{{ value }}' as varchar)
{%- endmacro %}
`,
};

function seedFiles() {
  const rnd = mulberry32(SEED ^ 0xabcdef);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const regions = ['north', 'south', 'east', 'west'];
  const statuses = ['placed', 'shipped', 'returned', 'completed'];
  const categories = ['books', 'games', 'tools', 'garden', 'food'];
  const day = (n) => {
    const d = new Date(Date.UTC(2024, 0, 1) + n * 86400000);
    return d.toISOString().slice(0, 10);
  };
  const customers = ['id,name,region,signup_date'];
  const orders = ['id,customer_id,amount_cents,status,order_date'];
  const products = ['id,category,price_cents'];
  for (let i = 1; i <= 100; i++) {
    customers.push(`${i},customer_${pad(i)},${regions[int(0, 3)]},${day(int(0, 365))}`);
    orders.push(`${i},${int(1, 100)},${int(100, 50000)},${statuses[int(0, 3)]},${day(int(0, 365))}`);
    products.push(`${i},${categories[int(0, 4)]},${int(50, 20000)}`);
  }
  return {
    'customers.csv': customers.join('\n') + '\n',
    'orders.csv': orders.join('\n') + '\n',
    'products.csv': products.join('\n') + '\n',
  };
}

function stagingSql(m, i, adapter) {
  const src = `{{ ref('${m.seed}') }}`;
  switch (m.seed) {
    case 'customers':
      return `-- staging view over the customers seed
select
    id,
    {{ bucket('id + ${i}', 13) }} as k,
    cast(length(name) + ${i} as ${adapter === 'postgres' ? 'double precision' : 'double'}) as v,
    region as label,
    {{ rev_marker('r0') }} as rev
from ${src}
`;
    case 'orders':
      return `-- staging view over the orders seed
select
    customer_id as id,
    {{ bucket('amount_cents + ${i}', 17) }} as k,
    {{ cents_to_dollars('amount_cents') }} as v,
    status as label,
    {{ rev_marker('r0') }} as rev
from ${src}
`;
    default:
      return `-- staging view over the products seed
select
    id,
    {{ bucket('price_cents * ${i + 1}', 11) }} as k,
    {{ cents_to_dollars('price_cents', 3) }} as v,
    category as label,
    {{ rev_marker('r0') }} as rev
from ${src}
`;
  }
}

function tableSql(m, idx) {
  const [first, ...rest] = m.parents;
  // Two shapes, alternating: union-and-aggregate, or join on id.
  if (idx % 2 === 0 || rest.length === 0) {
    const unioned = m.parents
      .map((p) => `    select id, k, v, label from {{ ref('${p}') }}`)
      .join('\n    union all\n');
    return `-- layer ${m.layer}: union of ${m.parents.length} upstream model(s), aggregated by id
with unioned as (
${unioned}
)
select
    id,
    cast({{ bucket('sum(k) + ${idx}', 97) }} as integer) as k,
    {{ safe_divide('sum(v)', 'count(*)') }} as v,
    min(label) as label,
    {{ rev_marker('r0') }} as rev
from unioned
group by id
`;
  }
  const joins = rest
    .map((p, j) => `left join {{ ref('${p}') }} as p${j + 1} on p${j + 1}.id = p0.id`)
    .join('\n');
  const kSum = ['p0.k', ...rest.map((_, j) => `coalesce(p${j + 1}.k, 0)`)].join(' + ');
  const vSum = ['p0.v', ...rest.map((_, j) => `coalesce(p${j + 1}.v, 0)`)].join(' + ');
  return `-- layer ${m.layer}: ${first} joined with ${rest.join(', ')}, aggregated by id
select
    p0.id,
    cast({{ bucket('sum(${kSum}) + ${idx}', 89) }} as integer) as k,
    {{ safe_divide('sum(${vSum})', 'count(*)') }} as v,
    max(p0.label) as label,
    {{ rev_marker('r0') }} as rev
from {{ ref('${first}') }} as p0
${joins}
group by p0.id
`;
}

function schemaYml(models) {
  const tested = models.filter((m) => m.tested);
  const lines = ['version: 2', '', 'models:'];
  for (const m of tested) {
    lines.push(`  - name: ${m.name}`, '    columns:', '      - name: id', '        data_tests:', '          - not_null');
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

function writeFile(p, text) {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
}

function modelPath(outAbs, m) {
  return path.join(outAbs, 'models', m.kind === 'staging' ? 'staging' : `layer_${m.layer}`, `${m.name}.sql`);
}

function generate(outAbs, total, adapter) {
  const plan = planModels(total);
  // Only remove what we generate, keep target/, the database, logs etc. to the caller.
  for (const d of ['models', 'seeds', 'macros', 'tests']) fs.rmSync(path.join(outAbs, d), { recursive: true, force: true });
  writeFile(path.join(outAbs, 'dbt_project.yml'), DBT_PROJECT);
  writeFile(path.join(outAbs, 'profiles.yml'), profiles(outAbs, adapter));
  for (const [f, t] of Object.entries(MACROS)) writeFile(path.join(outAbs, 'macros', f), t);
  for (const [f, t] of Object.entries(seedFiles())) writeFile(path.join(outAbs, 'seeds', f), t);
  writeFile(path.join(outAbs, 'tests', '.gitkeep'), '');
  let stg = 0;
  let idx = 0;
  for (const m of plan.models) {
    writeFile(modelPath(outAbs, m), m.kind === 'staging' ? stagingSql(m, stg++, adapter) : tableSql(m, idx++));
  }
  writeFile(path.join(outAbs, 'models', 'schema.yml'), schemaYml(plan.models));
  writeFile(
    path.join(outAbs, 'bench_meta.json'),
    JSON.stringify(
      {
        models: plan.models.length,
        staging: plan.models.filter((m) => m.kind === 'staging').length,
        tables: plan.models.filter((m) => m.kind === 'table').length,
        seeds: 3,
        tests: plan.models.filter((m) => m.tested).length,
        edges: plan.models.reduce((s, m) => s + m.parents.length, 0),
        leaves: plan.leaves.length,
        touchLeaf: plan.leaf,
        touchLeafPath: path.relative(outAbs, modelPath(outAbs, plan.models.find((m) => m.name === plan.leaf))),
        touchRoot: plan.models[0].name,
        touchRootPath: path.relative(outAbs, modelPath(outAbs, plan.models[0])),
        touchRootDescendants: descendants(plan.models, plan.models[0].name),
      },
      null,
      2,
    ) + '\n',
  );
  return plan;
}

function touchLeaf(outAbs) {
  const metaPath = path.join(outAbs, 'bench_meta.json');
  if (!fs.existsSync(metaPath)) usage(`${outAbs} has no bench_meta.json: generate the project first`);
  const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
  const file = path.join(outAbs, meta.touchLeafPath);
  const sql = fs.readFileSync(file, 'utf8');
  const re = /rev_marker\('r(\d+)'\)/;
  const m = re.exec(sql);
  if (!m) throw new Error(`no rev_marker literal in ${file}`);
  const next = Number(m[1]) + 1;
  fs.writeFileSync(file, sql.replace(re, `rev_marker('r${next}')`));
  process.stdout.write(`touched ${meta.touchLeaf} (${meta.touchLeafPath}): rev r${m[1]} -> r${next}\n`);
}

function descendants(models, root) {
  const found = new Set([root]);
  for (const m of models) if (m.parents.some((p) => found.has(p))) found.add(m.name);
  return found.size - 1;
}

/** A tags-only edit (schema.yml) or a comment-only edit (the SQL) of the root model: its data cannot change. */
function touchRoot(outAbs, kind) {
  const metaPath = path.join(outAbs, 'bench_meta.json');
  if (!fs.existsSync(metaPath)) usage(`${outAbs} has no bench_meta.json: generate the project first`);
  const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
  if (kind === 'comment') {
    const file = path.join(outAbs, meta.touchRootPath);
    const sql = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `-- reviewed: no change in logic\n${sql.replace(/^-- staging view over/, '-- a staging view over').replace('\nfrom ', '\n    /* the seed */ from ')}`);
  } else {
    const file = path.join(outAbs, 'models', 'schema.yml');
    const yml = fs.readFileSync(file, 'utf8');
    const entry = `  - name: ${meta.touchRoot}\n`;
    const config = "    config:\n      tags: ['bench_edit']\n";
    fs.writeFileSync(file, yml.includes(entry) ? yml.replace(entry, entry + config) : yml + entry + config);
  }
  process.stdout.write(`touched ${meta.touchRoot}: ${kind} only (${meta.touchRootDescendants} descendants)\n`);
}

const opts = parseArgs(process.argv.slice(2));
const outAbs = path.resolve(opts.out);
if (opts.touchLeaf) {
  touchLeaf(outAbs);
} else if (opts.touchRoot) {
  touchRoot(outAbs, opts.touchRoot);
} else {
  fs.mkdirSync(outAbs, { recursive: true });
  const plan = generate(outAbs, opts.models, opts.adapter);
  process.stdout.write(
    `generated ${plan.models.length} models (${plan.models.filter((m) => m.tested).length} with not_null), ` +
      `3 seeds, ${plan.leaves.length} leaves into ${outAbs}; touch leaf: ${plan.leaf}\n`,
  );
}
