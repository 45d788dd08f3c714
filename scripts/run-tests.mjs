// Runs node:test files in the order given, N at a time: `node --test` sorts its files by name, which would
// lose the slowest-first order of scripts/test-order.txt (and leave the slowest files for the end, when one
// lane is left running them alone). Same reporters as `node --test`: the spec reporter on stdout and the
// per-file times (scripts/file-times-reporter.mjs) into a file. Exit code 1 when any test failed.
//
//   node --import tsx scripts/run-tests.mjs <times-file> <concurrency> <file>...
//
// Each file runs in a process of its own with this process's node options (so with `--import tsx`).

import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import fileTimes from './file-times-reporter.mjs';

const [timesPath, concurrencyText, ...files] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
if (!timesPath || !Number.isInteger(concurrency) || concurrency < 1 || files.length === 0) {
  console.error('usage: node --import tsx scripts/run-tests.mjs <times-file> <concurrency> <file>...');
  process.exit(2);
}

const events = run({ files: files.map((f) => resolve(f)), concurrency });
events.on('test:fail', () => {
  process.exitCode = 1;
});
const toSpec = new PassThrough({ objectMode: true });
const toTimes = new PassThrough({ objectMode: true });
events.pipe(toSpec);
events.pipe(toTimes);
toSpec.compose(spec).pipe(process.stdout);
toTimes.compose(fileTimes).pipe(createWriteStream(timesPath));
