// The salt that keys env-var digests: taken from DBT_ORCHESTRATOR_HASH_SALT (the action's hash-salt), else
// a random one kept on this machine outside project and store (created once, mode 0600, then stable),
// and a different salt gives different digests for set values (so nodes rebuild, never a wrong reuse).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { keyedEnvDigest, resolveHashSalt } from '../src/hash/salt.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('hash salt', () => {
  it('takes DBT_ORCHESTRATOR_HASH_SALT when set, writing nothing', () => {
    const home = mkdtempSync(join(tmpdir(), 'salt-home-'));
    const salt = resolveHashSalt({ DBT_ORCHESTRATOR_HASH_SALT: 'from-a-secret', DBT_ORCHESTRATOR_HOME: home });
    assert.deepEqual(salt, { key: 'from-a-secret', source: 'env' });
    assert.throws(() => statSync(join(home, '.dbt-orchestrator')));
  });

  it('otherwise creates one machine-local salt file (0600) and reuses it', () => {
    const home = mkdtempSync(join(tmpdir(), 'salt-home-'));
    const first = resolveHashSalt({ DBT_ORCHESTRATOR_HOME: home });
    const second = resolveHashSalt({ DBT_ORCHESTRATOR_HOME: home });
    assert.equal(first.source, 'file');
    assert.equal(first.path, join(home, '.dbt-orchestrator/hash-salt'));
    assert.equal(second.key, first.key);
    assert.match(first.key, /^[0-9a-f]{64}$/);
    assert.equal(readFileSync(first.path!, 'utf8').trim(), first.key);
    assert.equal(statSync(first.path!).mode & 0o777, 0o600);
  });

  it('falls back to a salt for this run only when the file cannot be written', () => {
    const notADir = join(mkdtempSync(join(tmpdir(), 'salt-home-')), 'a-file');
    writeFileSync(notADir, '');
    const salt = resolveHashSalt({ DBT_ORCHESTRATOR_HOME: notADir });
    assert.equal(salt.source, 'run');
    assert.notEqual(resolveHashSalt({ DBT_ORCHESTRATOR_HOME: notADir }).key, salt.key);
  });

  it('keys set values (different salt, different digest; never the bare sha256) and leaves "unset" as it is', () => {
    const digest = sha256('set:eu');
    const a = keyedEnvDigest({ key: 'a', source: 'env' }, digest);
    const b = keyedEnvDigest({ key: 'b', source: 'env' }, digest);
    assert.notEqual(a, b);
    assert.notEqual(a, digest);
    assert.equal(keyedEnvDigest({ key: 'a', source: 'env' }, digest), a);
    assert.equal(keyedEnvDigest({ key: 'a', source: 'env' }, sha256('<unset>')), sha256('<unset>'));
  });
});
