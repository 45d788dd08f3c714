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

  /** Decodes one value fully (for the small maps read here); ext types and bins become undefined. */
  value(): unknown {
    const b = this.buf[this.at];
    if (b === undefined) throw new Error('truncated');
    const map = this.mapLength();
    if (map !== undefined) {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < map; i++) {
        const key = this.value();
        out[String(key)] = this.value();
      }
      return out;
    }
    if ((b >= 0xa0 && b <= 0xbf) || b === 0xd9 || b === 0xda || b === 0xdb) return this.stringOrSkip();
    if (b >= 0x90 && b <= 0x9f) return (this.at++, Array.from({ length: b - 0x90 }, () => this.value()));
    if (b === 0xdc || b === 0xdd) {
      this.at++;
      const n = this.uint(b === 0xdc ? 2 : 4);
      return Array.from({ length: n }, () => this.value());
    }
    if (b === 0xc0) return (this.at++, null);
    if (b === 0xc2 || b === 0xc3) return (this.at++, b === 0xc3);
    if (b <= 0x7f) return (this.at++, b);
    this.skip();
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

/** What dbt's partial-parse file holds that is derived from env var or --vars values. */
export interface PartialParseContents {
  /** Env vars whose real value is stored (sorted). */
  envValues: string[];
  /** dbt's unkeyed sha256 of the env vars dbt_project.yml / profiles.yml read (state_check). */
  envDigests: string[];
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Reads the top-level `env_vars` and `state_check` of dbt's manifest map; undefined when unreadable. */
export function partialParseContents(bytes: Uint8Array): PartialParseContents | undefined {
  try {
    const r = new Reader(bytes);
    const entries = r.mapLength();
    if (entries === undefined) return undefined;
    const out: PartialParseContents = { envValues: [], envDigests: [] };
    let seen = 0;
    for (let i = 0; i < entries && seen < 2; i++) {
      const key = r.stringOrSkip();
      if (key === 'env_vars') {
        seen++;
        const value = r.value();
        if (value && typeof value === 'object') {
          for (const [name, v] of Object.entries(value)) if (v !== DEFAULT_PLACEHOLDER) out.envValues.push(name);
        }
      } else if (key === 'state_check') {
        seen++;
        const value = r.value() as Record<string, { name?: unknown; checksum?: unknown } | undefined> | undefined;
        for (const field of ['project_env_vars_hash', 'profile_env_vars_hash']) {
          const hash = value?.[field];
          if (hash && hash.name !== 'none' && typeof hash.checksum === 'string' && hash.checksum !== '' && hash.checksum !== EMPTY_SHA256) out.envDigests.push(field);
        }
      } else {
        r.skip();
      }
    }
    out.envValues.sort();
    return out;
  } catch {
    return undefined;
  }
}

/** Names of env vars whose real value the file holds; undefined when unreadable. */
export function envValuesInPartialParse(bytes: Uint8Array): string[] | undefined {
  return partialParseContents(bytes)?.envValues;
}

export type PartialParseCaching = 'auto' | 'true' | 'false';

export interface PartialParseDecision {
  save: boolean;
  /** What to tell the user; `warn` when values are cached on purpose or the file could not be read. */
  message?: string;
  warn?: boolean;
}

/**
 * Whether to save the partial-parse file to the Actions cache (`cache-partial-parse` input). `varsGiven`:
 * --vars were passed, so the file holds dbt's unkeyed sha256 of them (state_check.vars_hash).
 */
export function partialParseDecision(policy: PartialParseCaching, bytes: Uint8Array | undefined, varsGiven = false): PartialParseDecision {
  if (policy === 'false') return { save: false, message: "cache-partial-parse is 'false': dbt's partial-parse file is not cached" };
  if (bytes === undefined) return { save: false };
  const contents = partialParseContents(bytes);
  const held: string[] = [];
  if (contents === undefined) held.push('may hold env var values (its format was not recognised)');
  else {
    if (contents.envValues.length > 0) held.push(`holds the values of env var(s) ${contents.envValues.join(', ')}`);
    if (contents.envDigests.length > 0) held.push("holds dbt's unkeyed digest of the env vars dbt_project.yml reads");
    if (varsGiven) held.push("holds dbt's unkeyed digest of --vars");
  }
  if (held.length === 0) return { save: true };
  const what = held.join(' and ');
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
