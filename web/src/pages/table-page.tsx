import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';

import { type CatalogTable, useDeleteTable, useTable } from '../api/catalog/index.js';
import { PartitionsTab } from '../components/catalog/partitions-tab.js';
import { SampleTab } from '../components/catalog/sample-tab.js';
import { SchemaTab } from '../components/catalog/schema-tab.js';
import { VersionsTab } from '../components/catalog/versions-tab.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { formatBytes, formatCount, formatTime } from '../components/format.js';
import { TabPanel, Tabs } from '../components/tabs.js';
import { errorMessage, useToast } from '../components/toasts.js';

const TABS = [
  { id: 'schema', label: 'Schema' },
  { id: 'partitions', label: 'Partitions' },
  { id: 'sample', label: 'Sample' },
  { id: 'versions', label: 'Versions' },
] as const;
type TabId = (typeof TABS)[number]['id'];

function Overview({ table }: { table: CatalogTable }) {
  const options = Object.entries(table.formatOptions);
  return (
    <section className="card" aria-labelledby="overview-title">
      <h2 id="overview-title">Overview</h2>
      <dl className="kv">
        <dt>Location</dt>
        <dd className="mono">{table.location}</dd>
        <dt>Format</dt>
        <dd>{table.format}</dd>
        <dt>Format options</dt>
        <dd className="mono">
          {options.length === 0 ? '-' : options.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}
        </dd>
        <dt>Rows (estimate)</dt>
        <dd>{formatCount(table.rowCount)}</dd>
        <dt>Size</dt>
        <dd>{table.sizeBytes === null ? '-' : formatBytes(table.sizeBytes)}</dd>
        <dt>Files</dt>
        <dd>{formatCount(table.fileCount)}</dd>
        <dt>Partitions</dt>
        <dd>{formatCount(table.partitionCount)}</dd>
        <dt>Version</dt>
        <dd>{table.version}</dd>
        <dt>Crawler</dt>
        <dd>
          {table.crawler ? (
            <Link href={`/crawlers/${encodeURIComponent(table.crawler)}`}>{table.crawler}</Link>
          ) : (
            'registered by hand'
          )}
        </dd>
        <dt>Updated</dt>
        <dd>{formatTime(table.updatedAt)}</dd>
        {table.description && (
          <>
            <dt>Description</dt>
            <dd>{table.description}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** One catalog table: overview, schema, partitions, a sample of rows and its versions. */
export default function TablePage({ db, table: name }: { db: string; table: string }) {
  const table = useTable(db, name);
  const remove = useDeleteTable();
  const toast = useToast();
  const [, navigate] = useLocation();
  const requested = new URLSearchParams(useSearch()).get('tab');
  const tab: TabId = TABS.some((t) => t.id === requested) ? (requested as TabId) : 'schema';
  const [confirming, setConfirming] = useState(false);
  const here = `/catalog/${encodeURIComponent(db)}/${encodeURIComponent(name)}`;

  if (table.error) return <p role="alert">{errorMessage(table.error)}</p>;
  if (!table.data) return <p className="muted">Loading…</p>;
  const t = table.data;
  const select = `SELECT * FROM ${t.database}.${t.name} LIMIT 100`;
  return (
    <>
      <p>
        <Link href={`/catalog?db=${encodeURIComponent(db)}`}>Catalog</Link> / {db}
      </p>
      <div className="row">
        <h1 className="mono">
          {t.database}.{t.name}
        </h1>
        {t.deprecated && <span className="badge warn">deprecated</span>}
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          onClick={() =>
            navigate(`/query?db=${encodeURIComponent(t.database)}&sql=${encodeURIComponent(select)}`)
          }
        >
          Query this table
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete table
        </button>
      </div>
      <Overview table={t} />
      <Tabs
        label="Table details"
        idPrefix="table"
        tabs={TABS}
        selected={tab}
        onSelect={(id) => navigate(`${here}?tab=${id}`, { replace: true })}
      />
      <TabPanel idPrefix="table" id={tab}>
        {tab === 'schema' && <SchemaTab table={t} />}
        {tab === 'partitions' && <PartitionsTab table={t} />}
        {tab === 'sample' && <SampleTab table={t} />}
        {tab === 'versions' && <VersionsTab table={t} />}
      </TabPanel>
      <ConfirmDialog
        open={confirming}
        title="Delete table?"
        message={`${t.database}.${t.name} will be removed from the catalog. Its data files stay where they are.`}
        confirmLabel="Delete"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate(
            { db: t.database, table: t.name },
            {
              onSuccess: () => navigate(`/catalog?db=${encodeURIComponent(t.database)}`),
              onError: (err) => toast(`Could not delete ${t.name}: ${errorMessage(err)}`),
            },
          );
        }}
      />
    </>
  );
}
