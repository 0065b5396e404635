import { Link } from 'wouter';

import { formatMetric, headlineMetrics, type Model, useModels, useTrainingNow } from '../api/models/index.js';
import { formatTime } from '../components/format.js';
import { ProgressBar } from '../components/progress-bar.js';
import { errorMessage } from '../components/toasts.js';

/** Training jobs still going: their models appear in the list when they complete. */
function TrainingNow() {
  const running = useTrainingNow();
  if (running.length === 0) return null;
  return (
    <section className="card" aria-labelledby="training-now-title">
      <h2 id="training-now-title">Training now</h2>
      {running.map((j) => (
        <div key={j.id} className="row">
          <Link href={`/jobs/${encodeURIComponent(j.name)}`}>{j.name}</Link>
          <span className="muted">{j.statusMessage}</span>
          <span className="spacer" />
          <ProgressBar value={j.progress} label={`Progress of ${j.name}`} />
        </div>
      ))}
    </section>
  );
}

function Headline({ model }: { model: Model }) {
  const figures = headlineMetrics(model.metrics);
  if (figures.length === 0) return <span className="muted">-</span>;
  return (
    <>
      {figures.map((f) => (
        <div key={f.key}>
          <span className="muted">{f.key}</span> {formatMetric(f.value)}
        </div>
      ))}
    </>
  );
}

/** SageMaker's Models: every trained model with its algorithm and headline metrics. */
export default function ModelsPage() {
  const models = useModels();
  return (
    <>
      <div className="row">
        <h1>Models</h1>
        <span className="spacer" />
        <Link href="/models/new" className="button primary">
          Train model
        </Link>
      </div>
      <TrainingNow />
      {models.error && <p role="alert">Could not list models: {errorMessage(models.error)}</p>}
      <table aria-label="Models">
        <thead>
          <tr>
            <th>Name</th>
            <th>Algorithm</th>
            <th>Kind</th>
            <th>Target</th>
            <th>Created</th>
            <th>Metrics</th>
          </tr>
        </thead>
        <tbody>
          {models.data?.map((m) => (
            <tr key={m.name}>
              <td>
                <Link href={`/models/${encodeURIComponent(m.name)}`}>{m.name}</Link>
              </td>
              <td>{m.algorithm}</td>
              <td>{m.kind}</td>
              <td className="mono">{m.target ?? '-'}</td>
              <td className="muted">{formatTime(m.createdAt)}</td>
              <td className="small">
                <Headline model={m} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {models.data?.length === 0 && (
        <p className="muted">No models yet. Train one on a catalog table or an object store prefix.</p>
      )}
    </>
  );
}
