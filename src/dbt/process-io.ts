// Reading the dbt bridge's child process: its protocol stream as lines, and the tail of its stderr (or of the
// log file stderr went to) for error messages when it dies.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';

/** How much of the bridge's stderr is kept for the message when it exits unexpectedly. */
export const STDERR_TAIL_BYTES = 4000;

export function readLines(stream: Readable, onLine: (line: string) => void): void {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) onLine(line);
      newline = buffer.indexOf('\n');
    }
  });
  stream.on('error', () => undefined);
}

/** The last lines of the bridge's stderr (or of the log file stderr went to). */
export function tailSuffix(stderrTail: string, logFile: string | undefined): string {
  let tail = stderrTail;
  if (!tail && logFile !== undefined) tail = readTail(logFile, STDERR_TAIL_BYTES);
  tail = tail.trim();
  if (!tail) return '';
  const lines = tail.split('\n').slice(-20).join('\n');
  return `\n--- last output of the dbt bridge${logFile ? ` (${logFile})` : ''} ---\n${lines}`;
}

function readTail(file: string, bytes: number): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, bytes);
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, size - length);
      return buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}
