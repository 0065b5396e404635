/**
 * Gradient histograms over uint8 bin codes. A histogram holds, for each feature slot f of a row
 * (stride slots, padding included) and each code b in 0..255, the sums of gradient and hessian at
 * [(f·256 + b)·2] and [(f·256 + b)·2 + 1]: one fixed-size block per feature, so the kernel finds a
 * cell with shifts only. Code 255 is the missing-value cell of features that have missing values.
 */

/** Float64 cells of one histogram for rows of `stride` bin bytes. */
export function histogramSize(stride: number): number {
  return stride * 512;
}

// The kernel reads four bin codes per 32-bit load; that needs little-endian byte order (x86, ARM).
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Adds rows [begin, end) of a row-major code matrix (`words`: four codes per uint32, `w4` words per
 * row) to `hist`, which is not cleared first. `gh` interleaves each row's gradient and hessian, in the
 * same row order as the codes. The rows are contiguous, so every load is sequential: that decides the
 * speed far more than the arithmetic does (sparse row indices are 2–6× slower per update).
 */
export function accumulateHistogram(
  hist: Float64Array,
  words: Uint32Array,
  w4: number,
  gh: Float32Array,
  begin: number,
  end: number,
): void {
  if (!LITTLE_ENDIAN) {
    accumulateBytes(hist, words, w4, gh, begin, end);
    return;
  }
  let r = begin;
  // Two rows per iteration, their updates interleaved: independent load-add-store chains overlap
  // (about 25% faster than one row at a time). Inlined on purpose: this loop is most of training.
  for (; r + 1 < end; r += 2) {
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const g2 = gh[2 * r + 2]!;
    const h2 = gh[2 * r + 3]!;
    const a = r * w4;
    for (let w = 0, base = 0; w < w4; w++, base += 2048) {
      const x = words[a + w]!;
      const y = words[a + w4 + w]!;
      let i = base + ((x & 255) << 1);
      hist[i] = hist[i]! + g;
      hist[i + 1] = hist[i + 1]! + h;
      let j = base + ((y & 255) << 1);
      hist[j] = hist[j]! + g2;
      hist[j + 1] = hist[j + 1]! + h2;
      i = base + 512 + ((x >>> 7) & 510);
      hist[i] = hist[i]! + g;
      hist[i + 1] = hist[i + 1]! + h;
      j = base + 512 + ((y >>> 7) & 510);
      hist[j] = hist[j]! + g2;
      hist[j + 1] = hist[j + 1]! + h2;
      i = base + 1024 + ((x >>> 15) & 510);
      hist[i] = hist[i]! + g;
      hist[i + 1] = hist[i + 1]! + h;
      j = base + 1024 + ((y >>> 15) & 510);
      hist[j] = hist[j]! + g2;
      hist[j + 1] = hist[j + 1]! + h2;
      i = base + 1536 + ((x >>> 23) & 510);
      hist[i] = hist[i]! + g;
      hist[i + 1] = hist[i + 1]! + h;
      j = base + 1536 + ((y >>> 23) & 510);
      hist[j] = hist[j]! + g2;
      hist[j + 1] = hist[j + 1]! + h2;
    }
  }
  if (r < end) accumulateBytes(hist, words, w4, gh, r, end);
}

function accumulateBytes(
  hist: Float64Array,
  words: Uint32Array,
  w4: number,
  gh: Float32Array,
  begin: number,
  end: number,
): void {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const stride = 4 * w4;
  for (let r = begin; r < end; r++) {
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const o = r * stride;
    for (let f = 0; f < stride; f++) {
      const i = ((f << 8) | bytes[o + f]!) << 1;
      hist[i] = hist[i]! + g;
      hist[i + 1] = hist[i + 1]! + h;
    }
  }
}

/** `into[i] -= other[i]`: the larger child's histogram from its parent's and its sibling's. */
export function subtractHistogram(into: Float64Array, other: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! - other[i]!;
}

/** `into[i] += other[i]`: merges per-thread partial histograms. */
export function addHistogram(into: Float64Array, other: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! + other[i]!;
}
