// A small generated dbt project for sharding tests (PostgreSQL): one hub table with a data test and twelve
// children (a fan-out the cut spreads over shards, so edges cross shards), two marts joining children, and
// an independent two-model chain. Every model is a table, so the warehouse shows what was built.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DBT, REPO } from './project.js';

export const LEAVES = 12;

export function writeShardedProject(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'shard-')), 'fan');
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(
    join(dir, 'dbt_project.yml'),
    ['name: fan', 'version: "1.0.0"', 'config-version: 2', 'profile: fan', 'model-paths: ["models"]', 'flags:', '  send_anonymous_usage_stats: false', 'models:', '  fan:', '    +materialized: table', ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'profiles.yml'),
    [
      'fan:',
      '  target: postgres',
      '  outputs:',
      '    postgres:',
      '      type: postgres',
      "      host: \"{{ env_var('DBT_PG_HOST', 'localhost') }}\"",
      "      port: \"{{ env_var('DBT_PG_PORT', '5432') | as_number }}\"",
      "      user: \"{{ env_var('DBT_PG_USER', 'postgres') }}\"",
      "      password: \"{{ env_var('DBT_PG_PASSWORD', '') }}\"",
      "      dbname: \"{{ env_var('DBT_PG_DBNAME', 'fan') }}\"",
      '      schema: main',
      '      threads: 1',
      '',
    ].join('\n'),
  );
  const model = (name: string, sql: string): void => writeFileSync(join(dir, 'models', `${name}.sql`), `${sql}\n`);
  model('hub', 'select g as id, g * 10 as amount from generate_series(1, 20) as g');
  writeFileSync(join(dir, 'models', 'schema.yml'), ['version: 2', 'models:', '  - name: hub', '    columns:', '      - name: id', '        data_tests: [not_null]', ''].join('\n'));
  for (let i = 1; i <= LEAVES; i++) model(leaf(i), `select id, amount + ${i} as amount from {{ ref('hub') }} where id % ${1 + (i % 4)} = 0`);
  model('mart_a', `select count(*) as n from {{ ref('${leaf(1)}') }} a join {{ ref('${leaf(6)}') }} b using (id)`);
  model('mart_b', `select sum(amount) as total from (select * from {{ ref('${leaf(11)}') }} union all select * from {{ ref('${leaf(12)}') }}) u`);
  model('solo_1', 'select 1 as id');
  model('solo_2', "select id from {{ ref('solo_1') }}");
  return dir;
}

export function leaf(i: number): string {
  return `leaf_${String(i).padStart(2, '0')}`;
}

export const fanModel = (name: string): string => `model.fan.${name}`;

export interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stdout(): string;
}

/** `dbt-orchestrator <args>` as its own process (own process group, so a kill takes its dbt along). */
export function spawnCli(project: string, args: string[], env: Record<string, string>): Spawned {
  const [command, ...rest] = args;
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/bin.ts'), command!, '--project-dir', project, '--profiles-dir', project, '--dbt', DBT, ...rest], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: out, stderr: err }));
  });
  return { child, done, stdout: () => out };
}
