// The memo of the plain builds that "the warehouse equals a plain `dbt build`" checks compare against
// (test/helpers/warehouse.ts). A fresh plain build of the same files, vars, target and arguments always yields
// the same relations, so its dump is kept by everything it reads: in memory for the test process, and, when
// scripts/test.sh names a directory for the run (DBT_TEST_PLAIN_MEMO), as a file there, so that two test files
// reaching the same code (most compare the unchanged example) build it plainly once. PLAIN_BUILD_MEMO=0 turns
// both off (a check without a key, e.g. one that prepares its warehouse first, is never memoised).

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const inMemory = new Map<string, unknown>();

export function memoised<T>(key: string | undefined, build: () => T): T {
  if (key === undefined || process.env.PLAIN_BUILD_MEMO === '0') return build();
  if (inMemory.has(key)) return inMemory.get(key) as T;
  const dir = process.env.DBT_TEST_PLAIN_MEMO;
  const file = dir && existsSync(dir) ? join(dir, `${key}.json`) : undefined;
  if (file && existsSync(file)) {
    const known = JSON.parse(readFileSync(file, 'utf8')) as T;
    inMemory.set(key, known);
    return known;
  }
  const value = build();
  inMemory.set(key, value);
  if (file) {
    // Written whole, then renamed: a file running beside this one reads all of it or nothing.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(value));
    renameSync(partial, file);
  }
  return value;
}
