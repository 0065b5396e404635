/**
 * A model's metrics arrive flat, `split:name` (`train:accuracy`, `validation:auc`). These helpers
 * group them for the console: a table with one column per split, and the few figures a list shows.
 */

export interface MetricsTable {
  /** Splits in display order: train, validation, then any others alphabetically. */
  readonly splits: readonly string[];
  /** One row per metric name, values aligned with `splits` (undefined where a split lacks it). */
  readonly rows: readonly { readonly name: string; readonly values: readonly (number | undefined)[] }[];
}

const SPLIT_ORDER = ['train', 'validation'];
/** Metrics a list shows first, best known first; classification, then regression. */
const HEADLINE_ORDER = ['accuracy', 'auc', 'f1_macro', 'r2', 'rmse', 'mae', 'logloss'];

function splitKey(key: string): { split: string; name: string } {
  const at = key.indexOf(':');
  return at < 0 ? { split: '', name: key } : { split: key.slice(0, at), name: key.slice(at + 1) };
}

const rank = (order: readonly string[], v: string) => {
  const i = order.indexOf(v);
  return i < 0 ? order.length : i;
};

export function metricsTable(metrics: Readonly<Record<string, number>>): MetricsTable {
  const bySplit = new Map<string, Map<string, number>>();
  const names: string[] = [];
  for (const [key, value] of Object.entries(metrics)) {
    const { split, name } = splitKey(key);
    const values = bySplit.get(split) ?? new Map<string, number>();
    values.set(name, value);
    bySplit.set(split, values);
    if (!names.includes(name)) names.push(name);
  }
  const splits = [...bySplit.keys()].sort(
    (a, b) => rank(SPLIT_ORDER, a) - rank(SPLIT_ORDER, b) || a.localeCompare(b),
  );
  return {
    splits,
    rows: names.map((name) => ({ name, values: splits.map((s) => bySplit.get(s)?.get(name)) })),
  };
}

/**
 * Up to `count` figures to show beside a model's name: the best-known metric names first, each from
 * the validation split when there is one (it says more about the model than the training fit).
 */
export function headlineMetrics(
  metrics: Readonly<Record<string, number>>,
  count = 2,
): { readonly key: string; readonly value: number }[] {
  const keys = Object.keys(metrics);
  const names = [...new Set(keys.map((k) => splitKey(k).name))].sort(
    (a, b) => rank(HEADLINE_ORDER, a) - rank(HEADLINE_ORDER, b),
  );
  const out: { key: string; value: number }[] = [];
  for (const name of names.slice(0, count)) {
    const key =
      [`validation:${name}`, `train:${name}`, name].find((k) => k in metrics) ??
      keys.find((k) => splitKey(k).name === name);
    if (key) out.push({ key, value: metrics[key] as number });
  }
  return out;
}

/** A metric value for people: 4 significant digits, exponent only for very small or large values. */
export function formatMetric(v: number | undefined): string {
  if (v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}
