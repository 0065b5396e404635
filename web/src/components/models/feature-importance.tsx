import { useMemo } from 'react';

import type { Model } from '../../api/models/index.js';
import { EChart } from '../charts/echart.js';

/** Features drawn in the chart; the table below it lists every feature the model ranked. */
const SHOWN = 20;

const EXPLAIN: Record<string, string> = {
  gain: 'average loss reduction of the splits on each feature (XGBoost gain)',
  impurity: 'mean decrease in impurity over the forest’s splits',
  coefficient: 'absolute coefficient times the feature’s standard deviation',
};

/** How much each (encoded) feature contributes, largest first, as a horizontal bar chart. */
export function FeatureImportance({ model }: { model: Model }) {
  const importance = model.featureImportance;
  const shown = useMemo(() => importance?.features.slice(0, SHOWN) ?? [], [importance]);
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: shown.map((f) => f.name) },
      series: [{ type: 'bar', data: shown.map((f) => f.importance) }],
    }),
    [shown],
  );
  if (!importance) return null;
  return (
    <section className="card" aria-labelledby="model-importance-title">
      <h2 id="model-importance-title">Feature importance</h2>
      <p className="muted">
        {importance.type}: {EXPLAIN[importance.type] ?? 'relative importance'}, normalized to sum to 1.
      </p>
      <EChart
        option={option}
        label="Feature importance chart"
        height={Math.max(160, 28 * shown.length + 40)}
      />
      <details>
        <summary>All {importance.features.length} features</summary>
        <table aria-label="Feature importance">
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Importance</th>
            </tr>
          </thead>
          <tbody>
            {importance.features.map((f) => (
              <tr key={f.name}>
                <th scope="row" className="mono">
                  {f.name}
                </th>
                <td className="num">{f.importance.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
