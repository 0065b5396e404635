import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TrafficStats } from './traffic-stats.js';

describe('endpoint traffic stats', () => {
  it('counts per 5-second bucket and gives latency percentiles within a bin (~10%)', () => {
    const s = new TrafficStats();
    const t0 = 1_700_000_000_000;
    // 100 requests of 1..100 ms in one bucket, 3 of them failing; one request 7 s later.
    for (let i = 1; i <= 100; i++) s.record(i, i > 3, t0 + i);
    s.record(2, true, t0 + 7000);
    const points = s.points(15, t0 + 7000);
    assert.deepEqual(
      points.map((p) => p.invocations),
      [0, 100, 1],
    );
    const busy = points[1]!;
    assert.equal(busy.errors, 3);
    for (const [q, exact] of [
      [busy.p50!, 50],
      [busy.p95!, 95],
      [busy.p99!, 99],
    ] as const)
      assert.ok(q >= exact && q <= exact * 1.22, `${q} vs ${exact}`);
    assert.equal(points[0]!.p50, null);
  });

  it('forgets a bucket when its slot comes round again', () => {
    const s = new TrafficStats();
    s.record(1, true, 0);
    s.record(1, true, 600_000); // ten minutes later: the same slot, a new bucket
    assert.equal(s.points(5, 600_000)[0]!.invocations, 1);
  });
});
