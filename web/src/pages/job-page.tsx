import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { Link } from 'wouter';

import {
  type JobBody,
  TERMINAL_STATES,
  useJobHistory,
  useLiveJob,
  useLiveLog,
  useStopJob,
} from '../api/jobs/index.js';
import { formatBytes, formatSeconds, formatTime } from '../components/format.js';
import { ProgressBar } from '../components/progress-bar.js';
import { errorMessage, useToast } from '../components/toasts.js';

const LineChart = lazy(() => import('../components/charts/index.js').then((m) => ({ default: m.LineChart })));

/** The model a completed training job registered (its result names it). */
function trainedModel(job: JobBody): string | undefined {
  if (job.kind !== 'training' || job.state !== 'Completed') return undefined;
  const model = (job.result as { model?: unknown } | null)?.model;
  return typeof model === 'string' ? model : undefined;
}

function JobLog({ name }: { name: string }) {
  const { lines } = useLiveLog(name);
  const box = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the end whenever lines arrive.
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <div ref={box} className="log" role="log" aria-label="Job log" aria-live="polite" tabIndex={0}>
      {lines.length === 0 ? (
        <span className="muted">No log lines yet.</span>
      ) : (
        lines.map((l) => `${l.at} ${l.text}\n`).join('')
      )}
    </div>
  );
}

/** One job, live: state, progress, log, metric curves, history, cost; stop while it runs. */
export default function JobPage({ name }: { name: string }) {
  const { data: job, error, metrics } = useLiveJob(name);
  const history = useJobHistory(name, job?.state);
  const stop = useStopJob();
  const toast = useToast();
  const series = useMemo(() => {
    const byName = new Map<string, [number, number][]>();
    for (const m of metrics) byName.set(m.name, [...(byName.get(m.name) ?? []), [m.step, m.value]]);
    return [...byName.entries()].map(([n, points]) => ({ name: n, points }));
  }, [metrics]);

  if (error) return <p role="alert">{errorMessage(error)}</p>;
  if (!job) return <p className="muted">Loading…</p>;
  const running = !TERMINAL_STATES.has(job.state);
  const model = trainedModel(job);
  return (
    <>
      <p>
        <Link href="/jobs">All jobs</Link>
      </p>
      <div className="row">
        <h1 className="mono">{job.name}</h1>
        <span className="spacer" />
        {running && (
          <button
            type="button"
            className="danger"
            disabled={job.state === 'Stopping' || stop.isPending}
            onClick={() =>
              stop.mutate(job.name, { onError: (err) => toast(`Could not stop: ${errorMessage(err)}`) })
            }
          >
            Stop job
          </button>
        )}
      </div>
      <section className="card">
        <div className="row">
          <span data-testid="job-state" className={`state state-${job.state}`}>
            {job.state}
          </span>
          <span className="muted">{job.statusMessage}</span>
          <span className="spacer" />
          <span>{Math.round(job.progress)}%</span>
        </div>
        <ProgressBar value={job.progress} label="Job progress" />
        <p className="muted">{job.progressMessage}</p>
        {job.failureReason && <p role="alert">Failure: {job.failureReason}</p>}
      </section>
      <div className="grid2">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">Details</h2>
          <dl className="kv">
            <dt>Kind</dt>
            <dd>{job.kind}</dd>
            {model && (
              <>
                <dt>Model</dt>
                <dd>
                  <Link href={`/models/${encodeURIComponent(model)}`}>{model}</Link>
                </dd>
              </>
            )}
            <dt>Resource</dt>
            <dd className="mono">{job.resourceName}</dd>
            <dt>Attempts</dt>
            <dd>
              {job.attempts} of {job.maxAttempts}
            </dd>
            <dt>Created</dt>
            <dd>
              {formatTime(job.createdAt)} by {job.createdBy}
            </dd>
            <dt>Started / ended</dt>
            <dd>
              {formatTime(job.startedAt)} / {formatTime(job.endedAt)}
            </dd>
            <dt>Cost</dt>
            <dd>
              wall {formatSeconds(job.cost.wallSeconds)}, CPU {formatSeconds(job.cost.cpuSeconds)}, peak
              memory {job.cost.peakMemoryBytes === null ? '-' : formatBytes(job.cost.peakMemoryBytes)}
            </dd>
            <dt>Input</dt>
            <dd className="mono">{JSON.stringify(job.input)}</dd>
            <dt>Result</dt>
            <dd className="mono">{JSON.stringify(job.result)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <table>
            <tbody>
              {history.data?.map((h) => (
                <tr key={`${h.at}-${h.state}`}>
                  <td className="muted">{formatTime(h.at)}</td>
                  <td>{h.state}</td>
                  <td>{h.statusMessage}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      {series.length > 0 && (
        <section className="card" aria-labelledby="metrics-title">
          <h2 id="metrics-title">Metrics</h2>
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <LineChart
              series={series}
              xName="step"
              label={`Metrics of ${job.name}: ${series.map((s) => s.name).join(', ')}`}
            />
          </Suspense>
        </section>
      )}
      <section aria-labelledby="log-title">
        <h2 id="log-title">Log</h2>
        <JobLog name={job.name} />
      </section>
    </>
  );
}
