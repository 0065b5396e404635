import { Link } from 'wouter';

import { type JobBody, TERMINAL_STATES, useLiveJob } from '../../api/jobs/index.js';
import { objectsApi, useCsvPreview } from '../../api/objects/index.js';
import { DataGrid } from '../data-grid.js';
import { formatCount } from '../format.js';
import { ProgressBar } from '../progress-bar.js';
import { errorMessage } from '../toasts.js';

const PREVIEW_ROWS = 20;

/** The object key a prediction job writes (its input's `output`). */
function outputOf(job: JobBody): string | undefined {
  const output = (job.input as { output?: unknown } | null)?.output;
  return typeof output === 'string' ? output : undefined;
}

function rowsOf(job: JobBody): number | undefined {
  const rows = (job.result as { rows?: unknown } | null)?.rows;
  return typeof rows === 'number' ? rows : undefined;
}

function CsvPreview({ objectKey }: { objectKey: string }) {
  const preview = useCsvPreview(objectKey, PREVIEW_ROWS);
  if (preview.error) return <p role="alert">Could not read the predictions: {errorMessage(preview.error)}</p>;
  if (!preview.data) return <p className="muted">Reading the first rows…</p>;
  const { columns, rows, truncated } = preview.data;
  return (
    <>
      <p className="muted">{truncated ? `First ${rows.length} rows` : `All ${rows.length} rows`}</p>
      <DataGrid
        label="Predictions preview"
        columns={columns.map((name) => ({ name, type: '' }))}
        rows={rows}
      />
    </>
  );
}

/** One prediction job, live: progress, then the download link and (for CSV) the first rows. */
export function PredictionRun({ jobName }: { jobName: string }) {
  const { data: job, error } = useLiveJob(jobName);
  if (error) return <p role="alert">{errorMessage(error)}</p>;
  if (!job) return <p className="muted">Loading…</p>;
  const output = outputOf(job);
  const done = TERMINAL_STATES.has(job.state);
  const rows = rowsOf(job);
  return (
    <div className="prediction-run">
      <div className="row">
        <span role="status" className={`state state-${job.state}`} data-testid="prediction-state">
          {job.state}
        </span>
        <Link href={`/jobs/${encodeURIComponent(job.name)}`}>{job.name}</Link>
        <span className="muted">{job.statusMessage}</span>
      </div>
      {!done && <ProgressBar value={job.progress} label="Scoring progress" />}
      {job.failureReason && <p role="alert">Failure: {job.failureReason}</p>}
      {job.state === 'Completed' && output && (
        <>
          <p className="row">
            <a className="button primary" href={objectsApi.downloadUrl(output)} download>
              Download predictions
            </a>
            <span className="muted">
              {rows === undefined ? '' : `${formatCount(rows)} rows in `}
              <Link href={`/objects/info?key=${encodeURIComponent(output)}`} className="mono">
                {output}
              </Link>
            </span>
          </p>
          {output.endsWith('.csv') && <CsvPreview objectKey={output} />}
        </>
      )}
    </div>
  );
}
