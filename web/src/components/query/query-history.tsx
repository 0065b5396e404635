import { type Query, queryDurationMs, useQueryHistory } from '../../api/queries/index.js';
import { formatBytes, formatCount, formatDuration, formatTime } from '../format.js';
import { errorMessage } from '../toasts.js';

const snippet = (sql: string) => {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 119)}…` : one;
};

/** Past queries, newest first; choosing one shows its SQL and results. */
export function QueryHistory({ current, onOpen }: { current?: string; onOpen: (q: Query) => void }) {
  const history = useQueryHistory();
  return (
    <section className="card query-history" aria-label="Query history">
      <h2>History</h2>
      {history.error && <p role="alert">Could not load the history: {errorMessage(history.error)}</p>}
      {history.data?.length === 0 && <p className="muted">No queries yet.</p>}
      <ul>
        {history.data?.map((q) => (
          <li key={q.id} aria-current={q.id === current ? 'true' : undefined}>
            <button type="button" className="link mono" onClick={() => onOpen(q)}>
              {snippet(q.sql)}
            </button>
            <div className="muted small">
              <span className={`state state-${q.state}`}>{q.state}</span>
              {q.state === 'Succeeded' && (
                <>
                  {' · '}
                  {formatCount(q.rowCount)} rows · {formatBytes(q.bytesScanned ?? 0)} ·{' '}
                  {formatDuration(queryDurationMs(q))}
                </>
              )}
              {' · '}
              <time dateTime={q.createdAt}>{formatTime(q.createdAt)}</time>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
