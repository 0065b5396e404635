import { PlatformError } from '../../../core/index.js';

export interface Eigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** Eigenvectors as rows (n × n, row j belongs to values[j]), orthonormal. */
  readonly vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric n × n matrix (row-major; only symmetric input makes sense):
 * Householder reduction to tridiagonal form, then the implicit QL algorithm with Wilkinson-style
 * shifts (EISPACK tred2/tql2, as ported in the public-domain JAMA library).
 *
 * Why this and not cyclic Jacobi: both are backward stable, but tridiagonal QL costs about
 * (4/3 + 3) n³ flops once, where Jacobi needs 5–10 sweeps of ~4n³ each; PCA's covariance matrices
 * have d up to a few thousand, where that is the difference between seconds and minutes. Jacobi's
 * advantage, high relative accuracy for tiny eigenvalues, is lost anyway once XᵀX is formed (its
 * small eigenvalues are only known to ~1e-16 × the largest).
 */
export function symmetricEigen(a: Float64Array, n: number): Eigen {
  const v = a.slice(); // V[i][j] at v[i * n + j]; eigenvectors end up in the columns
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: v };
  tred2(v, d, e, n);
  tql2(v, d, e, n);
  // tql2 sorts ascending with vectors in columns; return largest first, vectors as rows.
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = n - 1 - j;
    values[j] = d[src] as number;
    for (let i = 0; i < n; i++) vectors[j * n + i] = v[i * n + src] as number;
  }
  return { values, vectors };
}

/** Householder tridiagonalisation: on return d is the diagonal, e the sub-diagonal (e[0] = 0), V the transform. */
function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j] as number;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j] as number;
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = (d[k] as number) / scale;
        h += (d[k] as number) * (d[k] as number);
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        V[j * n + i] = f;
        g = (e[j] as number) + (V[j * n + j] as number) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += (V[k * n + j] as number) * (d[k] as number);
          e[k] = (e[k] as number) + (V[k * n + j] as number) * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = (e[j] as number) / h;
        f += (e[j] as number) * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        g = e[j] as number;
        for (let k = j; k <= i - 1; k++) {
          V[k * n + j] = (V[k * n + j] as number) - (f * (e[k] as number) + g * (d[k] as number));
        }
        d[j] = V[(i - 1) * n + j] as number;
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i] as number;
    V[i * n + i] = 1;
    const h = d[i + 1] as number;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = (V[k * n + i + 1] as number) / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += (V[k * n + i + 1] as number) * (V[k * n + j] as number);
        for (let k = 0; k <= i; k++) V[k * n + j] = (V[k * n + j] as number) - g * (d[k] as number);
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j] as number;
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e), accumulating rotations into V; sorts ascending. */
function tql2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m] as number) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > 100)
          throw new PlatformError('internal', 'symmetric eigen-decomposition did not converge');
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        f += h;
        p = d[m] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * (e[i] as number);
          h = c * p;
          r = Math.hypot(p, e[i] as number);
          e[i + 1] = s * r;
          s = (e[i] as number) / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));
          for (let k = 0; k < n; k++) {
            const o = k * n;
            h = V[o + i + 1] as number;
            V[o + i + 1] = s * (V[o + i] as number) + c * h;
            V[o + i] = c * (V[o + i] as number) - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l] as number) > eps * tst1);
    }
    d[l] = (d[l] as number) + f;
    e[l] = 0;
  }
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i] as number;
    for (let j = i + 1; j < n; j++) {
      if ((d[j] as number) < p) {
        k = j;
        p = d[j] as number;
      }
    }
    if (k !== i) {
      d[k] = d[i] as number;
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const o = j * n;
        p = V[o + i] as number;
        V[o + i] = V[o + k] as number;
        V[o + k] = p;
      }
    }
  }
}
