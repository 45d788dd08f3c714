// `dbt-orchestrator` command line: parses arguments, runs the engine, maps the result to an exit code.

import { Command as Program, CommanderError, Option } from 'commander';
import { runEngine, type EngineDeps, type EngineResult } from './engine/run.js';
import { runFreshness } from './engine/freshness.js';
import { addMergeCommand, addShardBuildOptions, shardBuild, shardPlan } from './shard/cli.js';
import { runStats } from './stats.js';
import { EXIT_BAD_INPUT, InputError } from './errors.js';
import { OptionValues } from './cli-values.js';
import { COMMANDS, validateOptions, type RawOptions } from './options.js';
import { planLines, streamOutput, type Output } from './report/console.js';
import { dbtVersionInfo, packageVersion, versionLines } from './version.js';
import type { Prestarted } from './dbt/prestart.js';

interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  /** The bridge bin.ts spawned before loading the CLI (dbt/prestart.ts); the engine adopts it if it matches. */
  prestarted?: Prestarted;
}

function collect(value: string, previous: string[] = []): string[] {
  // dbt accepts space-separated selectors in one flag as well as repeated flags.
  return [...previous, ...value.split(/\s+/).filter((v) => v !== '')];
}

/** What every command needs to reach dbt: the project, its profile and target, vars, a selection. */
function addProjectOptions(cmd: Program): Program {
  return cmd
    .option('--project-dir <dir>', 'dbt project directory (holds dbt_project.yml)', '.')
    .option('--profiles-dir <dir>', 'directory holding profiles.yml')
    .option('-t, --target <name>', 'dbt target from profiles.yml')
    .option('--vars <yaml>', "dbt vars as a YAML mapping, e.g. '{start_date: 2024-01-01}'")
    .option('-s, --select <selectors...>', 'dbt node selection (space-separated or repeated, as in dbt)', collect)
    .option('--exclude <selectors...>', 'dbt node exclusion (space-separated or repeated, as in dbt)', collect)
    .option('--dbt <path>', 'dbt executable (default: the project virtualenv or PATH)');
}

/** The build commands and plan: selection by selector or state, execution and reuse settings. */
function addSharedOptions(cmd: Program): Program {
  return addProjectOptions(cmd)
    .option('--selector <name>', 'a selector from selectors.yml')
    .option('--state <dir>', 'folder with a manifest.json for state: selectors and --defer')
    .option('--defer', 'resolve unselected refs to the --state manifest', false)
    .option('--full-refresh', 'rebuild incremental models, seeds and snapshots from scratch', false)
    .option('--threads <n>', 'concurrent nodes (default: the profile threads)')
    .option('--retries <n>', 'retry a node that errors up to N times', '0')
    .option('--retry-delay <seconds>', 'wait before each retry', '0')
    .option('--store <dir>', 'result store directory (default: <project-dir>/.dbt-orchestrator)')
    .option('--no-reuse', 'build everything (results are still recorded)')
    .addOption(new Option('--unknown-sources <policy>', 'sources without a data state (no freshness config)').choices(['rebuild', 'assume-unchanged']).default('rebuild'))
    .option('--max-age <duration>', 'rebuild any node last built longer ago than this (e.g. 24h)')
    .option('-v, --verbose', 'list every reused node with its reason (default: one summary line)', false);
}

function toRaw(command: string, opts: Record<string, unknown>, planOnly: boolean): RawOptions {
  const v = new OptionValues(opts);
  return {
    command,
    planOnly,
    projectDir: v.required('projectDir'),
    profilesDir: v.text('profilesDir'),
    target: v.text('target'),
    vars: v.text('vars'),
    select: v.list('select'),
    exclude: v.list('exclude'),
    selector: v.text('selector'),
    state: v.text('state'),
    defer: v.flag('defer'),
    fullRefresh: v.flag('fullRefresh'),
    threads: v.text('threads'),
    retries: v.text('retries') ?? '0',
    retryDelay: v.text('retryDelay') ?? '0',
    store: v.text('store'),
    reuse: opts.reuse === undefined ? true : v.flag('reuse'),
    dbt: v.text('dbt'),
    unknownSources: v.text('unknownSources'),
    maxAge: v.text('maxAge'),
    explain: v.text('explain'),
  };
}

async function execute(raw: RawOptions, io: CliIo, output: Output, json: boolean): Promise<number> {
  const options = validateOptions(raw, io.cwd);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  let result: EngineResult;
  try {
    result = await runEngine(options, {
      output: json ? { line: () => undefined, warn: output.warn } : output,
      env: io.env,
      cwd: io.cwd,
      prestarted: io.prestarted,
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
  if (result.error) io.stderr.write(`error: ${result.error}\n`);
  if (raw.planOnly) {
    if (json) io.stdout.write(`${JSON.stringify({ command: raw.command, nodes: result.plan, ...(result.explanation ? { explanation: result.explanation } : {}) }, null, 2)}\n`);
    else if (result.explanation) for (const line of result.explanation) output.line(line);
    else if (!result.error) for (const line of planLines(result.plan)) output.line(line);
  }
  return result.exitCode;
}

async function freshness(opts: Record<string, unknown>, io: CliIo, output: Output): Promise<number> {
  const base = validateOptions(toRaw('build', opts, true), io.cwd);
  const result = await runFreshness(
    {
      projectDir: base.projectDir,
      profilesDir: base.profilesDir,
      target: base.target,
      vars: base.vars,
      select: base.select,
      exclude: base.exclude,
      onStale: new OptionValues(opts).choice('onStale', ['warn', 'fail'] as const),
      dbtPath: base.dbtPath,
    },
    { output, env: io.env, cwd: io.cwd, prestarted: io.prestarted, now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  );
  if (result.error) io.stderr.write(`error: ${result.error}\n`);
  if (result.sourcesPath) output.line(`Wrote ${result.sourcesPath}`);
  return result.exitCode;
}

function statsValues(v: OptionValues): { projectDir: string; store: string | undefined; last: string } {
  return { projectDir: v.required('projectDir'), store: v.text('store'), last: v.required('last') };
}

function engineDeps(io: CliIo, output: Output, signal?: AbortSignal): EngineDeps {
  return { output, env: io.env, cwd: io.cwd, prestarted: io.prestarted, now: () => new Date(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), signal };
}

/** Runs `fn` with an AbortSignal fired by SIGINT/SIGTERM. */
async function withSignal<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

const VERSION_FLAGS = ['-V', '--version'];

/** `--version` before any command (`dbt-orchestrator --dbt PATH --version` also works). */
function isVersionRequest(argv: string[]): boolean {
  return argv.length > 0 && argv[0]!.startsWith('-') && argv.some((a) => VERSION_FLAGS.includes(a));
}

async function version(io: CliIo): Promise<number> {
  const program = new Program('dbt-orchestrator')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .option('-V, --version')
    .option('--project-dir <dir>', '', '.')
    .option('--dbt <path>');
  program.parse(io.argv, { from: 'user' });
  const opts = program.opts<{ projectDir: string; dbt?: string }>();
  const info = await dbtVersionInfo({ dbtPath: opts.dbt, projectDir: opts.projectDir, env: io.env, cwd: io.cwd });
  for (const line of versionLines(packageVersion(), info)) io.stdout.write(`${line}\n`);
  return 0;
}

export async function main(io: CliIo): Promise<number> {
  if (isVersionRequest(io.argv)) {
    try {
      return await version(io);
    } catch (error) {
      if (error instanceof CommanderError) return EXIT_BAD_INPUT;
      throw error;
    }
  }
  const output = streamOutput(io.stdout, io.stderr, { env: io.env });
  const outputFor = (opts: Record<string, unknown>): Output => streamOutput(io.stdout, io.stderr, { env: io.env, verbose: Boolean(opts.verbose) });
  let exitCode = 0;
  const program = new Program('dbt-orchestrator')
    .description('Run a dbt project node by node and reuse every node whose inputs did not change.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run dbt-orchestrator --help for usage)')
    .addHelpText('after', '\n  -V, --version [--dbt PATH] [--project-dir DIR]\n      print this version and the dbt-core and adapter versions of the dbt a build would use; exit 0');

  for (const name of COMMANDS) {
    const cmd = addSharedOptions(program.command(name).description(`dbt ${name}, reusing unchanged nodes`));
    if (name === 'build') addShardBuildOptions(cmd);
    cmd.action(async (opts: Record<string, unknown>) => {
      if (opts.shard !== undefined || opts.plan !== undefined) {
        exitCode = await withSignal((signal) => shardBuild(opts, validateOptions(toRaw(name, { ...opts, select: undefined, exclude: undefined }, false), io.cwd), engineDeps(io, outputFor(opts), signal), io));
        return;
      }
      exitCode = await execute(toRaw(name, opts, false), io, outputFor(opts), false);
    });
  }
  addSharedOptions(program.command('plan').description('dry run: what would run, what would be reused, and why'))
    .addOption(new Option('--command <command>', 'the command to plan').choices([...COMMANDS]).default('build'))
    .option('--json', 'print the plan as JSON', false)
    .option('--explain <node>', 'explain one node instead of the plan table: every hash input old → new, and the decision')
    .option('--shards <n>', 'cut the build into N shards for N machines (a GitHub Actions matrix): per shard its nodes and waits; with --json the plan file for `build --shard`')
    .action(async (opts: Record<string, unknown>) => {
      if (opts.shards !== undefined) {
        const raw = toRaw(new OptionValues(opts).required('command'), opts, true);
        exitCode = await shardPlan(validateOptions(raw, io.cwd), opts.shards, Boolean(opts.json), engineDeps(io, outputFor(opts)), io, outputFor(opts));
        return;
      }
      exitCode = await execute(toRaw(new OptionValues(opts).required('command'), opts, true), io, outputFor(opts), Boolean(opts.json));
    });
  addSharedOptions(program.command('explain').argument('<node>', 'a node name (as for --select) or unique_id').description('why a node runs or is reused: every hash input old → new against the record of what its relation holds'))
    .addOption(new Option('--command <command>', 'the command whose plan to explain').choices([...COMMANDS]).default('build'))
    .action(async (node: string, opts: Record<string, unknown>) => {
      exitCode = await execute({ ...toRaw(new OptionValues(opts).required('command'), opts, true), explain: node }, io, output, false);
    });
  addMergeCommand(program, io, output, (code) => {
    exitCode = code;
  });
  program
    .command('stats')
    .description("the store's run log: the last N runs (built, reused, failed, warehouse time saved) and their total")
    .option('--project-dir <dir>', 'dbt project directory (its store is <dir>/.dbt-orchestrator)', '.')
    .option('--store <dir>', 'result store directory (default: <project-dir>/.dbt-orchestrator)')
    .option('--last <n>', 'how many of the newest runs to show', '20')
    .option('--json', 'print the runs and the total as JSON', false)
    .action(async (opts: Record<string, unknown>) => {
      exitCode = await runStats(
        { ...statsValues(new OptionValues(opts)), json: Boolean(opts.json) },
        { cwd: io.cwd, stdout: io.stdout, warn: output.warn },
      );
    });

  addProjectOptions(program.command('freshness').description('dbt source freshness over the selected sources (default: all): a table, target/sources.json, exit by --on-stale'))
    .addOption(new Option('--on-stale <policy>', 'warn: report only; fail: exit 1 when a source is past error_after or cannot be measured').choices(['warn', 'fail']).default('warn'))
    .action(async (opts: Record<string, unknown>) => {
      exitCode = await freshness(opts, io, output);
    });

  try {
    await program.parseAsync(io.argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; unknown commands or flags are bad input.
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    if (error instanceof InputError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
