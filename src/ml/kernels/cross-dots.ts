import { crossDotsScalar } from './cross-dots-scalar.js';
import { WASM_BASE64 } from './cross-dots-wasm.js';

/** The parts of the WebAssembly API used here (its types live in TypeScript's DOM library, not loaded). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/** The WebAssembly kernel and its memory (cross-dots.wat), or null where SIMD is not available. */
interface WasmKernel {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly crossDots: (
    a: number,
    aRows: number,
    b: number,
    bRows: number,
    len: number,
    out: number,
    upper: number,
  ) => void;
  readonly nearest: (
    dots: number,
    rows: number,
    width: number,
    qNorm: number,
    xNorm: number,
    x0: number,
    k: number,
    dist: number,
    idx: number,
  ) => void;
}

let kernel: WasmKernel | null | undefined;

function wasmKernel(): WasmKernel | null {
  if (kernel === undefined) {
    try {
      const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      const module = new wasm.Module(Buffer.from(WASM_BASE64, 'base64'));
      kernel = new wasm.Instance(module, {}).exports as WasmKernel;
    } catch {
      kernel = null; // no WebAssembly SIMD here: the JavaScript kernel does the work
    }
  }
  return kernel;
}

/** Below this many multiply-adds the copies into WebAssembly memory cost more than they save. */
const WASM_MIN_WORK = 4096;

const sameMatrix = (a: Float64Array, b: Float64Array) =>
  a === b || (a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length);

/**
 * The one dense product k-means, PCA and kNN share: every dot product between the rows of two
 * row-major matrices with the same row length, out = A·Bᵀ (aRows × bRows, row-major).
 *
 * - `accumulate`: add into `out` instead of overwriting it.
 * - `upper`: A and B are the same matrix and only entries with j ≥ i are needed (Gram matrices);
 *   entries below the diagonal are left alone.
 *
 * The work runs in a WebAssembly SIMD kernel (cross-dots.wat: a 2 × 4 register tile over f64x2
 * lanes, about three times the JavaScript kernel's speed here): A and B are copied into its memory,
 * the products written there and copied (or added) into `out`. Each value is then a sum of two
 * lane sums (even and odd positions) rather than one running sum, so results may differ from the
 * JavaScript kernel's in the last bits. Small products stay in JavaScript.
 */
export function crossDots(
  a: Float64Array,
  aRows: number,
  b: Float64Array,
  bRows: number,
  len: number,
  out: Float64Array,
  accumulate = false,
  upper = false,
): void {
  const k = aRows * bRows * len >= WASM_MIN_WORK ? wasmKernel() : null;
  if (!k) {
    crossDotsScalar(a, aRows, b, bRows, len, out, accumulate, upper);
    return;
  }
  const aCount = aRows * len;
  const bCount = bRows * len;
  const shared = sameMatrix(a.subarray(0, aCount), b.subarray(0, bCount));
  // Memory layout (byte offsets): A at 0, then B (unless it is A), then the products.
  const bAt = shared ? 0 : aCount * 8;
  const outAt = (shared ? aCount : aCount + bCount) * 8;
  const cells = aRows * bRows;
  const bytes = outAt + cells * 8;
  const memory = k.memory;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  const heap = new Float64Array(memory.buffer);
  heap.set(a.subarray(0, aCount), 0);
  if (!shared) heap.set(b.subarray(0, bCount), bAt / 8);
  k.crossDots(0, aRows, bAt, bRows, len, outAt, upper ? 1 : 0);
  const result = heap.subarray(outAt / 8, outAt / 8 + cells);
  if (!accumulate && !upper) {
    out.set(result);
    return;
  }
  for (let i = 0; i < aRows; i++) {
    const row = i * bRows;
    for (let j = upper ? i : 0; j < bRows; j++)
      out[row + j] = accumulate
        ? (out[row + j] as number) + (result[row + j] as number)
        : (result[row + j] as number);
  }
}

/** Blocks of rows for the nearest-neighbour scan: the products of one block fit in L2. */
const QUERY_BLOCK = 64;
const TRAIN_BLOCK = 512;

/**
 * The k nearest rows of `train` (n × d) to each row of `queries` (m × d), by squared Euclidean
 * distance in the expanded form ‖q‖² + ‖x‖² − 2q·x (clamped at 0; `trainNorms` and `queryNorms` are
 * the squared norms), entirely in the WebAssembly kernel: both matrices are copied in once, then
 * block by block the products (crossDots) and the scan into each row's sorted k best (`nearest`).
 * Ties keep the lower training index. Null where WebAssembly SIMD is not available.
 */
export function nearestRowsWasm(
  train: Float64Array,
  n: number,
  queries: Float64Array,
  m: number,
  d: number,
  k: number,
  trainNorms: Float64Array,
  queryNorms: Float64Array,
  signal?: AbortSignal,
): { indices: Int32Array; distances: Float64Array } | null {
  const wasm = wasmKernel();
  if (!wasm) return null;
  // Byte offsets: queries, train, one block of products, the norms, then each row's k best.
  const trainAt = m * d * 8;
  const dotsAt = trainAt + n * d * 8;
  const qNormAt = dotsAt + QUERY_BLOCK * TRAIN_BLOCK * 8;
  const xNormAt = qNormAt + m * 8;
  const distAt = xNormAt + n * 8;
  const idxAt = distAt + m * k * 8;
  const bytes = idxAt + m * k * 4;
  const memory = wasm.memory;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  const f64 = new Float64Array(memory.buffer);
  f64.set(queries.subarray(0, m * d), 0);
  f64.set(train.subarray(0, n * d), trainAt / 8);
  f64.set(queryNorms.subarray(0, m), qNormAt / 8);
  f64.set(trainNorms.subarray(0, n), xNormAt / 8);
  f64.fill(Number.POSITIVE_INFINITY, distAt / 8, distAt / 8 + m * k);
  new Int32Array(memory.buffer, idxAt, m * k).fill(-1);
  for (let q0 = 0; q0 < m; q0 += QUERY_BLOCK) {
    signal?.throwIfAborted();
    const rows = Math.min(QUERY_BLOCK, m - q0);
    for (let x0 = 0; x0 < n; x0 += TRAIN_BLOCK) {
      const width = Math.min(TRAIN_BLOCK, n - x0);
      wasm.crossDots(q0 * d * 8, rows, trainAt + x0 * d * 8, width, d, dotsAt, 0);
      wasm.nearest(
        dotsAt,
        rows,
        width,
        qNormAt + q0 * 8,
        xNormAt + x0 * 8,
        x0,
        k,
        distAt + q0 * k * 8,
        idxAt + q0 * k * 4,
      );
    }
  }
  return {
    distances: new Float64Array(memory.buffer, distAt, m * k).slice(),
    indices: new Int32Array(memory.buffer, idxAt, m * k).slice(),
  };
}
