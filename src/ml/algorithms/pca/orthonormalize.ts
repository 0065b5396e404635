import type { Random } from '../../random.js';

/**
 * Orthonormalises the l rows of v (l × d, l ≤ d) in place by modified Gram-Schmidt, each row
 * orthogonalised twice ("twice is enough", Giraud et al. 2005) so the result is orthonormal to
 * rounding even when the rows are nearly dependent, as power iterations make them. A row that
 * vanishes (the data has rank below l) is replaced by a fresh random direction, so the basis
 * always spans l dimensions. Rows are contiguous, so every step is a contiguous dot/axpy.
 */
export function orthonormalizeRows(v: Float64Array, l: number, d: number, random: Random): void {
  for (let j = 0; j < l; j++) {
    const o = j * d;
    for (let attempt = 0; ; attempt++) {
      const before = Math.sqrt(dotRows(v, o, v, o, d));
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < j; i++) {
          const r = dotRows(v, i * d, v, o, d);
          for (let t = 0; t < d; t++) v[o + t] = (v[o + t] as number) - r * (v[i * d + t] as number);
        }
      }
      const norm = Math.sqrt(dotRows(v, o, v, o, d));
      if (norm > 1e-10 * before && norm > 0) {
        for (let t = 0; t < d; t++) v[o + t] = (v[o + t] as number) / norm;
        break;
      }
      if (attempt > 10) throw new RangeError(`cannot find ${l} independent directions in ${d} dimensions`);
      for (let t = 0; t < d; t++) v[o + t] = random.normal();
    }
  }
}

function dotRows(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += (a[ao + t] as number) * (b[bo + t] as number);
  return s;
}
