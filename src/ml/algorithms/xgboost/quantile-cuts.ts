import type { Matrix } from '../../matrix.js';
import type { Random } from '../../random.js';

/**
 * Bin boundaries per feature, laid out as XGBoost's HistogramCuts: feature f's cuts are
 * `values[ptr[f] .. ptr[f+1])`, ascending, and bin b of f holds the values v with
 * cut[b-1] ≤ v < cut[b]. The last cut lies above every value seen, so a split "bin ≤ b goes left"
 * is the tree test `x < cut[b]`. Values are float32 numbers (XGBoost compares in float32, as does
 * ONNX's TreeEnsemble), held in a Float64Array so they print and serialize exactly.
 */
export interface QuantileCuts {
  readonly ptr: Int32Array;
  readonly values: Float64Array;
  /** Below every value seen (XGBoost's min_vals): the threshold that sends all non-missing rows right. */
  readonly minValues: Float64Array;
  /** 1 when the feature had missing values (NaN) in the training data. */
  readonly hasMissing: Uint8Array;
}

/** Bin code of a missing value; features with missing values use at most 255 real bins. */
export const MISSING_BIN = 255;

/** Above this many rows the cuts come from a seeded sample of rows (exact quantiles of the sample). */
export const SKETCH_ROWS = 1 << 17;

/**
 * Quantile cuts as XGBoost 1.7's hist sketch makes them: the exact summary of each feature (distinct
 * values with rank ranges) is pruned to the sketch's size limit, to 8·max_bin and then to max_bin + 1
 * entries at evenly spaced ranks (WQSummary::SetPrune); the entries after the minimum become the cuts,
 * topped by a sentinel above the maximum (AddCutPoint). With at most max_bin distinct values every
 * value gets a bin of its own. Up to about 4000 values per feature this reproduces XGBoost's cuts
 * exactly; beyond that XGBoost's multi-level sketch is itself approximate, and rows beyond
 * SKETCH_ROWS are represented by a seeded sample.
 */
export function computeCuts(x: Matrix, maxBin: number, random: Random): QuantileCuts {
  const { rows: n, cols: d, data } = x;
  const sample = n > SKETCH_ROWS ? random.sample(n, SKETCH_ROWS).sort() : undefined;
  const m = sample ? sample.length : n;
  const hasMissing = findMissing(x);
  const ptr = new Int32Array(d + 1);
  const minValues = new Float64Array(d);
  const out: number[] = [];
  const vals = new Float64Array(m);
  const sorter = new Float32Sorter(m);
  const scratch: Summary = {
    value: new Float64Array(m),
    rmin: new Float64Array(m),
    rmax: new Float64Array(m),
  };
  // Columns are gathered CHUNK at a time in one pass over the rows: reading one feature of every
  // sampled row per pass would miss the cache on every value.
  const CHUNK = 16;
  const cols = new Float32Array(m * Math.min(CHUNK, d));
  for (let f0 = 0; f0 < d; f0 += CHUNK) {
    const width = Math.min(CHUNK, d - f0);
    for (let i = 0; i < m; i++) {
      const o = (sample ? sample[i]! : i) * d + f0;
      for (let j = 0; j < width; j++) cols[j * m + i] = data[o + j]!;
    }
    for (let j = 0; j < width; j++) {
      const f = f0 + j;
      let k = 0;
      for (let i = j * m, end = i + m; i < end; i++) {
        const v = cols[i]!;
        if (!Number.isNaN(v)) vals[k++] = v;
      }
      ptr[f] = out.length;
      if (k === 0) continue;
      const summary = exactSummary(sorter.sort(vals.subarray(0, k)), scratch);
      const binsF = hasMissing[f] ? Math.min(maxBin, MISSING_BIN) : maxBin;
      // The sketch's own limit (GetSummary), the intermediate summary (8·max_bin), the final one.
      let kept = prune(summary, allEntries(summary), sketchLimit(k, 1 / (8 * binsF)));
      kept = prune(summary, kept, Math.min(k, 8 * binsF));
      kept = prune(summary, kept, binsF + 1);
      addCutPoints(summary.value, kept, binsF, out);
      const lo = summary.value[0]!;
      minValues[f] = Math.fround(lo - Math.fround(Math.abs(lo) + 1e-5));
    }
  }
  ptr[d] = out.length;
  return { ptr, values: Float64Array.from(out), minValues, hasMissing };
}

/**
 * Sorts float32 values (held in a Float64Array) with a three-pass LSD radix sort on their bits,
 * flipped so that unsigned order is numeric order: about 10× faster here than TypedArray#sort.
 */
class Float32Sorter {
  private readonly floats: Float32Array;
  private readonly keys: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly count = new Int32Array(2048);

  constructor(capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.floats = new Float32Array(this.keys.buffer);
    this.tmp = new Uint32Array(capacity);
  }

  sort(values: Float64Array): Float64Array {
    const n = values.length;
    const { floats, keys, count } = this;
    let a = keys;
    let b = this.tmp;
    for (let i = 0; i < n; i++) floats[i] = values[i]!;
    for (let i = 0; i < n; i++) {
      const u = a[i]!;
      a[i] = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
    }
    for (const [shift, bits] of [
      [0, 11],
      [11, 11],
      [22, 10],
    ] as const) {
      const mask = (1 << bits) - 1;
      count.fill(0);
      for (let i = 0; i < n; i++) count[(a[i]! >>> shift) & mask]!++;
      for (let j = 0, sum = 0; j <= mask; j++) {
        const c = count[j]!;
        count[j] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const v = a[i]!;
        b[count[(v >>> shift) & mask]!++] = v;
      }
      [a, b] = [b, a];
    }
    // Three passes leave the result in `tmp`; undo the flip through the float view of `keys`.
    for (let i = 0; i < n; i++) {
      const u = a[i]!;
      keys[i] = u & 0x80000000 ? u & 0x7fffffff : ~u >>> 0;
    }
    for (let i = 0; i < n; i++) values[i] = floats[i]!;
    return values;
  }
}

/** Distinct values with rmin (count below) and rmax (count at or below): an exact WQSummary. */
interface Summary {
  readonly value: Float64Array;
  readonly rmin: Float64Array;
  readonly rmax: Float64Array;
}

function exactSummary(sorted: Float64Array, into: Summary): Summary {
  const { value, rmin, rmax } = into;
  let j = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      value[++j] = sorted[i]!;
      rmin[j] = i;
    }
    rmax[j] = i + 1;
  }
  return { value: value.subarray(0, j + 1), rmin: rmin.subarray(0, j + 1), rmax: rmax.subarray(0, j + 1) };
}

function allEntries(s: Summary): Int32Array {
  const out = new Int32Array(s.value.length);
  for (let i = 0; i < out.length; i++) out[i] = i;
  return out;
}

/** WQuantileSketch::LimitSizeLevel: the entries a sketch of `maxn` values keeps at accuracy eps. */
function sketchLimit(maxn: number, eps: number): number {
  for (let level = 1; ; level++) {
    const limit = Math.min(maxn, Math.ceil(level / eps) + 1);
    if (2 ** level * limit >= maxn) return limit;
  }
}

/**
 * WQSummary::SetPrune on an exact summary: keeps the first and last entries and, for k = 1..n−1,
 * the entry whose rank range holds begin + k·range/n (n = maxSize − 1), in float32 as XGBoost has it.
 * `src` lists the summary entries still kept, ascending.
 */
function prune(s: Summary, src: Int32Array, maxSize: number): Int32Array {
  const size = src.length;
  if (size <= maxSize) return src;
  const f = Math.fround;
  const { rmin, rmax } = s;
  const begin = rmax[src[0]!]!;
  const range = f(rmin[src[size - 1]!]! - begin);
  const n = maxSize - 1;
  const out = new Int32Array(maxSize);
  out[0] = src[0]!;
  let kept = 1;
  let i = 1;
  let last = 0;
  for (let k = 1; k < n; k++) {
    const dx2 = f(2 * f(f(f(k * range) / n) + begin));
    while (i < size - 1 && dx2 >= f(rmax[src[i + 1]!]! + rmin[src[i + 1]!]!)) i++;
    if (i === size - 1) break;
    const a = src[i]!;
    const b = src[i + 1]!;
    // RMinNext(a) = rmin + wmin = rmax; RMaxPrev(b) = rmax − wmin = rmin (exact entries).
    const pick = dx2 < f(rmax[a]! + rmin[b]!) ? i : i + 1;
    if (pick !== last) {
      out[kept++] = src[pick]!;
      last = pick;
    }
  }
  if (last !== size - 1) out[kept++] = src[size - 1]!;
  return out.subarray(0, kept);
}

/** AddCutPoint: entries 1..min(size, maxBin)−1 as cuts, then a sentinel above the largest value. */
function addCutPoints(value: Float64Array, kept: Int32Array, maxBin: number, out: number[]): void {
  const first = out.length;
  const required = Math.min(kept.length, maxBin);
  for (let i = 1; i < required; i++) {
    const v = value[kept[i]!]!;
    if (out.length === first || v > out[out.length - 1]!) out.push(v);
  }
  const hi = value[kept[kept.length - 1]!]!;
  const last = Math.fround(hi + Math.fround(Math.abs(hi) + 1e-5));
  out.push(out.length === first || last > out[out.length - 1]! ? last : hi);
}

function findMissing(x: Matrix): Uint8Array {
  const { rows: n, cols: d, data } = x;
  const has = new Uint8Array(d);
  for (let i = 0; i < n * d; i++) {
    const v = data[i]!;
    if (Number.isNaN(v)) has[i % d] = 1;
  }
  return has;
}

/** The uint8 bin codes of a matrix, row-major with `stride` bytes per row (a multiple of 4). */
export interface BinMatrix {
  readonly rows: number;
  readonly features: number;
  readonly stride: number;
  readonly bins: Uint8Array;
}

/**
 * Bins every value: code b = the number of cuts ≤ v (clamped to the last bin), MISSING_BIN for NaN.
 * A lookup table over equal-width intervals of each feature's range narrows the search to a few cuts;
 * a plain binary search per value costs about five times as much here (unpredictable branches).
 * `shared` puts the codes in a SharedArrayBuffer for worker threads.
 */
export function binMatrix(x: Matrix, cuts: QuantileCuts, shared = false): BinMatrix {
  const { rows: n, cols: d, data } = x;
  const stride = Math.max(4, (d + 3) & ~3);
  const bytes = n * stride;
  const bins = new Uint8Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  // T equal-width intervals per feature. `table` counts the cuts at or below each interval's left
  // edge; `single` holds the one cut inside an interval (Infinity: none, NaN: several, then search).
  const T = 4096;
  const table = new Int32Array(d * (T + 1));
  const single = new Float64Array(d * (T + 1));
  const lo = new Float64Array(d);
  const scale = new Float64Array(d);
  const { ptr, values: cut } = cuts;
  for (let f = 0; f < d; f++) {
    const c0 = ptr[f]!;
    const nc = ptr[f + 1]! - c0;
    if (nc === 0) continue;
    lo[f] = cuts.minValues[f]!;
    const range = cut[c0 + nc - 1]! - lo[f]!;
    scale[f] = Number.isFinite(range) ? T / range : 0;
    const t0 = f * (T + 1);
    for (let k = 0, b = 0; k <= T; k++) {
      const edge = lo[f]! + k / scale[f]!;
      while (b < nc && cut[c0 + b]! <= edge) b++;
      table[t0 + k] = b;
    }
    for (let k = 0; k < T; k++) {
      const inside = table[t0 + k + 1]! - table[t0 + k]!;
      single[t0 + k] =
        inside === 0 ? Number.POSITIVE_INFINITY : inside === 1 ? cut[c0 + table[t0 + k]!]! : Number.NaN;
    }
  }
  // One pass over the rows (row-major reads): per-feature passes would stride through the matrix.
  for (let r = 0; r < n; r++) {
    const o = r * d;
    const ob = r * stride;
    for (let f = 0; f < d; f++) {
      const v = Math.fround(data[o + f]!);
      const c0 = ptr[f]!;
      const nc = ptr[f + 1]! - c0;
      if (Number.isNaN(v) || nc === 0) {
        bins[ob + f] = MISSING_BIN;
        continue;
      }
      let k = Math.floor((v - lo[f]!) * scale[f]!);
      k = k >= 0 ? (k >= T ? T - 1 : k) : 0; // also NaN from infinite values or ranges
      const t = f * (T + 1) + k;
      const one = single[t]!;
      let a = c0 + table[t]!;
      if (!Number.isNaN(one)) a += v >= one ? 1 : 0;
      else {
        let b = c0 + table[t + 1]!;
        while (a < b) {
          const mid = (a + b) >>> 1;
          if (cut[mid]! <= v) a = mid + 1;
          else b = mid;
        }
      }
      // The interval edges are rounded: step to the exact answer (rarely more than zero steps).
      const end = c0 + nc;
      while (a > c0 && cut[a - 1]! > v) a--;
      while (a < end && cut[a]! <= v) a++;
      bins[ob + f] = a >= end ? nc - 1 : a - c0;
    }
  }
  return { rows: n, features: d, stride, bins };
}
