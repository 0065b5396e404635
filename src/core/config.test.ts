import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

import { isLoopback, loadConfig } from './config.js';
import { generatedName, resourceName, validateName } from './ids.js';

describe('loadConfig', () => {
  it('defaults to the embedded setup under ./.kelp', () => {
    const c = loadConfig({}, {});
    assert.equal(c.home, resolve('.kelp'));
    assert.equal(c.port, 8750);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.metaUrl, `sqlite://${resolve('.kelp/kelp.db')}`);
    assert.equal(c.storeUrl, `file://${resolve('.kelp/objects')}`);
    assert.equal(c.adminToken, undefined);
  });

  it('reads KELP_* variables, overrides win, and a bad number is named', () => {
    const env = {
      KELP_HOME: '/tmp/h',
      KELP_PORT: '9000',
      KELP_META_URL: 'postgres://x/y',
      KELP_ADMIN_TOKEN: 't',
    };
    const c = loadConfig({ port: 9100 }, env);
    assert.deepEqual(
      [c.home, c.port, c.metaUrl, c.storeUrl, c.adminToken],
      ['/tmp/h', 9100, 'postgres://x/y', 'file:///tmp/h/objects', 't'],
    );
    assert.throws(() => loadConfig({}, { KELP_PORT: 'eighty' }), /KELP_PORT='eighty' is not a whole number/);
  });

  it('knows loopback addresses', () => {
    assert.ok(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('::1'));
    assert.ok(!isLoopback('0.0.0.0') && !isLoopback('10.1.2.3'));
  });
});

describe('names', () => {
  it('validates resource names and builds resource names', () => {
    assert.equal(validateName('my-job-1'), 'my-job-1');
    assert.throws(() => validateName('-x'), /name '-x' is invalid/);
    assert.throws(() => validateName('a'.repeat(64)), /invalid/);
    assert.throws(() => validateName('a_b'), /invalid/);
    assert.equal(resourceName('default', 'job', 'x'), 'kelp:default:job/x');
    const g = generatedName('diagnostic-sleep', new Date('2026-01-02T03:04:05Z'));
    assert.match(g, /^diagnostic-sleep-20260102-030405-[a-z2-7]{4}$/);
    assert.equal(validateName(g), g);
  });
});
