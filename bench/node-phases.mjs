#!/usr/bin/env node
// Node's own share of a plan at scale (issue 14), without dbt's noise: parses a project once with the real
// bridge, then repeats in this process what the engine does with the result — read the manifest and build the
// graph, every node's own hash inputs, the Merkle link, the `plan --json` text — and prints each phase's CPU
// time (thread CPU, process.cpuUsage) as the minimum and median over the repetitions. A change to hashing is
// compared by running this before and after on the same project; the minimum is the least disturbed by load.
//
//   node --import tsx bench/node-phases.mjs [--project bench/out/plan-scale/p5000] [--reps 7]

import path from 'node:path';
import { startDbt } from '../src/dbt/start.ts';
import { parseWithDbt, loadProject } from '../src/engine/session.ts';
import { ownHashInputs } from '../src/engine/hashing.ts';
import { linkHashes } from '../src/hash/link.ts';
import { validateOptions } from '../src/options.ts';

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const project = path.resolve(arg('--project', 'bench/out/plan-scale/p5000'));
const reps = Number(arg('--reps', '7'));
const options = validateOptions({ command: 'build', planOnly: true, projectDir: project, profilesDir: project }, process.cwd());
const quiet = { line: () => undefined, warn: () => undefined };
const bridge = await startDbt(options, { env: process.env, cwd: process.cwd() });
const parsed = await parseWithDbt(bridge, options, { output: quiet, cwd: process.cwd() });
await bridge.close();

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const times = { load: [], own: [], link: [], json: [] };
for (let r = 0; r < reps; r++) {
  let t = cpu();
  const proj = await loadProject(parsed);
  times.load.push(cpu() - t);
  t = cpu();
  const own = ownHashInputs(proj, options, process.env);
  times.own.push(cpu() - t);
  t = cpu();
  const hashes = linkHashes(proj.graph, own, { upstreamOverride: new Map(), dataStates: new Map() });
  times.link.push(cpu() - t);
  t = cpu();
  const text = JSON.stringify({ nodes: [...hashes.values()].map((h) => ({ uniqueId: h.uniqueId, hash: h.hash, inputs: h.inputs })) }, null, 2);
  times.json.push(cpu() - t);
  if (text.length === 0) throw new Error('empty');
}
const sorted = (a) => [...a].sort((x, y) => x - y);
console.log(`node's phases on ${project} (${parsed.parse.manifestPath ? 'manifest read' : ''}), ${reps} repetitions, CPU seconds: min / median`);
for (const [phase, list] of Object.entries(times)) console.log(`${phase.padEnd(6)} ${sorted(list)[0].toFixed(3)} / ${sorted(list)[Math.floor(list.length / 2)].toFixed(3)}`);
