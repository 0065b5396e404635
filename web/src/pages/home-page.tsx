import { lazy, Suspense, useMemo } from 'react';
import { Link } from 'wouter';

import { useRecentAudit } from '../api/audit/index.js';
import { useJobs } from '../api/jobs/index.js';
import { formatTime } from '../components/format.js';
import { ProgressBar } from '../components/progress-bar.js';

const BarChart = lazy(() => import('../components/charts/index.js').then((m) => ({ default: m.BarChart })));

const STATES = ['Pending', 'InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

/** What is running, recent jobs and recent activity (the audit log). */
export function HomePage() {
  const running = useJobs({ state: 'InProgress', limit: 20 });
  const recent = useJobs({ limit: 10 });
  const lastJobs = useJobs({ limit: 200 }, 10_000);
  const counts = useMemo(
    () => STATES.map((s) => lastJobs.data?.jobs.filter((j) => j.state === s).length ?? 0),
    [lastJobs.data],
  );
  const audit = useRecentAudit(15);
  return (
    <>
      <h1>Home</h1>
      <div className="grid2">
        <section className="card" aria-labelledby="running-title">
          <h2 id="running-title">Running now</h2>
          {running.data?.jobs.length === 0 && <p className="muted">No job is running.</p>}
          {running.data?.jobs.map((j) => (
            <div key={j.id} className="row">
              <Link href={`/jobs/${encodeURIComponent(j.name)}`}>{j.name}</Link>
              <span className="spacer" />
              <ProgressBar value={j.progress} label={`Progress of ${j.name}`} />
            </div>
          ))}
        </section>
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">Recent jobs</h2>
          <table>
            <tbody>
              {recent.data?.jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link href={`/jobs/${encodeURIComponent(j.name)}`}>{j.name}</Link>
                  </td>
                  <td className={`state state-${j.state}`}>{j.state}</td>
                  <td className="muted">{formatTime(j.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="card" aria-labelledby="states-title">
        <h2 id="states-title">Last 200 jobs by state</h2>
        <p className="muted">{STATES.map((s, i) => `${s} ${counts[i]}`).join(' · ')}</p>
        {lastJobs.data && lastJobs.data.jobs.length > 0 && (
          <Suspense fallback={<p className="muted">Loading chart…</p>}>
            <BarChart
              categories={STATES}
              values={counts}
              label="Number of jobs by state among the last 200"
            />
          </Suspense>
        )}
      </section>
      <section className="card" aria-labelledby="activity-title">
        <h2 id="activity-title">Recent activity</h2>
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Resource</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {audit.data?.events.map((e) => (
              <tr key={e.id}>
                <td className="muted">{formatTime(e.at)}</td>
                <td>{e.principal}</td>
                <td className="mono">{e.action}</td>
                <td className="mono">{e.resource}</td>
                <td>{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
