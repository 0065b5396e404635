import { lazy, type ReactNode, Suspense, useMemo } from 'react';

import {
  describeTraffic,
  TRAFFIC_WINDOW_SECONDS,
  trafficSeries,
  trafficTotals,
  useEndpointMetrics,
} from '../../api/endpoints/index.js';
import { errorMessage } from '../toasts.js';

const TimeSeriesChart = lazy(() =>
  import('../charts/index.js').then((m) => ({ default: m.TimeSeriesChart })),
);

/**
 * The last few minutes of traffic in 5-second buckets, one curve per variant: requests per
 * second, latency p50/p95/p99 and errors. The totals are written out below the charts as well.
 */
export function TrafficCharts({ name }: { name: string }) {
  const metrics = useEndpointMetrics(name);
  const series = useMemo(() => (metrics.data ? trafficSeries(metrics.data) : undefined), [metrics.data]);
  const totals = metrics.data ? trafficTotals(metrics.data) : [];
  let body: ReactNode;
  if (metrics.error) body = <p role="alert">Could not read the traffic: {errorMessage(metrics.error)}</p>;
  else if (!series) body = <p className="muted">Loading…</p>;
  else if (series.requests.length === 0) body = <p className="muted">No variant is serving yet.</p>;
  else
    body = (
      <>
        <Suspense fallback={<p className="muted">Loading charts…</p>}>
          <div className="traffic-grid">
            <div>
              <h3>Requests per second</h3>
              <TimeSeriesChart
                series={series.requests}
                unit="req/s"
                label="Requests per second chart"
                height={200}
              />
            </div>
            <div>
              <h3>Latency (ms)</h3>
              <TimeSeriesChart series={series.latency} unit="ms" label="Latency chart" height={200} points />
            </div>
            <div>
              <h3>Errors</h3>
              <TimeSeriesChart series={series.errors} unit="errors" label="Errors chart" height={200} />
            </div>
          </div>
        </Suspense>
        <ul className="plain small muted traffic-totals">
          {totals.map((t) => (
            <li key={t.name}>
              <span className="mono">{t.name}</span>: {describeTraffic(t)} in the last{' '}
              {TRAFFIC_WINDOW_SECONDS / 60} minutes
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <section className="card" aria-labelledby="endpoint-traffic-title">
      <h2 id="endpoint-traffic-title">Traffic</h2>
      {body}
    </section>
  );
}
