import { useEffect } from 'react';
import { Link, useLocation, useSearch } from 'wouter';

import { useDatabases, useTables } from '../api/catalog/index.js';
import { formatBytes, formatCount, formatTime } from '../components/format.js';
import { errorMessage } from '../components/toasts.js';

export const tableHref = (db: string, table: string) =>
  `/catalog/${encodeURIComponent(db)}/${encodeURIComponent(table)}`;

function TablesOf({ db }: { db: string }) {
  const tables = useTables(db);
  if (tables.error) return <p role="alert">Could not list tables: {errorMessage(tables.error)}</p>;
  if (tables.data?.length === 0) return <p className="muted">No tables in {db}.</p>;
  return (
    <table aria-label={`Tables in ${db}`}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Format</th>
          <th>Columns</th>
          <th>Partitions</th>
          <th>Rows</th>
          <th>Size</th>
          <th>Version</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {tables.data?.map((t) => (
          <tr key={t.name}>
            <td>
              <Link href={tableHref(db, t.name)}>{t.name}</Link>
              {t.deprecated && <span className="badge warn">deprecated</span>}
            </td>
            <td>{t.format}</td>
            <td>{t.columns.length}</td>
            <td>{formatCount(t.partitionCount)}</td>
            <td>{formatCount(t.rowCount)}</td>
            <td>{t.sizeBytes === null ? '-' : formatBytes(t.sizeBytes)}</td>
            <td>{t.version}</td>
            <td className="muted">{formatTime(t.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Glue's Data Catalog: databases, and the tables of the one chosen (`?db=`). */
export default function CatalogPage() {
  const db = new URLSearchParams(useSearch()).get('db') ?? '';
  const [, navigate] = useLocation();
  const databases = useDatabases();
  const first = databases.data?.[0]?.name;
  useEffect(() => {
    if (!db && first) navigate(`/catalog?db=${encodeURIComponent(first)}`, { replace: true });
  }, [db, first, navigate]);
  return (
    <>
      <h1>Data catalog</h1>
      {databases.error && <p role="alert">Could not list databases: {errorMessage(databases.error)}</p>}
      {databases.data?.length === 0 && (
        <p className="muted">
          The catalog is empty. <Link href="/crawlers">Create a crawler</Link> to discover tables.
        </p>
      )}
      <div className="catalog-layout">
        <section className="card" aria-labelledby="databases-title">
          <h2 id="databases-title">Databases</h2>
          <table aria-label="Databases">
            <thead>
              <tr>
                <th>Name</th>
                <th>Tables</th>
              </tr>
            </thead>
            <tbody>
              {databases.data?.map((d) => (
                <tr key={d.name} className={d.name === db ? 'selected' : undefined}>
                  <td>
                    <Link
                      href={`/catalog?db=${encodeURIComponent(d.name)}`}
                      aria-current={d.name === db ? 'true' : undefined}
                    >
                      {d.name}
                    </Link>
                    {d.description && <div className="muted small">{d.description}</div>}
                  </td>
                  <td>{d.tableCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {db && (
          <section className="card" aria-labelledby="tables-title">
            <h2 id="tables-title">Tables in {db}</h2>
            <TablesOf db={db} />
          </section>
        )}
      </div>
    </>
  );
}
