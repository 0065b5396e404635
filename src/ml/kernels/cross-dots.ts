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

/** Blocks of A·Bᵀ over matrices placed once in the kernel's memory. */
export interface ResidentProduct {
  /**
   * Dot products of A's rows aRow0.. (aRows of them) with B's rows bRow0.. (bRows), as an
   * aRows × bRows row-major view into the kernel's memory: read it before the next call.
   */
  dots(aRow0: number, aRows: number, bRow0: number, bRows: number): Float64Array;
}

/**
 * Runs `work` with A and B copied once into the WebAssembly kernel's memory, so a caller taking
 * many blocks of products (kNN: query blocks against training blocks) copies nothing per block.
 * `maxCells` bounds aRows × bRows of a block. Nothing else may use the kernel until `work` returns
 * (it is synchronous, so nothing can). Without WebAssembly SIMD the blocks come from the
 * JavaScript kernel.
 */
export function withResidentProduct<T>(
  a: Float64Array,
  b: Float64Array,
  len: number,
  maxCells: number,
  work: (product: ResidentProduct) => T,
): T {
  const k = wasmKernel();
  if (!k) {
    const out = new Float64Array(maxCells);
    return work({
      dots(aRow0, aRows, bRow0, bRows) {
        const block = out.subarray(0, aRows * bRows);
        crossDotsScalar(
          a.subarray(aRow0 * len, (aRow0 + aRows) * len),
          aRows,
          b.subarray(bRow0 * len, (bRow0 + bRows) * len),
          bRows,
          len,
          block,
        );
        return block;
      },
    });
  }
  const bAt = a.length * 8;
  const outAt = bAt + b.length * 8;
  const bytes = outAt + maxCells * 8;
  const memory = k.memory;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  const heap = new Float64Array(memory.buffer);
  heap.set(a, 0);
  heap.set(b, bAt / 8);
  return work({
    dots(aRow0, aRows, bRow0, bRows) {
      if (aRows * bRows > maxCells) throw new RangeError(`block ${aRows} × ${bRows} over ${maxCells} cells`);
      k.crossDots(aRow0 * len * 8, aRows, bAt + bRow0 * len * 8, bRows, len, outAt, 0);
      return heap.subarray(outAt / 8, outAt / 8 + aRows * bRows);
    },
  });
}
