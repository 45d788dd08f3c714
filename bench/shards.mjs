#!/usr/bin/env node
// Simulation benchmark of the shard cut (src/shard/cut.ts): a generated 2,000-node dbt-like DAG with per-node
// durations drawn from a log-normal distribution, cut into N = 1, 2, 4, 8, 16 shards; prints the simulated
// makespan of our cut against the lower bound max(critical path, total work / (N * threads)). No sleeps, no dbt:
// the durations are simulated. Goal (issue 14): within 15 % of the bound at N <= 8.
//
//   node --import tsx bench/shards.mjs [--nodes 2000] [--threads 4] [--delay 5] [--seed 7] [--slack 30]

import { cutIntoShards } from '../src/shard/cut.ts';

const opts = { nodes: 2000, threads: 4, delay: 5, seed: 7, slack: 30 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts)) throw new Error(`unknown option ${argv[i]}`);
  opts[key] = Number(argv[i + 1]);
}

// mulberry32: a small seeded PRNG, so every run measures the same DAG.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(opts.seed);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const logNormal = (median, sigma) => median * Math.exp(sigma * normal());
const pick = (list, k) => Array.from({ length: Math.min(k, list.length) }, () => list[Math.floor(random() * list.length)]);

/** A dbt-like project: a few domains (weakly connected), staging -> intermediate -> marts, tests on models. */
function generate(total) {
  const nodes = [];
  const add = (id, seconds, parents) => nodes.push({ id, seconds, parents: [...new Set(parents)] });
  const models = Math.round(total * 0.6);
  const domains = [0.4, 0.25, 0.12, 0.08, 0.05, 0.04, 0.03, 0.03].map((share) => Math.max(3, Math.round(models * share)));
  domains.forEach((size, d) => {
    const staging = [];
    const intermediate = [];
    const marts = [];
    for (let i = 0; i < size; i++) {
      const layer = i < size * 0.4 ? 'stg' : i < size * 0.75 ? 'int' : 'mart';
      const id = `model.d${d}.${layer}_${i}`;
      if (layer === 'stg') {
        add(id, logNormal(1.5, 0.8), []);
        staging.push(id);
      } else if (layer === 'int') {
        add(id, logNormal(4, 1.0), [...pick(staging, 1 + Math.floor(random() * 3)), ...pick(intermediate, random() < 0.3 ? 1 : 0)]);
        intermediate.push(id);
      } else {
        add(id, logNormal(8, 1.1), [...pick(intermediate, 2 + Math.floor(random() * 3)), ...pick(marts, random() < 0.2 ? 1 : 0)]);
        marts.push(id);
      }
    }
  });
  const modelIds = nodes.map((n) => n.id);
  while (nodes.length < total) add(`test.t${nodes.length}`, logNormal(0.6, 0.7), pick(modelIds, 1));
  return nodes;
}

const nodes = generate(opts.nodes);
const total = nodes.reduce((s, n) => s + n.seconds, 0);
console.log(`DAG: ${nodes.length} nodes, ${total.toFixed(0)} s of work, ${opts.threads} threads per shard, cross-shard delay ${opts.delay} s`);
console.log('');
console.log('| shards | makespan (s) | lower bound (s) | ratio | cross-shard edges | plan time (ms) |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const shards of [1, 2, 4, 8, 16]) {
  const started = performance.now();
  const cut = cutIntoShards(nodes, { shards, threads: opts.threads, crossShardDelaySeconds: opts.delay, affinitySlackSeconds: opts.slack });
  const ms = performance.now() - started;
  const ratio = cut.estimatedMakespan / cut.lowerBound;
  console.log(`| ${shards} | ${cut.estimatedMakespan.toFixed(0)} | ${cut.lowerBound.toFixed(0)} | ${ratio.toFixed(3)} | ${cut.waits.length} | ${ms.toFixed(0)} |`);
}
