import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compareKeys, validateKey, validatePrefix } from './object-key.js';

describe('validateKey', () => {
  it('accepts ordinary keys, including unicode and dots inside names', () => {
    for (const key of ['a', 'a/b/c.csv', 'dt=2024-01-01/part-0.parquet', 'é/ü.txt', '.hidden', 'a..b']) {
      assert.equal(validateKey(key), key);
    }
  });

  it('refuses bad keys with a message naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['/etc/passwd', /absolute/],
      ['a/../b', /'\.\.' segments/],
      ['./a', /'\.' segments/],
      ['a//b', /empty path segment/],
      ['a/', /cannot end with \//],
      ['a\u0000b', /control character/],
      ['a\nb', /control character/],
      ['a\\b', /backslash/],
      ['.kelp/meta', /reserved/],
      ['x'.repeat(1025), /longer than 1024 bytes/],
    ];
    for (const [key, message] of cases) {
      assert.throws(
        () => validateKey(key),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'invalid_argument');
          assert.match(err.message, message);
          return true;
        },
      );
    }
    assert.throws(() => validateKey('a\u0001b'), /'a\\x01b'/);
  });

  it('prefixes may be empty or end with a slash', () => {
    assert.equal(validatePrefix(''), '');
    assert.equal(validatePrefix('a/b/'), 'a/b/');
    assert.throws(() => validatePrefix('../'), /'\.\.' segments/);
  });

  it('compares keys by UTF-8 bytes, as S3 lists them', () => {
    const keys = ['é', 'z', 'Z', 'a/b', 'a-b', '\u{1F600}', '\uFF5E'];
    keys.sort(compareKeys);
    assert.deepEqual(keys, ['Z', 'a-b', 'a/b', 'z', 'é', '\uFF5E', '\u{1F600}']);
  });
});
