import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { assertTransition, isTerminal, JOB_STATES, JOB_TRANSITIONS } from './job-states.js';

describe('job states', () => {
  it('terminal states are exactly Completed, Failed and Stopped', () => {
    assert.deepEqual(JOB_STATES.filter(isTerminal), ['Completed', 'Failed', 'Stopped']);
  });

  it('every transition target is a known state and no state moves to itself', () => {
    for (const [from, targets] of Object.entries(JOB_TRANSITIONS)) {
      for (const to of targets) {
        assert.ok(JOB_STATES.includes(to));
        assert.notEqual(from, to);
      }
    }
  });

  it('refuses transitions outside the table with invalid_state', () => {
    assertTransition('j', 'Pending', 'InProgress');
    assertTransition('j', 'InProgress', 'Pending');
    assertTransition('j', 'Stopping', 'Stopped');
    assert.throws(() => assertTransition('j', 'Completed', 'InProgress'), {
      code: 'invalid_state',
      message: "job 'j' cannot go from Completed to InProgress",
    });
    assert.throws(() => assertTransition('j', 'Pending', 'Completed'), { code: 'invalid_state' });
  });
});
