// Atomic JSON file writes shared by the reports and the local result store (a lower layer than both).
//
// Readers (a later run, a CI step uploading artifacts, a concurrent writer) must only ever see either the
// previous complete file or the new complete file, never a half-written one. Writing to a temp file in the
// SAME directory and renaming it over the target gives that on POSIX file systems, because rename within one
// file system is atomic. The temp name is unique per process and call so concurrent writers never collide.

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of in-flight temp files; directory scans skip names ending with it. */
export const TEMP_SUFFIX = '.tmp';

/** Serialises like every file we write: 2-space indentation and a trailing newline (diff-friendly). */
export function toPrettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A hidden, unique sibling of `path`: `.<name>.<pid>.<random>.tmp`. */
export function tempPathFor(path: string): string {
  const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.${unique}${TEMP_SUFFIX}`);
}

export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/** Writes `text` to `path` atomically (temp file + fsync + rename), creating missing parent directories. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      // Flush before the rename so a crash cannot leave the new name pointing at empty content.
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Writes `value` as pretty JSON (2 spaces, trailing newline) to `path` atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, toPrettyJson(value));
}
