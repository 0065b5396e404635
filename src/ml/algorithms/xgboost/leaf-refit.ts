/**
 * reg:absoluteerror's adaptive leaves (XGBoost 1.7 UpdateTreeLeaf): after a tree is grown on sign
 * gradients, each leaf's value becomes eta times the median of the residuals y − margin of its rows
 * (weighted median when rows have weights), computed as XGBoost's common::Quantile does. `blocks`
 * holds (begin, end) row positions; labels, margins and weights are in the same (physical) order.
 */
export function residualMedian(
  blocks: Int32Array,
  y: Float64Array,
  margins: Float64Array,
  outputs: number,
  group: number,
  w: Float64Array | undefined,
): number {
  const rows: number[] = [];
  for (let b = 0; b < blocks.length; b += 2) for (let k = blocks[b]!; k < blocks[b + 1]!; k++) rows.push(k);
  const n = rows.length;
  if (n === 0) return 0;
  const res = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    res[k] = Math.fround(Math.fround(y[r]!) - margins[r * outputs + group]!);
  }
  if (w) {
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => res[a]! - res[b]!);
    const cdf = new Float64Array(n);
    let acc = 0;
    for (let k = 0; k < n; k++) {
      acc += w[rows[order[k]!]!]!;
      cdf[k] = acc;
    }
    const thresh = acc * 0.5;
    let idx = 0;
    while (idx < n - 1 && cdf[idx]! < thresh) idx++;
    return res[order[idx]!]!;
  }
  res.sort();
  const alpha = 0.5;
  if (alpha <= 1 / (n + 1)) return res[0]!;
  if (alpha >= n / (n + 1)) return res[n - 1]!;
  const x = alpha * (n + 1);
  const k = Math.floor(x) - 1;
  const d = x - 1 - k;
  return res[k]! + d * (res[k + 1]! - res[k]!);
}
