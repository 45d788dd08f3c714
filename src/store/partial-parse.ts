// dbt's target/partial_parse.msgpack is its whole parsed manifest, including `env_vars`: the raw value
// of every env var the project read with env_var() (or dbt's placeholder when the default was used).
// The Actions cache of the default branch is readable by pull-request runs, forks included, so a file
// holding such values must not be cached unless the user opts in. This reads just enough msgpack to
// find that top-level map; a file it cannot read counts as holding values (never cache the unknown).

const DEFAULT_PLACEHOLDER = 'DBT_DEFAULT_PLACEHOLDER';

class Reader {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}

  private byte(): number {
    if (this.at >= this.buf.length) throw new Error('truncated');
    return this.buf[this.at++]!;
  }

  private uint(bytes: number): number {
    let n = 0;
    for (let i = 0; i < bytes; i++) n = n * 256 + this.byte();
    return n;
  }

  private take(length: number): Uint8Array {
    if (this.at + length > this.buf.length) throw new Error('truncated');
    const out = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  /** A string when the next value is one (consumed either way); otherwise undefined. */
  stringOrSkip(): string | undefined {
    const b = this.buf[this.at];
    const len = b === undefined ? -1 : b >= 0xa0 && b <= 0xbf ? b - 0xa0 : b === 0xd9 ? -2 : b === 0xda ? -3 : b === 0xdb ? -4 : -1;
    if (len === -1) {
      this.skip();
      return undefined;
    }
    this.at++;
    const n = len >= 0 ? len : this.uint(len === -2 ? 1 : len === -3 ? 2 : 4);
    return new TextDecoder().decode(this.take(n));
  }

  /** Map header: the number of entries, or undefined (consuming nothing) when the next value is not a map. */
  mapLength(): number | undefined {
    const b = this.buf[this.at];
    if (b === undefined) throw new Error('truncated');
    if (b >= 0x80 && b <= 0x8f) return (this.at++, b - 0x80);
    if (b === 0xde) return (this.at++, this.uint(2));
    if (b === 0xdf) return (this.at++, this.uint(4));
    return undefined;
  }

  skip(): void {
    const b = this.byte();
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return;
    if (b >= 0x80 && b <= 0x8f) return this.skipN((b - 0x80) * 2);
    if (b >= 0x90 && b <= 0x9f) return this.skipN(b - 0x90);
    if (b >= 0xa0 && b <= 0xbf) return void this.take(b - 0xa0);
    switch (b) {
      case 0xc4: case 0xd9: return void this.take(this.uint(1));
      case 0xc5: case 0xda: return void this.take(this.uint(2));
      case 0xc6: case 0xdb: return void this.take(this.uint(4));
      case 0xc7: return void this.take(this.uint(1) + 1);
      case 0xc8: return void this.take(this.uint(2) + 1);
      case 0xc9: return void this.take(this.uint(4) + 1);
      case 0xca: case 0xce: case 0xd2: return void this.take(4);
      case 0xcb: case 0xcf: case 0xd3: return void this.take(8);
      case 0xcc: case 0xd0: return void this.take(1);
      case 0xcd: case 0xd1: return void this.take(2);
      case 0xd4: return void this.take(2);
      case 0xd5: return void this.take(3);
      case 0xd6: return void this.take(5);
      case 0xd7: return void this.take(9);
      case 0xd8: return void this.take(17);
      case 0xdc: return this.skipN(this.uint(2));
      case 0xdd: return this.skipN(this.uint(4));
      case 0xde: return this.skipN(this.uint(2) * 2);
      case 0xdf: return this.skipN(this.uint(4) * 2);
      default: throw new Error(`unknown msgpack byte 0x${b.toString(16)}`);
    }
  }

  private skipN(count: number): void {
    for (let i = 0; i < count; i++) this.skip();
  }
}

/**
 * Names of env vars whose real value the partial-parse file holds (sorted), [] when none, or undefined
 * when the file cannot be read as dbt's manifest map (treat as "holds values").
 */
export function envValuesInPartialParse(bytes: Uint8Array): string[] | undefined {
  try {
    const r = new Reader(bytes);
    const entries = r.mapLength();
    if (entries === undefined) return undefined;
    for (let i = 0; i < entries; i++) {
      const key = r.stringOrSkip();
      if (key !== 'env_vars') {
        r.skip();
        continue;
      }
      const count = r.mapLength();
      if (count === undefined) {
        r.skip();
        return [];
      }
      const names: string[] = [];
      for (let j = 0; j < count; j++) {
        const name = r.stringOrSkip();
        const value = r.stringOrSkip();
        if (name !== undefined && value !== DEFAULT_PLACEHOLDER) names.push(name);
      }
      return names.sort();
    }
    return [];
  } catch {
    return undefined;
  }
}

export type PartialParseCaching = 'auto' | 'true' | 'false';

export interface PartialParseDecision {
  save: boolean;
  /** What to tell the user; `warn` when values are cached on purpose or the file could not be read. */
  message?: string;
  warn?: boolean;
}

/** Whether to save the partial-parse file to the Actions cache (`cache-partial-parse` input). */
export function partialParseDecision(policy: PartialParseCaching, bytes: Uint8Array | undefined): PartialParseDecision {
  if (policy === 'false') return { save: false, message: "cache-partial-parse is 'false': dbt's partial-parse file is not cached" };
  if (bytes === undefined) return { save: false };
  const names = envValuesInPartialParse(bytes);
  const what = names === undefined ? 'may hold env var values (its format was not recognised)' : `holds the values of env var(s) ${names.join(', ')}`;
  if (names !== undefined && names.length === 0) return { save: true };
  if (policy === 'true') {
    return {
      save: true,
      warn: true,
      message: `cache: dbt's partial-parse file ${what}; it is cached because cache-partial-parse is 'true', and pull-request runs (forks included) can read the default branch's cache`,
    };
  }
  return {
    save: false,
    message: `dbt's partial-parse file ${what}: not cached, since pull-request runs can read the cache (dbt parses in full next time; set cache-partial-parse: true to cache it anyway)`,
  };
}
