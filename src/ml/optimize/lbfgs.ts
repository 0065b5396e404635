/**
 * L-BFGS (Nocedal & Wright, algorithm 7.4) with a line search that satisfies the strong Wolfe
 * conditions (algorithms 3.5 and 3.6). Written here because the ML kernels are ours (no native
 * libraries) and the same minimizer serves logistic, softmax and least-squares objectives.
 */
export interface LbfgsOptions {
  readonly maxIterations?: number;
  /** Stop when max |gradient| ≤ gtol (sklearn's lbfgs uses pgtol the same way). */
  readonly gradientTolerance?: number;
  /** Stop when the relative decrease of f is below this. */
  readonly functionTolerance?: number;
  readonly memory?: number;
  readonly signal?: AbortSignal;
  /** Called after each iteration with the loss; return false to stop. */
  readonly onIteration?: (iteration: number, loss: number, x: Float64Array) => boolean | undefined;
}

/** Computes f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly loss: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export function minimizeLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const maxIter = options.maxIterations ?? 1000;
  const gtol = options.gradientTolerance ?? 1e-10;
  const ftol = options.functionTolerance ?? 1e-14;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iterations = 0;
  let converged = maxAbs(g) <= gtol;
  while (!converged && iterations < maxIter) {
    options.signal?.throwIfAborted();
    // Two-loop recursion: d = -H∇f.
    for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
    const k = s.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = (rho[j] as number) * dotN(s[j] as Float64Array, d, n);
      alpha[j] = a;
      axpy(-a, y[j] as Float64Array, d, n);
    }
    if (k > 0) {
      const last = k - 1;
      const gamma =
        dotN(s[last] as Float64Array, y[last] as Float64Array, n) /
        dotN(y[last] as Float64Array, y[last] as Float64Array, n);
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    } else {
      // First step: scale so the trial step has unit length.
      const norm = Math.sqrt(dotN(d, d, n));
      if (norm > 0) for (let i = 0; i < n; i++) d[i] = (d[i] as number) / norm;
    }
    for (let j = 0; j < k; j++) {
      const b = (rho[j] as number) * dotN(y[j] as Float64Array, d, n);
      axpy((alpha[j] as number) - b, s[j] as Float64Array, d, n);
    }
    let slope = dotN(g, d, n);
    if (slope >= 0) {
      // Not a descent direction (curvature lost): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      slope = dotN(g, d, n);
    }
    const step = wolfeLineSearch(f, x, fx, g, d, slope, xNew, gNew);
    if (step.t === 0) break;
    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sNew[i] = (xNew[i] as number) - (x[i] as number);
      yNew[i] = (gNew[i] as number) - (g[i] as number);
    }
    const sy = dotN(sNew, yNew, n);
    const previous = fx;
    x.set(xNew);
    g.set(gNew);
    fx = step.f;
    iterations++;
    if (sy > 1e-300) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sy);
    }
    if (options.onIteration?.(iterations, fx, x) === false) break;
    if (maxAbs(g) <= gtol) converged = true;
    else if (Math.abs(previous - fx) <= ftol * Math.max(Math.abs(previous), Math.abs(fx), 1))
      converged = true;
  }
  return { x, loss: fx, iterations, converged };
}

function wolfeLineSearch(
  f: Objective,
  x: Float64Array,
  fx: number,
  _g: Float64Array,
  d: Float64Array,
  slope0: number,
  xOut: Float64Array,
  gOut: Float64Array,
): { t: number; f: number } {
  const c1 = 1e-4;
  const c2 = 0.9;
  const n = x.length;
  const evaluate = (t: number) => {
    for (let i = 0; i < n; i++) xOut[i] = (x[i] as number) + t * (d[i] as number);
    const v = f(xOut, gOut);
    return { v, slope: dotN(gOut, d, n) };
  };
  const zoom = (lo: number, hi: number, fLo: number): { t: number; f: number } => {
    for (let i = 0; i < 50; i++) {
      const t = (lo + hi) / 2;
      const { v, slope } = evaluate(t);
      if (v > fx + c1 * t * slope0 || v >= fLo) hi = t;
      else {
        if (Math.abs(slope) <= -c2 * slope0) return { t, f: v };
        if (slope * (hi - lo) >= 0) hi = lo;
        lo = t;
        fLo = v;
      }
      if (Math.abs(hi - lo) < 1e-16) break;
    }
    const { v } = evaluate(lo);
    return { t: lo, f: v };
  };
  let tPrev = 0;
  let fPrev = fx;
  let t = 1;
  for (let i = 0; i < 30; i++) {
    const { v, slope } = evaluate(t);
    if (!Number.isFinite(v) || v > fx + c1 * t * slope0 || (i > 0 && v >= fPrev))
      return zoom(tPrev, t, fPrev);
    if (Math.abs(slope) <= -c2 * slope0) return { t, f: v };
    if (slope >= 0) return zoom(t, tPrev, v);
    tPrev = t;
    fPrev = v;
    t *= 2;
  }
  const { v } = evaluate(tPrev);
  return { t: tPrev, f: v };
}

function dotN(a: Float64Array, b: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}
