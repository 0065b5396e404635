import type { Random } from '../../random.js';

/**
 * `k` row indices drawn uniformly without replacement from a stream of `n` rows, in one pass:
 * reservoir sampling as SageMaker's RCF does it, with Li's Algorithm L (1994), which jumps over
 * rows instead of drawing a number for each, so a tree costs O(k·(1 + log(n/k))) draws, not O(n).
 * With n ≤ k every row is taken.
 */
export function reservoirSample(n: number, k: number, rng: Random): Int32Array {
  const size = Math.min(n, k);
  const reservoir = new Int32Array(size);
  for (let i = 0; i < size; i++) reservoir[i] = i;
  if (n <= k) return reservoir;
  let w = Math.exp(Math.log(open01(rng)) / k);
  let i = k - 1;
  for (;;) {
    // The gap to the next row that enters the reservoir is geometric with success probability w.
    i += Math.floor(Math.log(open01(rng)) / Math.log1p(-w)) + 1;
    if (!(i < n)) return reservoir;
    reservoir[rng.int(k)] = i;
    w *= Math.exp(Math.log(open01(rng)) / k);
  }
}

/** Uniform in (0, 1): logs of it stay finite. */
function open01(rng: Random): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return u;
}
