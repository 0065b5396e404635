import { type AlgorithmInfo, formatMetric, type Model, metricsTable } from '../../api/models/index.js';
import { formatCell } from '../format.js';

/** Metrics with one column per split (train and validation side by side). */
export function ModelMetrics({ model }: { model: Model }) {
  const table = metricsTable(model.metrics);
  return (
    <section className="card" aria-labelledby="model-metrics-title">
      <h2 id="model-metrics-title">Metrics</h2>
      {table.rows.length === 0 ? (
        <p className="muted">This model recorded no metrics (they need labelled data).</p>
      ) : (
        <table aria-label="Metrics" className="wrap-table">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {table.splits.map((s) => (
                <th key={s} scope="col">
                  {s || 'value'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.name}>
                <th scope="row" className="mono">
                  {r.name}
                </th>
                {r.values.map((v, i) => (
                  <td key={table.splits[i]} className="num" title={v === undefined ? undefined : String(v)}>
                    {formatMetric(v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The hyperparameters the model was trained with, beside the algorithm's defaults. */
export function ModelHyperparameters({
  model,
  algorithm,
}: {
  model: Model;
  algorithm: AlgorithmInfo | undefined;
}) {
  const entries = Object.entries(model.hyperparameters);
  return (
    <section className="card" aria-labelledby="model-hp-title">
      <h2 id="model-hp-title">Hyperparameters</h2>
      <table aria-label="Hyperparameters" className="wrap-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col">Default</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => {
            const spec = algorithm?.hyperparameters[name];
            const changed = spec !== undefined && spec.default !== value;
            return (
              <tr key={name}>
                <th scope="row" className="mono">
                  {name}
                </th>
                <td className={`mono${changed ? ' changed-value' : ''}`}>{formatCell(value)}</td>
                <td className="mono muted">{spec ? formatCell(spec.default) : '-'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The columns the model was trained on; scoring data needs the same feature columns. */
export function ModelSchema({ model }: { model: Model }) {
  return (
    <section className="card" aria-labelledby="model-schema-title">
      <h2 id="model-schema-title">Input schema</h2>
      <table aria-label="Input schema" className="wrap-table">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {model.schema.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td className="mono">{c.type}</td>
              <td className="muted">{c.name === model.target ? 'target' : 'feature'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
