import { Link } from 'wouter';

import { objectsApi } from '../../api/objects/index.js';
import { ACTIVE_QUERY_STATES, type Query, queryDurationMs } from '../../api/queries/index.js';
import { formatBytes, formatCount, formatDuration } from '../format.js';

/** State and statistics of one query, its job and its result files. */
export function QuerySummary({ query }: { query: Query }) {
  const jobName = query.jobName ?? undefined;
  const active = ACTIVE_QUERY_STATES.has(query.state);
  return (
    <div className="query-summary">
      <dl className="stats">
        <div>
          <dt>State</dt>
          <dd>
            <span role="status" className={`state state-${query.state}`} data-testid="query-state">
              {query.state}
            </span>
          </dd>
        </div>
        {!active && (
          <>
            <div>
              <dt>Rows</dt>
              <dd data-testid="query-rows">{formatCount(query.rowCount)}</dd>
            </div>
            <div>
              <dt>Data scanned</dt>
              <dd>{query.bytesScanned === null ? '-' : formatBytes(query.bytesScanned)}</dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>
                {formatDuration(queryDurationMs(query))}
                {query.engineMs !== null && (
                  <span className="muted"> (engine {formatDuration(query.engineMs)})</span>
                )}
              </dd>
            </div>
          </>
        )}
        {jobName && (
          <div>
            <dt>Job</dt>
            <dd>
              <Link href={`/jobs/${encodeURIComponent(jobName)}`}>{jobName}</Link>
            </dd>
          </div>
        )}
      </dl>
      {query.resultKeys && (
        <div className="row">
          <a className="button" href={objectsApi.downloadUrl(query.resultKeys.csv)} download>
            Download CSV
          </a>
          <a className="button" href={objectsApi.downloadUrl(query.resultKeys.parquet)} download>
            Download Parquet
          </a>
        </div>
      )}
    </div>
  );
}
