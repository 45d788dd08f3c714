// Test-only zip reader, to look inside the zips the fakes serve and receive: central directory; stored and
// deflated entries; zip64 sizes and offsets; CRC checked. (The product downloads artifacts with
// @actions/artifact and reads no zips itself.)

import { crc32, inflateRawSync } from 'node:zlib';

import { formatBinaryBytes as formatBytes } from '../../src/util/format.js';

/** An entry above the size its reader was allowed. */
export class OverLimit extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverLimit';
  }
}

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  /** Uncompressed size as the central directory declares it (read() checks it). */
  size: number;
  /** Inflates the entry; throws OverLimit rather than inflate more than `maxBytes`. */
  read(maxBytes?: number): Buffer;
}

export function readZip(zip: Buffer): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(zip);
  let count = zip.readUInt16LE(eocd + 10);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50) throw new Error('zip64 locator missing');
    const z64 = Number(zip.readBigUInt64LE(locator + 8));
    if (z64 + 56 > zip.length || zip.readUInt32LE(z64) !== 0x06064b50) throw new Error('zip64 end record missing');
    count = Number(zip.readBigUInt64LE(z64 + 32));
    cdOffset = Number(zip.readBigUInt64LE(z64 + 48));
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    let compressedSize = zip.readUInt32LE(p + 20);
    let size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    let localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const extra = zip.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
      if (extra.readUInt16LE(e) !== 0x0001) continue;
      let q = e + 4;
      if (size === 0xffffffff) (size = Number(extra.readBigUInt64LE(q))), (q += 8);
      if (compressedSize === 0xffffffff) (compressedSize = Number(extra.readBigUInt64LE(q))), (q += 8);
      if (localOffset === 0xffffffff) localOffset = Number(extra.readBigUInt64LE(q));
    }
    p += 46 + nameLen + extraLen + commentLen;
    entries.set(name, {
      name,
      isDirectory: name.endsWith('/'),
      size,
      read: (maxBytes?: number) => {
        if (maxBytes !== undefined && size > maxBytes) throw new OverLimit(`${name} is ${formatBytes(size)} once inflated`);
        if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
        const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const raw = zip.subarray(start, start + compressedSize);
        let data: Buffer;
        if (method === 0) data = Buffer.from(raw);
        else if (method === 8) data = maxBytes === undefined ? inflateRawSync(raw) : inflateCapped(raw, name, maxBytes);
        else throw new Error(`unsupported compression method ${method} for ${name}`);
        if (data.length !== size) throw new Error(`${name} is ${data.length} bytes, the directory says ${size}`);
        if (crc32(data) !== crc) throw new Error(`CRC mismatch for ${name}`);
        return data;
      },
    });
  }
  return entries;
}

/** Inflates at most `max` bytes: a directory that lies about the size cannot make us inflate a bomb. */
function inflateCapped(raw: Buffer, name: string, max: number): Buffer {
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, max) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new OverLimit(`${name} inflates to more than ${formatBytes(max)}`);
    throw error;
  }
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === 0x06054b50) return i;
  throw new Error('end of central directory not found (not a zip?)');
}
