// Cuts one run set into shards for a GitHub Actions matrix, so that each shard's dbt process has as much
// independent work as possible and cross-shard waiting is rare (groundwork for issue 14; pure).
//
// 1. Weakly connected components that fit a shard's fair share of work go whole to the least loaded shard
//    (longest processing time first): no edge of theirs ever crosses a shard.
// 2. The rest (components bigger than a fair share) is placed by a list-scheduling simulation: every shard
//    has `threads` slots; when a slot frees, the shard takes the ready node with the longest remaining path
//    below it (its own pinned nodes compete with the unplaced ones). A node whose parents ran on another
//    shard is ready there only `crossShardDelaySeconds` later (the time to see the parent's state record),
//    which keeps chains together unless spreading them wins.
// The same simulation estimates the makespan; `lowerBound` is max(critical path, total work / slots).

export interface ShardNode {
  id: string;
  /** Expected execution time (the last known one from the store, else an estimate). */
  seconds: number;
  /** Parents inside the run set (dependencies on nodes outside it are already satisfied). */
  parents: string[];
}

export interface CutOptions {
  shards: number;
  /** dbt threads per shard. */
  threads: number;
  crossShardDelaySeconds: number;
  /** How much priority (seconds of remaining path) a shard gives up to keep a chain on one shard. */
  affinitySlackSeconds: number;
}

export interface ShardCut {
  /** Shard index (0-based) of every node. */
  shardOf: Map<string, number>;
  /** Node ids per shard, in the order the simulation started them. */
  shards: string[][];
  /** Edges whose parent runs on another shard: what each shard will wait for. */
  waits: Array<{ node: string; parent: string; parentShard: number; shard: number }>;
  estimatedMakespan: number;
  lowerBound: number;
}

interface Graph {
  byId: Map<string, ShardNode>;
  children: Map<string, string[]>;
  /** Longest path from the node to a sink, its own duration included. */
  bottom: Map<string, number>;
}

function graphOf(nodes: ShardNode[]): Graph {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const p of n.parents) if (byId.has(p)) children.get(p)!.push(n.id);
  const bottom = new Map<string, number>();
  const visit = (id: string): number => {
    const known = bottom.get(id);
    if (known !== undefined) return known;
    let below = 0;
    for (const child of children.get(id)!) below = Math.max(below, visit(child));
    const value = below + byId.get(id)!.seconds;
    bottom.set(id, value);
    return value;
  };
  // Iterative deepening is not needed for run sets of a few thousand nodes, but a chain of 10k would
  // overflow the stack: visit in reverse topological order so recursion stays shallow.
  for (const id of topological(nodes, byId).reverse()) visit(id);
  return { byId, children, bottom };
}

function topological(nodes: ShardNode[], byId: Map<string, ShardNode>): string[] {
  const indegree = new Map(nodes.map((n) => [n.id, n.parents.filter((p) => byId.has(p)).length]));
  const children = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const n of nodes) for (const p of n.parents) if (byId.has(p)) children.get(p)!.push(n.id);
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const child of children.get(id)!) {
      const left = indegree.get(child)! - 1;
      indegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  if (order.length !== nodes.length) throw new Error('the run set has a cycle');
  return order;
}

function components(nodes: ShardNode[], byId: Map<string, ShardNode>): string[][] {
  const parent = new Map(nodes.map((n) => [n.id, n.id]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; parent.get(y) !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  for (const n of nodes) for (const p of n.parents) if (byId.has(p)) parent.set(find(n.id), find(p));
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    const root = find(n.id);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(n.id);
  }
  return [...groups.values()];
}

/** Runs the list-scheduling simulation; nodes missing from `pinned` are placed as they become ready. */
function simulate(graph: Graph, pinned: Map<string, number>, options: CutOptions): { shardOf: Map<string, number>; order: string[][]; makespan: number } {
  const { shards, threads, crossShardDelaySeconds: delay } = options;
  const shardOf = new Map(pinned);
  const order: string[][] = Array.from({ length: shards }, () => []);
  const finish = new Map<string, number>();
  const waiting = new Map<string, number>();
  for (const [id, node] of graph.byId) waiting.set(id, node.parents.filter((p) => graph.byId.has(p)).length);
  // Ready nodes, highest priority first; `at[s]` is when the node may start on shard s.
  const ready: Array<{ id: string; key: number; at: number[] }> = [];
  const makeReady = (id: string): void => {
    const at = new Array<number>(shards).fill(0);
    for (const p of graph.byId.get(id)!.parents) {
      const end = finish.get(p);
      if (end === undefined) continue;
      const home = shardOf.get(p)!;
      for (let s = 0; s < shards; s++) at[s] = Math.max(at[s]!, s === home ? end : end + delay);
    }
    const key = graph.bottom.get(id)!;
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ready[mid]!.key >= key) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, { id, key, at });
  };
  for (const [id, n] of waiting) if (n === 0) makeReady(id);
  // Among the ready nodes a shard may start now, the highest priority one; but a node whose parents all ran
  // on this shard wins over a higher one that would add a cross-shard wait, within `affinitySlack` of it.
  const affine = (id: string, s: number): boolean => graph.byId.get(id)!.parents.every((p) => !graph.byId.has(p) || shardOf.get(p) === s);
  const pickFor = (s: number): number => {
    let first = -1;
    for (let i = 0; i < ready.length; i++) {
      const r = ready[i]!;
      if ((shardOf.get(r.id) ?? s) !== s || r.at[s]! > now) continue;
      if (first < 0) {
        first = i;
        if (affine(r.id, s)) return i;
        continue;
      }
      if (r.key < ready[first]!.key - options.affinitySlackSeconds) break;
      if (affine(r.id, s)) return i;
    }
    return first;
  };
  const free = Array.from({ length: shards }, () => new Array<number>(threads).fill(0));
  const running: Array<{ id: string; end: number }> = [];
  let now = 0;
  let done = 0;

  while (done < graph.byId.size) {
    let started = false;
    for (let s = 0; s < shards; s++) {
      for (let t = 0; t < threads; t++) {
        if (free[s]![t]! > now) continue;
        const index = pickFor(s);
        if (index < 0) break;
        const id = ready.splice(index, 1)[0]!.id;
        shardOf.set(id, s);
        order[s]!.push(id);
        const end = now + graph.byId.get(id)!.seconds;
        free[s]![t] = end;
        running.push({ id, end });
        started = true;
      }
    }
    if (started) continue;
    // Advance to the next event: a node finishing, or a cross-shard wait running out.
    let next = Infinity;
    for (const r of running) next = Math.min(next, r.end);
    for (const r of ready) {
      const home = shardOf.get(r.id);
      for (let s = 0; s < shards; s++) if ((home ?? s) === s && r.at[s]! > now) next = Math.min(next, r.at[s]!);
    }
    if (next === Infinity) throw new Error('simulation stalled');
    now = next;
    for (let i = running.length - 1; i >= 0; i--) {
      const r = running[i]!;
      if (r.end > now) continue;
      running.splice(i, 1);
      finish.set(r.id, r.end);
      done += 1;
      for (const child of graph.children.get(r.id)!) {
        const left = waiting.get(child)! - 1;
        waiting.set(child, left);
        if (left === 0) makeReady(child);
      }
    }
  }
  return { shardOf, order, makespan: Math.max(0, ...finish.values()) };
}

export function cutIntoShards(nodes: ShardNode[], options: CutOptions): ShardCut {
  if (!Number.isInteger(options.shards) || options.shards < 1) throw new Error('shards must be a positive integer');
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error('threads must be a positive integer');
  const graph = graphOf(nodes);
  const total = nodes.reduce((sum, n) => sum + n.seconds, 0);
  const criticalPath = Math.max(0, ...graph.bottom.values());
  const lowerBound = Math.max(criticalPath, total / (options.shards * options.threads));
  const fairShare = total / options.shards;

  const pinned = new Map<string, number>();
  const load = new Array<number>(options.shards).fill(0);
  const work = (ids: string[]): number => ids.reduce((sum, id) => sum + graph.byId.get(id)!.seconds, 0);
  const groups = components(nodes, graph.byId)
    .map((ids) => ({ ids, work: work(ids) }))
    .sort((a, b) => b.work - a.work);
  for (const group of groups) {
    if (group.work > fairShare) continue; // spread by the simulation
    let shard = 0;
    for (let s = 1; s < options.shards; s++) if (load[s]! < load[shard]!) shard = s;
    load[shard]! += group.work;
    for (const id of group.ids) pinned.set(id, shard);
  }
  const { shardOf, order, makespan } = simulate(graph, pinned, options);
  const waits: ShardCut['waits'] = [];
  for (const n of nodes) {
    for (const p of n.parents) {
      if (!graph.byId.has(p)) continue;
      const parentShard = shardOf.get(p)!;
      const shard = shardOf.get(n.id)!;
      if (parentShard !== shard) waits.push({ node: n.id, parent: p, parentShard, shard });
    }
  }
  return { shardOf, shards: order, waits, estimatedMakespan: makespan, lowerBound };
}
