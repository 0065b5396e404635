import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { checkBind } from './server.js';

describe('checkBind', () => {
  it('allows loopback without a token and refuses other addresses without one', () => {
    checkBind('127.0.0.1', undefined);
    checkBind('0.0.0.0', 'token');
    assert.throws(
      () => checkBind('0.0.0.0', undefined),
      /refusing to listen on 0.0.0.0 without an admin token/,
    );
  });
});
