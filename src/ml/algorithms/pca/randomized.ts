import { crossDots } from '../../kernels/cross-dots.js';
import type { Random } from '../../random.js';
import { orthonormalizeRows } from './orthonormalize.js';
import { type Eigen, symmetricEigen } from './symmetric-eigen.js';

/** z = C·v for a basis v (l × d, rows), with C the d × d scatter matrix, however it is applied. */
export type ApplyScatter = (v: Float64Array, l: number) => Promise<Float64Array>;

/**
 * The top of the spectrum of a symmetric positive semi-definite operator C (the scatter matrix
 * X̃ᵀX̃) by randomized subspace iteration with Rayleigh-Ritz (Halko, Martinsson & Tropp 2011,
 * Algorithms 4.4 and 5.1, worked on the d side): V₀ = orth(Ω) with Ω Gaussian (l × d), then
 * q times V ← orth(C·V), then the eigenpairs of the l × l matrix V·C·Vᵀ lifted back by V. It gives
 * the same subspace as Halko's range finder on X with q power iterations (span of C^q·Ω) for the
 * same q + 1 applications of C (2q + 2 passes over X), but only d × l matrices are ever
 * orthonormalised (modified Gram-Schmidt), so nothing of the data's length is stored.
 * Returns l eigenvalues (largest first) and their vectors as rows (l × d).
 */
export async function randomizedEigen(
  apply: ApplyScatter,
  d: number,
  l: number,
  powerIterations: number,
  random: Random,
): Promise<Eigen> {
  let v: Float64Array = new Float64Array(l * d);
  for (let i = 0; i < v.length; i++) v[i] = random.normal();
  orthonormalizeRows(v, l, d, random);
  for (let it = 0; it < powerIterations; it++) {
    v = await apply(v, l);
    orthonormalizeRows(v, l, d, random);
  }
  const z = await apply(v, l);
  const h = new Float64Array(l * l);
  crossDots(v, l, z, l, d, h);
  for (let i = 0; i < l; i++) {
    for (let j = i + 1; j < l; j++) {
      const s = ((h[i * l + j] as number) + (h[j * l + i] as number)) / 2;
      h[i * l + j] = s;
      h[j * l + i] = s;
    }
  }
  const small = symmetricEigen(h, l);
  const vectors = new Float64Array(l * d);
  for (let j = 0; j < l; j++) {
    for (let i = 0; i < l; i++) {
      const w = small.vectors[j * l + i] as number;
      if (w === 0) continue;
      for (let a = 0; a < d; a++)
        vectors[j * d + a] = (vectors[j * d + a] as number) + w * (v[i * d + a] as number);
    }
  }
  return { values: small.values, vectors };
}
