import { crossDots } from '../../kernels/cross-dots.js';
import type { Random } from '../../random.js';
import { shiftedNorms } from './nearest-center.js';

const BLOCK = 256;

/** How initial centres are chosen (SageMaker's init_method values). */
export type InitMethod = 'kmeans++' | 'random';

/** The rows to seed from: x (n × d) read as x − shift, with ||x − shift||² per row. */
export interface SeedRows {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly shift: Float64Array;
  readonly xNorms: Float64Array;
  readonly weights?: Float64Array | undefined;
}

/** k initial centres, in shifted coordinates. init='random' draws k distinct rows, unweighted. */
export function initialCenters(method: InitMethod, rows: SeedRows, k: number, random: Random): Float64Array {
  return method === 'random'
    ? pickRows(rows, Array.from(random.sample(rows.n, k)))
    : kmeansPlusPlus(rows, k, random);
}

/**
 * k-means++ seeding as scikit-learn does it (Arthur & Vassilvitskii's greedy variant): each new
 * centre is the best of 2 + ⌊ln k⌋ candidates drawn with probability ∝ w·D², where best means the
 * lowest resulting potential Σ w·min(D², d²). Weights enter the draws and potentials (scikit-learn
 * ≥ 1.3; 1.2 ignores them). One pass over the data per centre: the candidates' distances are kept
 * (trials × n doubles, like scikit-learn's distance matrix) so the winner's can be folded into D²
 * without reading the data again.
 *
 * (Pruning rows by the triangle inequality, as Elkan does for Lloyd, was tried: with k = 10 blobs
 * it skips only c/k of the pairs at the c-th centre, and the per-pair path it forces is ~3× slower
 * per multiply-add than the blocked product, so it gained nothing.)
 */
export function kmeansPlusPlus(rows: SeedRows, k: number, random: Random): Float64Array {
  const { n, d, weights } = rows;
  const trials = 2 + Math.floor(Math.log(k));
  const closest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const dist = new Float64Array((k > 1 ? trials : 1) * n);
  const chosen = new Float64Array(k * d);
  const first = weights ? (draw(weights, undefined, [random.next()])[0] as number) : random.int(n);
  chosen.set(pickRows(rows, [first]));
  scan(rows, chosen.subarray(0, d), 1, closest, dist);
  closest.set(dist.subarray(0, n));
  for (let c = 1; c < k; c++) {
    const uniforms = Array.from({ length: trials }, () => random.next());
    const candidates = pickRows(rows, draw(closest, weights, uniforms));
    const potentials = scan(rows, candidates, trials, closest, dist);
    let best = 0;
    for (let t = 1; t < trials; t++) if ((potentials[t] as number) < (potentials[best] as number)) best = t;
    chosen.set(candidates.subarray(best * d, (best + 1) * d), c * d);
    closest.set(dist.subarray(best * n, (best + 1) * n));
  }
  return chosen;
}

/** The given rows of x minus shift, as a new row-major matrix. */
function pickRows({ x, d, shift }: SeedRows, ids: readonly number[]): Float64Array {
  const out = new Float64Array(ids.length * d);
  ids.forEach((id, r) => {
    for (let t = 0; t < d; t++) out[r * d + t] = (x[id * d + t] as number) - (shift[t] as number);
  });
  return out;
}

/**
 * For `count` candidate centres: out[t·n + i] = min(closest_i, ||x_i − cand_t||²), and returns each
 * candidate's potential Σ w·out[t·n + i], by blocked dense products.
 */
function scan(
  rows: SeedRows,
  cands: Float64Array,
  count: number,
  closest: Float64Array,
  out: Float64Array,
): Float64Array {
  const { x, n, d, shift, xNorms, weights } = rows;
  const potentials = new Float64Array(count);
  const candNorms = shiftedNorms(cands, count, d, shift);
  const dots = new Float64Array(Math.min(BLOCK, n) * count);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const m = Math.min(BLOCK, n - i0);
    crossDots(x.subarray(i0 * d, (i0 + m) * d), m, cands, count, d, dots);
    for (let t = 0; t < count; t++) {
      const cn = candNorms[t] as number;
      let p = 0;
      for (let r = 0, o = t * n + i0; r < m; r++) {
        const sq = (xNorms[i0 + r] as number) + cn - 2 * (dots[r * count + t] as number);
        const v = Math.max(0, Math.min(sq, closest[i0 + r] as number));
        out[o + r] = v;
        p += weights ? (weights[i0 + r] as number) * v : v;
      }
      potentials[t] = (potentials[t] as number) + p;
    }
  }
  return potentials;
}

/**
 * Rows drawn with probability ∝ w·value, one per uniform u in [0, 1): for each, the first i whose
 * running sum reaches u × total (numpy.searchsorted(cumsum, u·total, side='left'), clipped to the
 * last row, as scikit-learn does), found in one scan for all of them instead of storing the sums.
 */
function draw(
  values: Float64Array,
  weights: Float64Array | undefined,
  uniforms: readonly number[],
): number[] {
  const n = values.length;
  let total = 0;
  for (let i = 0; i < n; i++)
    total += weights ? (weights[i] as number) * (values[i] as number) : (values[i] as number);
  const order = uniforms.map((_, t) => t).sort((a, b) => (uniforms[a] as number) - (uniforms[b] as number));
  const ids = uniforms.map(() => n - 1);
  let next = 0;
  let sum = 0;
  for (let i = 0; i < n && next < order.length; i++) {
    sum += weights ? (weights[i] as number) * (values[i] as number) : (values[i] as number);
    while (next < order.length && sum >= (uniforms[order[next] as number] as number) * total) {
      ids[order[next] as number] = i;
      next++;
    }
  }
  return ids;
}
