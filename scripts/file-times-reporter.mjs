// A node:test reporter that measures each test file's wall time (from the moment the runner starts the
// file's process until the file's last event) and writes one table at the end: `seconds  file`, slowest
// first, then the sum. Used by scripts/test.sh next to the spec reporter.

import { relative } from 'node:path';

export default async function* fileTimes(source) {
  const started = new Map();
  const last = new Map();
  const failed = new Set();
  for await (const event of source) {
    const file = event.data?.file;
    if (!file) continue;
    const now = performance.now();
    // The runner dequeues a file's own test (named after the file) when it starts the child process.
    if (event.type === 'test:dequeue' && event.data.nesting === 0 && event.data.name === file && !started.has(file)) started.set(file, now);
    if (!started.has(file)) continue; // enqueued, not started yet
    last.set(file, now);
    if (event.type === 'test:fail') failed.add(file);
  }
  const rows = [...started.keys()].map((file) => ({ file: relative(process.cwd(), file), seconds: ((last.get(file) ?? started.get(file)) - started.get(file)) / 1000, failed: failed.has(file) }));
  rows.sort((a, b) => b.seconds - a.seconds);
  const total = rows.reduce((sum, r) => sum + r.seconds, 0);
  yield 'per-file times (wall clock, slowest first)\n';
  for (const r of rows) yield `${r.seconds.toFixed(1).padStart(8)} s  ${r.file}${r.failed ? '  (failed)' : ''}\n`;
  yield `${total.toFixed(1).padStart(8)} s  total of ${rows.length} files\n`;
}
