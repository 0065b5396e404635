/**
 * `crossDots` (see cross-dots.ts for the arguments) in plain JavaScript: small products, where
 * copying into the WebAssembly kernel's memory would cost more than it saves, and runtimes without
 * WebAssembly SIMD. With `upper`, tiles wholly below the diagonal are skipped.
 *
 * The loop is inlined by hand as a 2 × 4 register tile (two rows of A against four rows of B): each
 * value loaded from A feeds four products and each from B two, so V8 keeps the eight sums in
 * registers. On this machine that runs at ~0.75 ns per multiply-add, twice the speed of the plain
 * three-loop version. An odd last row of A is paired with itself (computed twice, written once);
 * the last bRows % 4 rows of B go through 2 × 2 and 2 × 1 tiles.
 */
export function crossDotsScalar(
  a: Float64Array,
  aRows: number,
  b: Float64Array,
  bRows: number,
  len: number,
  out: Float64Array,
  accumulate = false,
  upper = false,
): void {
  const lastA = aRows - 1;
  for (let i = 0; i < aRows; i += 2) {
    const i1 = Math.min(i + 1, lastA);
    const pa = i * len;
    const qa = i1 * len;
    let j = upper ? i & ~3 : 0;
    for (; j + 4 <= bRows; j += 4) {
      const p0 = j * len;
      const p1 = p0 + len;
      const p2 = p1 + len;
      const p3 = p2 + len;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < len; t++) {
        const u = a[pa + t] as number;
        const v = a[qa + t] as number;
        const b0 = b[p0 + t] as number;
        const b1 = b[p1 + t] as number;
        const b2 = b[p2 + t] as number;
        const b3 = b[p3 + t] as number;
        s00 += u * b0;
        s01 += u * b1;
        s02 += u * b2;
        s03 += u * b3;
        s10 += v * b0;
        s11 += v * b1;
        s12 += v * b2;
        s13 += v * b3;
      }
      store(out, i * bRows + j, s00, s01, s02, s03, accumulate, upper ? i - j : 0);
      if (i1 !== i) store(out, i1 * bRows + j, s10, s11, s12, s13, accumulate, upper ? i1 - j : 0);
    }
    // The last bRows % 4 rows of b: a 2 × 2 tile, then a 2 × 1 tile.
    if (j + 2 <= bRows) {
      const p0 = j * len;
      const p1 = p0 + len;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let t = 0; t < len; t++) {
        const u = a[pa + t] as number;
        const v = a[qa + t] as number;
        const b0 = b[p0 + t] as number;
        const b1 = b[p1 + t] as number;
        s00 += u * b0;
        s01 += u * b1;
        s10 += v * b0;
        s11 += v * b1;
      }
      put(out, i * bRows + j, s00, accumulate, upper && j < i);
      put(out, i * bRows + j + 1, s01, accumulate, upper && j + 1 < i);
      if (i1 !== i) {
        put(out, i1 * bRows + j, s10, accumulate, upper && j < i1);
        put(out, i1 * bRows + j + 1, s11, accumulate, upper && j + 1 < i1);
      }
      j += 2;
    }
    for (; j < bRows; j++) {
      const p0 = j * len;
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < len; t++) {
        const b0 = b[p0 + t] as number;
        s0 += (a[pa + t] as number) * b0;
        s1 += (a[qa + t] as number) * b0;
      }
      put(out, i * bRows + j, s0, accumulate, upper && j < i);
      if (i1 !== i) put(out, i1 * bRows + j, s1, accumulate, upper && j < i1);
    }
  }
}

/** Writes (or adds) four sums at out[o..o+3], skipping the first `skip` (below the diagonal). */
function store(
  out: Float64Array,
  o: number,
  s0: number,
  s1: number,
  s2: number,
  s3: number,
  accumulate: boolean,
  skip: number,
): void {
  if (accumulate) {
    if (skip <= 0) out[o] = (out[o] as number) + s0;
    if (skip <= 1) out[o + 1] = (out[o + 1] as number) + s1;
    if (skip <= 2) out[o + 2] = (out[o + 2] as number) + s2;
    if (skip <= 3) out[o + 3] = (out[o + 3] as number) + s3;
  } else {
    if (skip <= 0) out[o] = s0;
    if (skip <= 1) out[o + 1] = s1;
    if (skip <= 2) out[o + 2] = s2;
    if (skip <= 3) out[o + 3] = s3;
  }
}

/** Writes (or adds) one sum, unless it falls below the diagonal. */
function put(out: Float64Array, o: number, s: number, accumulate: boolean, skip: boolean): void {
  if (!skip) out[o] = accumulate ? (out[o] as number) + s : s;
}
