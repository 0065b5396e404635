import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearch } from 'wouter';

import { useCatalogNamespace, useDatabases } from '../api/catalog/index.js';
import {
  ACTIVE_QUERY_STATES,
  type Query,
  useCancelQuery,
  useQueryExecution,
  useQueryResults,
  useStartQuery,
} from '../api/queries/index.js';
import { DataGrid } from '../components/data-grid.js';
import { QueryHistory } from '../components/query/query-history.js';
import { QuerySummary } from '../components/query/query-summary.js';
import { SqlEditor } from '../components/sql-editor/sql-editor.js';
import { errorMessage } from '../components/toasts.js';

const NO_SCHEMA = {};

/** Rows of the query's results, fetched a page at a time. */
function QueryResultsGrid({ query }: { query: Query }) {
  const results = useQueryResults(query);
  const rows = useMemo(() => results.data?.pages.flatMap((p) => p.rows) ?? [], [results.data]);
  const columns = results.data?.pages[0]?.columns ?? query.columns;
  if (results.error) return <p role="alert">Could not read the results: {errorMessage(results.error)}</p>;
  if (!results.data) return <p className="muted">Loading results…</p>;
  return (
    <>
      <DataGrid label="Query results" columns={columns} rows={rows} />
      <div className="row grid-footer">
        <span className="muted">
          Showing {rows.length.toLocaleString()} of {(query.rowCount ?? rows.length).toLocaleString()} rows
        </span>
        {results.hasNextPage && (
          <button
            type="button"
            disabled={results.isFetchingNextPage}
            onClick={() => void results.fetchNextPage()}
          >
            {results.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </>
  );
}

/**
 * Athena's query editor: SQL with completion from the catalog, run (button or Ctrl/Cmd+Enter),
 * cancel, results with their statistics and downloads, and the history. `?id=` shows one query,
 * `?sql=` (with `?db=`) starts the editor with that text.
 */
export default function QueryPage() {
  const params = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const id = params.get('id') ?? undefined;
  const [sql, setSql] = useState(() => params.get('sql') ?? '');
  const [database, setDatabase] = useState(() => params.get('db') ?? '');
  const databases = useDatabases();
  const namespace = useCatalogNamespace();
  const execution = useQueryExecution(id);
  const start = useStartQuery();
  const cancel = useCancelQuery();
  const query = execution.data;
  const running = query !== undefined && ACTIVE_QUERY_STATES.has(query.state);

  // Without a choice, the first database is the one for unqualified names.
  const firstDb = databases.data?.[0]?.name;
  useEffect(() => {
    if (!database && firstDb) setDatabase(firstDb);
  }, [database, firstDb]);

  // A query opened by a link brings its SQL and database into the editor, once.
  const shown = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!query || shown.current === query.id) return;
    shown.current = query.id;
    setSql(query.sql);
    setDatabase(query.database);
  }, [query]);

  const run = useCallback(() => {
    if (!sql.trim() || start.isPending || running) return;
    start.mutate(
      { sql, ...(database ? { database } : {}) },
      {
        onSuccess: (q) => {
          shown.current = q.id;
          navigate(`/query?id=${encodeURIComponent(q.id)}`);
        },
      },
    );
  }, [sql, database, start, running, navigate]);

  const open = useCallback(
    (q: Query) => {
      shown.current = q.id;
      setSql(q.sql);
      setDatabase(q.database);
      navigate(`/query?id=${encodeURIComponent(q.id)}`);
    },
    [navigate],
  );

  const dbNames = databases.data?.map((d) => d.name) ?? [];
  if (database && !dbNames.includes(database)) dbNames.unshift(database);
  return (
    <>
      <h1>Query</h1>
      <div className="query-layout">
        <div className="query-main">
          <div className="row query-toolbar">
            <label className="inline">
              Database
              <select value={database} onChange={(e) => setDatabase(e.target.value)}>
                {dbNames.length === 0 && <option value="">default</option>}
                {dbNames.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
            <span className="spacer" />
            {running && (
              <button
                type="button"
                className="danger"
                disabled={cancel.isPending}
                onClick={() => cancel.mutate(query.id)}
              >
                Cancel query
              </button>
            )}
            <button
              type="button"
              className="primary"
              disabled={start.isPending || running || !sql.trim()}
              onClick={run}
              title="Ctrl+Enter"
            >
              Run query
            </button>
          </div>
          <SqlEditor
            label="SQL editor"
            value={sql}
            onChange={setSql}
            onRun={run}
            schema={namespace.data ?? NO_SCHEMA}
            {...(database ? { defaultSchema: database } : {})}
          />
          {start.error && <p role="alert">Could not start the query: {errorMessage(start.error)}</p>}
          {cancel.error && <p role="alert">Could not cancel the query: {errorMessage(cancel.error)}</p>}
          {execution.error && <p role="alert">{errorMessage(execution.error)}</p>}
          {query && (
            <section className="card" aria-label="Query result">
              <QuerySummary query={query} />
              {query.error && (
                <div role="alert" className="alert">
                  {query.state === 'Cancelled' ? 'Query cancelled' : 'Query failed'}: {query.error}
                </div>
              )}
              {query.state === 'Succeeded' && <QueryResultsGrid query={query} />}
            </section>
          )}
        </div>
        <QueryHistory current={id} onOpen={open} />
      </div>
    </>
  );
}
