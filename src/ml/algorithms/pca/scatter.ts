import { crossDots } from '../../kernels/cross-dots.js';

/**
 * Kernels over a range of rows of a row-major n × d matrix, read as x − mean. Each copies a block
 * of rows, centred, into column order (d × BLOCK) so every product below is a dot product of two
 * contiguous vectors (crossDots); the block stays in cache for all d² or d·l of them.
 */
const BLOCK = 128;

/** Copies rows [i0, i0 + m) of x minus mean into `t` as columns: t[a·BLOCK + r] = x[i0 + r][a] − mean[a]. */
function transposeCentred(
  x: Float64Array,
  d: number,
  mean: Float64Array,
  i0: number,
  m: number,
  t: Float64Array,
): void {
  for (let r = 0; r < m; r++) {
    for (let a = 0, o = (i0 + r) * d; a < d; a++)
      t[a * BLOCK + r] = (x[o + a] as number) - (mean[a] as number);
  }
}

/**
 * Adds Σ (x_i − mean)(x_i − mean)ᵀ over rows [start, end) to the upper triangle (j ≥ i) of the
 * d × d scatter matrix `c` (the lower triangle is left alone; see mirrorUpper).
 */
export function addScatter(
  x: Float64Array,
  d: number,
  mean: Float64Array,
  start: number,
  end: number,
  c: Float64Array,
): void {
  const t = new Float64Array(d * BLOCK);
  for (let i0 = start; i0 < end; i0 += BLOCK) {
    const m = Math.min(BLOCK, end - i0);
    if (m < BLOCK) t.fill(0); // the short last block: zero columns add nothing
    transposeCentred(x, d, mean, i0, m, t);
    crossDots(t, d, t, d, BLOCK, c, true, true);
  }
}

/** Copies the upper triangle of a d × d matrix onto the lower one. */
export function mirrorUpper(c: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) c[j * d + i] = c[i * d + j] as number;
}

/**
 * Adds (X̃ᵀX̃ Vᵀ)ᵀ over rows [start, end) to z (l × d), where X̃ is x − mean and V is l × d (basis
 * vectors as rows): for each block, Y = X̃ Vᵀ (BLOCK × l), then z += Yᵀ X̃. Reads the data once for
 * both products (2·d·l multiply-adds per row).
 */
export function addCovarianceTimes(
  x: Float64Array,
  d: number,
  mean: Float64Array,
  start: number,
  end: number,
  v: Float64Array,
  l: number,
  z: Float64Array,
): void {
  const rows = new Float64Array(BLOCK * d);
  const t = new Float64Array(d * BLOCK);
  const y = new Float64Array(BLOCK * l);
  const yt = new Float64Array(l * BLOCK);
  for (let i0 = start; i0 < end; i0 += BLOCK) {
    const m = Math.min(BLOCK, end - i0);
    if (m < BLOCK) {
      t.fill(0);
      yt.fill(0);
    }
    transposeCentred(x, d, mean, i0, m, t);
    for (let r = 0; r < m; r++) {
      for (let a = 0; a < d; a++) rows[r * d + a] = t[a * BLOCK + r] as number;
    }
    crossDots(rows, m, v, l, d, y);
    for (let r = 0; r < m; r++) for (let j = 0; j < l; j++) yt[j * BLOCK + r] = y[r * l + j] as number;
    crossDots(yt, l, t, d, BLOCK, z, true);
  }
}
