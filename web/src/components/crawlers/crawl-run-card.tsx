import { Link } from 'wouter';

import type { CrawlerRun, CrawlSummary } from '../../api/crawlers/index.js';
import { formatTime } from '../format.js';

const COUNTS: { label: string; value: (s: CrawlSummary) => number }[] = [
  { label: 'Tables created', value: (s) => s.tablesCreated.length },
  { label: 'Tables updated', value: (s) => s.tablesUpdated.length },
  { label: 'Tables deleted', value: (s) => s.tablesDeleted.length },
  { label: 'Tables deprecated', value: (s) => s.tablesDeprecated.length },
  { label: 'Partitions added', value: (s) => s.partitionsAdded },
  { label: 'Partitions removed', value: (s) => s.partitionsRemoved },
  { label: 'Files scanned', value: (s) => s.filesScanned },
  { label: 'Files skipped', value: (s) => s.filesSkipped },
];

function Names({ label, names }: { label: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <p>
      <span className="muted">{label}: </span>
      <span className="mono">{names.join(', ')}</span>
    </p>
  );
}

/** One crawl: state, what it changed, the problems it met and a link to its job's log. */
export function CrawlRunCard({ run, jobName }: { run: CrawlerRun; jobName: string | undefined }) {
  const s = run.summary;
  return (
    <li className="card">
      <div className="row">
        <span className={`state state-${run.state}`}>{run.state}</span>
        <span className="muted">
          started {formatTime(run.startedAt)}
          {run.endedAt && `, ended ${formatTime(run.endedAt)}`}
        </span>
        <span className="spacer" />
        {jobName && (
          <Link href={`/jobs/${encodeURIComponent(jobName)}`} aria-label={`Job log of the run ${jobName}`}>
            Job log
          </Link>
        )}
      </div>
      {s && (
        <>
          <dl className="stats">
            {COUNTS.map((c) => (
              <div key={c.label}>
                <dt>{c.label}</dt>
                <dd>{c.value(s).toLocaleString()}</dd>
              </div>
            ))}
          </dl>
          <Names label="Created" names={s.tablesCreated} />
          <Names label="Updated" names={s.tablesUpdated} />
          <Names label="Deleted" names={s.tablesDeleted} />
          <Names label="Deprecated" names={s.tablesDeprecated} />
          {s.logOnly.length > 0 && (
            <>
              <p className="muted">Not applied (the policy says log only):</p>
              <ul>
                {s.logOnly.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </>
          )}
          {s.problems.length > 0 && (
            <table aria-label={`Problems of the run started ${formatTime(run.startedAt)}`}>
              <thead>
                <tr>
                  <th>Path</th>
                  <th>Table</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {s.problems.map((p) => (
                  <tr key={`${p.path}-${p.problem}`}>
                    <td className="mono">{p.path}</td>
                    <td className="mono">{p.table ?? '-'}</td>
                    <td>{p.problem}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </li>
  );
}
