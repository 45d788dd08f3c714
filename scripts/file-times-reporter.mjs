// A node:test reporter that writes one table at the end: each test file's time (the sum of the durations of
// its top-level tests and suites, hooks included, as the file's own process measured them), slowest first,
// then the sum. Used by scripts/test.sh next to the spec reporter. The runner relays a file's events only
// when it reports that file, so arrival times say nothing when files run side by side; durations do.

import { relative } from 'node:path';

export default async function* fileTimes(source) {
  const seconds = new Map();
  const failed = new Set();
  for await (const event of source) {
    const file = event.data?.file;
    if (!file) continue;
    if (event.type === 'test:enqueue' && event.data.nesting === 0 && !seconds.has(file)) seconds.set(file, 0);
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.name !== file) {
      seconds.set(file, (seconds.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0) / 1000);
    }
    if (event.type === 'test:fail') failed.add(file);
  }
  const rows = [...seconds].map(([file, s]) => ({ file: relative(process.cwd(), file), seconds: s, failed: failed.has(file) }));
  rows.sort((a, b) => b.seconds - a.seconds);
  const total = rows.reduce((sum, r) => sum + r.seconds, 0);
  yield 'per-file times (each file\'s tests and hooks, slowest first; files run side by side, so the sum exceeds the wall clock)\n';
  for (const r of rows) yield `${r.seconds.toFixed(1).padStart(8)} s  ${r.file}${r.failed ? '  (failed)' : ''}\n`;
  yield `${total.toFixed(1).padStart(8)} s  total of ${rows.length} files\n`;
}
