// Finding the PostgreSQL server binaries: scripts/postgres.sh (used by setup to decide whether to install
// Debian's postgresql package) and test/helpers/postgres.ts (used by the tests to start a cluster) search
// the same places in the same order, and on this machine both find a working initdb.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findPostgresBin } from './helpers/postgres.js';
import { REPO } from './helpers/project.js';

const SYSTEM_PATH = '/usr/bin:/bin';

/** A fake Debian layout: `<root>/<version>/bin` with executable initdb/pg_ctl where asked. */
function debianLayout(versions: Record<string, string[]>): string {
  const root = mkdtempSync(join(tmpdir(), 'pg-layout-'));
  for (const [version, binaries] of Object.entries(versions)) {
    const bin = join(root, version, 'bin');
    mkdirSync(bin, { recursive: true });
    for (const name of binaries) {
      writeFileSync(join(bin, name), '#!/bin/sh\n');
      chmodSync(join(bin, name), 0o755);
    }
  }
  return root;
}

/** scripts/postgres.sh's answer, or undefined when it finds nothing. */
function shellBindir(env: Record<string, string>): string | undefined {
  try {
    return execFileSync('bash', ['-c', `. "${join(REPO, 'scripts/postgres.sh')}" && pg_bindir`], { env: { PATH: SYSTEM_PATH, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}

describe('PostgreSQL server binaries', () => {
  it('the newest Debian version directory with both initdb and pg_ctl wins (numeric order, incomplete ones skipped)', () => {
    const root = debianLayout({ '9.6': ['initdb', 'pg_ctl'], '13': ['initdb', 'pg_ctl'], '17': ['initdb'] });
    const env = { PATH: SYSTEM_PATH, PG_LIB_ROOT: root };
    assert.equal(findPostgresBin(env, root), join(root, '13', 'bin'));
    assert.equal(shellBindir(env), join(root, '13', 'bin'));
  });

  it('PG_BIN, then PATH, come before the Debian directories; nothing found is undefined / exit 1', () => {
    const root = debianLayout({ '15': ['initdb', 'pg_ctl'] });
    const onPath = debianLayout({ x: ['initdb', 'pg_ctl'] });
    const chosen = debianLayout({ y: ['initdb', 'pg_ctl'] });
    const pathDir = join(onPath, 'x', 'bin');
    const pgBin = join(chosen, 'y', 'bin');
    const withPath = { PATH: `${pathDir}:${SYSTEM_PATH}`, PG_LIB_ROOT: root };
    assert.equal(findPostgresBin(withPath, root), pathDir);
    assert.equal(shellBindir(withPath), pathDir);
    assert.equal(findPostgresBin({ ...withPath, PG_BIN: pgBin }, root), pgBin);
    assert.equal(shellBindir({ ...withPath, PG_BIN: pgBin }), pgBin);
    const empty = debianLayout({});
    assert.equal(findPostgresBin({ PATH: SYSTEM_PATH }, empty), undefined);
    assert.equal(shellBindir({ PG_LIB_ROOT: empty }), undefined);
  });

  it('on this machine both find a working initdb, also with only the system PATH (Debian keeps it off PATH)', () => {
    const found = findPostgresBin();
    assert.ok(found, 'no initdb/pg_ctl: run bash scripts/setup.sh');
    assert.match(execFileSync(join(found, 'initdb'), ['--version'], { encoding: 'utf8' }), /PostgreSQL\) \d+/);
    if (existsSync('/usr/lib/postgresql')) {
      const debian = findPostgresBin({ PATH: SYSTEM_PATH });
      assert.match(debian ?? '', /^\/usr\/lib\/postgresql\/\d+(\.\d+)?\/bin$/);
      assert.equal(shellBindir({}), debian);
    }
  });
});
