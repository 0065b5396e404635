import { useState } from 'react';
import { Link } from 'wouter';

import { useLiveJob } from '../../api/jobs/index.js';
import { type Model, useCompileModel } from '../../api/models/index.js';
import { objectsApi } from '../../api/objects/index.js';
import { errorMessage, useToast } from '../toasts.js';

function CompileRun({ jobName }: { jobName: string }) {
  const { data: job, error } = useLiveJob(jobName);
  if (error) return <p role="alert">{errorMessage(error)}</p>;
  if (!job) return <p className="muted">Loading…</p>;
  const result = job.result as { key?: string; verifiedRows?: number; maxAbsDiff?: number } | null;
  return (
    <div className="row">
      <span role="status" className={`state state-${job.state}`} data-testid="compile-state">
        {job.state}
      </span>
      <Link href={`/jobs/${encodeURIComponent(job.name)}`}>{job.name}</Link>
      {job.failureReason && <span role="alert">Failure: {job.failureReason}</span>}
      {job.state === 'Completed' && result?.key && (
        <>
          <a href={objectsApi.downloadUrl(result.key)} download="model.onnx">
            Download model.onnx
          </a>
          <span className="muted">
            checked on {result.verifiedRows} rows, largest difference {result.maxAbsDiff?.toExponential(1)}
          </span>
        </>
      )}
    </div>
  );
}

/**
 * "Export to ONNX" (Neo): a compilation job exports the model with its preprocessing and checks the
 * file in ONNX Runtime against Kelp's own predictions before it can be downloaded.
 */
export function OnnxExport({ model }: { model: Model }) {
  const [target, setTarget] = useState<'onnx' | 'onnx-web'>('onnx');
  const [jobName, setJobName] = useState<string>();
  const compile = useCompileModel();
  const toast = useToast();
  // Every built-in algorithm exports; an imported model already is ONNX.
  if (model.algorithm === 'onnx') return null;
  return (
    <section className="card" aria-labelledby="onnx-title">
      <h2 id="onnx-title">Export to ONNX</h2>
      <p className="muted">
        One ONNX graph with the preprocessing, for ONNX Runtime on a server, a device or a browser.
      </p>
      <div className="row">
        <label>
          Target{' '}
          <select value={target} onChange={(e) => setTarget(e.target.value as 'onnx' | 'onnx-web')}>
            <option value="onnx">onnx (ONNX Runtime)</option>
            <option value="onnx-web">onnx-web (onnxruntime-web)</option>
          </select>
        </label>
        <button
          type="button"
          disabled={compile.isPending}
          onClick={() =>
            compile.mutate(
              { model: model.name, target },
              {
                onSuccess: (job) => setJobName(job.name),
                onError: (err) => toast(`Could not export: ${errorMessage(err)}`),
              },
            )
          }
        >
          Export
        </button>
      </div>
      {jobName && <CompileRun key={jobName} jobName={jobName} />}
    </section>
  );
}
