import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';

import { type Model, useAlgorithms, useDeleteModel, useModel } from '../api/models/index.js';
import { objectsApi } from '../api/objects/index.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { formatTime } from '../components/format.js';
import { FeatureImportance } from '../components/models/feature-importance.js';
import { ModelHyperparameters, ModelMetrics, ModelSchema } from '../components/models/model-tables.js';
import { OnnxExport } from '../components/models/onnx-export.js';
import { PredictionRun } from '../components/models/prediction-run.js';
import { ScoreForm } from '../components/models/score-form.js';
import { errorMessage, useToast } from '../components/toasts.js';

function Overview({ model }: { model: Model }) {
  return (
    <section className="card" aria-labelledby="model-overview-title">
      <h2 id="model-overview-title">Overview</h2>
      <dl className="kv">
        <dt>Algorithm</dt>
        <dd>{model.algorithm}</dd>
        <dt>Kind</dt>
        <dd>{model.kind}</dd>
        <dt>Target</dt>
        <dd className="mono">{model.target ?? '-'}</dd>
        {model.classes.length > 0 && (
          <>
            <dt>Classes</dt>
            <dd>{model.classes.join(', ')}</dd>
          </>
        )}
        <dt>Data source</dt>
        <dd className="mono">{model.dataSource}</dd>
        <dt>Training job</dt>
        <dd>
          {model.jobName ? (
            <Link href={`/jobs/${encodeURIComponent(model.jobName)}`}>{model.jobName}</Link>
          ) : (
            '-'
          )}
        </dd>
        <dt>Artifact</dt>
        <dd>
          <span className="mono">{model.artifactKey}</span>{' '}
          <a href={objectsApi.downloadUrl(model.artifactKey)} download aria-label="Download model artifact">
            Download
          </a>
        </dd>
        <dt>Created</dt>
        <dd>
          {formatTime(model.createdAt)} by {model.createdBy}
        </dd>
      </dl>
    </section>
  );
}

/**
 * One model: what it is and how it was trained, its metrics, feature importance, hyperparameters and
 * input schema, and
 * "Score a file" (a prediction job whose run is kept in the URL as `?prediction=<job>`). Deploy opens
 * the deploy form with this model filled in.
 */
export default function ModelPage({ name }: { name: string }) {
  const model = useModel(name);
  const algorithms = useAlgorithms();
  const remove = useDeleteModel();
  const toast = useToast();
  const [, navigate] = useLocation();
  const prediction = new URLSearchParams(useSearch()).get('prediction') ?? undefined;
  const [confirming, setConfirming] = useState(false);
  const here = `/models/${encodeURIComponent(name)}`;

  if (model.error) return <p role="alert">{errorMessage(model.error)}</p>;
  if (!model.data) return <p className="muted">Loading…</p>;
  const m = model.data;
  return (
    <>
      <p>
        <Link href="/models">All models</Link>
      </p>
      <div className="row">
        <h1 className="mono">{m.name}</h1>
        <span className="spacer" />
        <Link href={`/endpoints/new?model=${encodeURIComponent(m.name)}`} className="button">
          Deploy
        </Link>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete model
        </button>
      </div>
      <div className="grid2">
        <Overview model={m} />
        <ModelMetrics model={m} />
      </div>
      <FeatureImportance model={m} />
      <OnnxExport model={m} />
      <section className="card" aria-labelledby="score-title">
        <h2 id="score-title">Score a file</h2>
        <ScoreForm
          model={m}
          onStarted={(job) => navigate(`${here}?prediction=${encodeURIComponent(job)}`, { replace: true })}
        />
        {prediction && <PredictionRun key={prediction} jobName={prediction} />}
      </section>
      <div className="grid2">
        <ModelHyperparameters model={m} algorithm={algorithms.data?.find((a) => a.name === m.algorithm)} />
        <ModelSchema model={m} />
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete model?"
        message={`The model ${m.name} and its artifact will be deleted. Predictions already written stay.`}
        confirmLabel="Delete"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate(m.name, {
            onSuccess: () => navigate('/models'),
            onError: (err) => toast(`Could not delete ${m.name}: ${errorMessage(err)}`),
          });
        }}
      />
    </>
  );
}
