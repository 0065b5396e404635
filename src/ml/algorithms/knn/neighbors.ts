import { crossDots, nearestRowsWasm } from '../../kernels/cross-dots.js';
import type { Matrix } from '../../matrix.js';

/** The k nearest training rows of each query row: indices and squared distances, nearest first. */
export interface Neighbors {
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float64Array;
}

/** Keeps the k smallest (distance, index) pairs in sorted arrays: k is small, so insertion wins. */
function insert(dist: Float64Array, idx: Int32Array, base: number, k: number, d: number, i: number): void {
  if (d >= (dist[base + k - 1] as number)) return;
  let p = base + k - 1;
  while (p > base && (dist[p - 1] as number) > d) {
    dist[p] = dist[p - 1] as number;
    idx[p] = idx[p - 1] as number;
    p--;
  }
  dist[p] = d;
  idx[p] = i;
}

/**
 * Brute force in blocks: ‖q‖² + ‖x‖² − 2q·x for a block of queries against a block of training rows
 * at a time, so both stay in cache. Ties keep the lower training index first, as scikit-learn does.
 */
export function bruteForce(train: Matrix, queries: Matrix, k: number, signal?: AbortSignal): Neighbors {
  const { rows: n, cols: d, data: x } = train;
  const { rows: m, data: q } = queries;
  const kk = Math.min(k, n);
  const dist = new Float64Array(m * kk).fill(Number.POSITIVE_INFINITY);
  const idx = new Int32Array(m * kk).fill(-1);
  const xNorm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x[i * d + j] as number) ** 2;
    xNorm[i] = s;
  }
  const QB = 64;
  const XB = 512;
  const qNorm = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (q[a * d + j] as number) ** 2;
    qNorm[a] = s;
  }
  const fast = nearestRowsWasm(x, n, q, m, d, kk, xNorm, qNorm, signal);
  if (fast) return { k: kk, ...fast };
  // Without WebAssembly SIMD: the same scan in JavaScript over blocks of products.
  const dots = new Float64Array(QB * XB);
  for (let q0 = 0; q0 < m; q0 += QB) {
    signal?.throwIfAborted();
    const q1 = Math.min(m, q0 + QB);
    const qa = q.subarray(q0 * d, q1 * d);
    for (let x0 = 0; x0 < n; x0 += XB) {
      const x1 = Math.min(n, x0 + XB);
      const width = x1 - x0;
      crossDots(qa, q1 - q0, x.subarray(x0 * d, x1 * d), width, d, dots);
      for (let a = q0; a < q1; a++) {
        const base = a * kk;
        const row = (a - q0) * width;
        const qn = qNorm[a] as number;
        for (let i = x0; i < x1; i++) {
          const dd = Math.max(0, qn + (xNorm[i] as number) - 2 * (dots[row + i - x0] as number));
          insert(dist, idx, base, kk, dd, i);
        }
      }
    }
  }
  return { k: kk, indices: idx, distances: dist };
}

/**
 * A k-d tree for low dimensions: median splits on the widest dimension, leaves of up to 32 rows,
 * searched nearest-branch first with pruning by the distance to the splitting plane.
 */
export interface KdTree {
  readonly order: Int32Array;
  /** Per node: split dimension (-1 for a leaf), split value, start, end, left, right. */
  readonly nodes: Float64Array;
}

const NODE = 6;
const LEAF = 32;

export function buildKdTree(train: Matrix): KdTree {
  const { rows: n, cols: d, data } = train;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const nodes: number[] = [];
  const build = (start: number, end: number): number => {
    const id = nodes.length / NODE;
    nodes.push(-1, 0, start, end, -1, -1);
    if (end - start <= LEAF) return id;
    let best = 0;
    let spread = -1;
    for (let j = 0; j < d; j++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let p = start; p < end; p++) {
        const v = data[(order[p] as number) * d + j] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > spread) {
        spread = hi - lo;
        best = j;
      }
    }
    if (spread <= 0) return id;
    const part = order.subarray(start, end);
    const sorted = Array.from(part).sort(
      (a, b) => (data[a * d + best] as number) - (data[b * d + best] as number),
    );
    part.set(sorted);
    const mid = start + ((end - start) >> 1);
    nodes[id * NODE] = best;
    nodes[id * NODE + 1] = data[(order[mid] as number) * d + best] as number;
    const left = build(start, mid);
    const right = build(mid, end);
    nodes[id * NODE + 4] = left;
    nodes[id * NODE + 5] = right;
    return id;
  };
  build(0, n);
  return { order, nodes: Float64Array.from(nodes) };
}

export function kdTreeSearch(
  tree: KdTree,
  train: Matrix,
  queries: Matrix,
  k: number,
  signal?: AbortSignal,
): Neighbors {
  const { rows: n, cols: d, data: x } = train;
  const { rows: m, data: q } = queries;
  const kk = Math.min(k, n);
  const dist = new Float64Array(m * kk).fill(Number.POSITIVE_INFINITY);
  const idx = new Int32Array(m * kk).fill(-1);
  const { nodes, order } = tree;
  for (let a = 0; a < m; a++) {
    if ((a & 1023) === 0) signal?.throwIfAborted();
    const qo = a * d;
    const base = a * kk;
    const visit = (node: number): void => {
      const o = node * NODE;
      const dim = nodes[o] as number;
      if (dim < 0) {
        for (let p = nodes[o + 2] as number; p < (nodes[o + 3] as number); p++) {
          const i = order[p] as number;
          let s = 0;
          for (let j = 0; j < d; j++) {
            const t = (q[qo + j] as number) - (x[i * d + j] as number);
            s += t * t;
          }
          // Equal distances: keep the lower index first, like the brute-force path.
          if (s === dist[base + kk - 1] && i < (idx[base + kk - 1] as number)) {
            idx[base + kk - 1] = i;
            continue;
          }
          insert(dist, idx, base, kk, s, i);
        }
        return;
      }
      const diff = (q[qo + dim] as number) - (nodes[o + 1] as number);
      const [near, far] =
        diff < 0
          ? [nodes[o + 4] as number, nodes[o + 5] as number]
          : [nodes[o + 5] as number, nodes[o + 4] as number];
      visit(near);
      if (diff * diff <= (dist[base + kk - 1] as number)) visit(far);
    };
    visit(0);
    // Sort equal-distance runs by index (the tree visits rows out of index order).
    for (let s = 1; s < kk; s++) {
      for (
        let t = s;
        t > 0 &&
        dist[base + t] === dist[base + t - 1] &&
        (idx[base + t] as number) < (idx[base + t - 1] as number);
        t--
      ) {
        const di = idx[base + t] as number;
        idx[base + t] = idx[base + t - 1] as number;
        idx[base + t - 1] = di;
      }
    }
  }
  return { k: kk, indices: idx, distances: dist };
}
