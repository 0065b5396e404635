import { type CatalogTable, type TableVersion, useTableVersions } from '../../api/catalog/index.js';
import { formatTime } from '../format.js';
import { errorMessage } from '../toasts.js';
import { type ColumnChange, diffColumns } from './version-diff.js';

const SIGN = { added: '+', removed: '−', retyped: '~' } as const;

function Changes({ label, changes }: { label: string; changes: ColumnChange[] }) {
  if (changes.length === 0) return null;
  return (
    <ul className="changes" aria-label={label}>
      {changes.map((c) => (
        <li key={`${c.kind}-${c.name}`} className={`change-${c.kind}`}>
          <span aria-hidden="true">{SIGN[c.kind]} </span>
          {c.kind} <span className="mono">{c.name}</span> <span className="mono muted">{c.detail}</span>
        </li>
      ))}
    </ul>
  );
}

function VersionCard({ version, previous }: { version: TableVersion; previous?: TableVersion }) {
  const columns = previous ? diffColumns(previous.columns, version.columns) : [];
  const keys = previous ? diffColumns(previous.partitionKeys, version.partitionKeys) : [];
  const formatChanged = previous && previous.format !== version.format;
  return (
    <li className="card">
      <div className="row">
        <h3>Version {version.version}</h3>
        <span className="muted">{formatTime(version.createdAt)}</span>
      </div>
      <p>{version.reason || <span className="muted">No reason recorded.</span>}</p>
      {previous ? (
        columns.length + keys.length === 0 && !formatChanged ? (
          <p className="muted">Same columns as version {previous.version}.</p>
        ) : (
          <>
            <p className="muted">Changes from version {previous.version}:</p>
            {formatChanged && (
              <p>
                format {previous.format} → {version.format}
              </p>
            )}
            <Changes label={`Column changes in version ${version.version}`} changes={columns} />
            <Changes label={`Partition key changes in version ${version.version}`} changes={keys} />
          </>
        )
      ) : (
        <p className="muted">First version.</p>
      )}
      <details>
        <summary>
          {version.columns.length} columns, {version.partitionKeys.length} partition keys
        </summary>
        <p className="mono small">
          {[
            ...version.columns,
            ...version.partitionKeys.map((k) => ({ ...k, name: `${k.name} (partition)` })),
          ]
            .map((c) => `${c.name} ${c.type}`)
            .join(', ')}
        </p>
      </details>
    </li>
  );
}

/** Every version of the table, newest first, with what changed from the one before. */
export function VersionsTab({ table }: { table: CatalogTable }) {
  const versions = useTableVersions(table.database, table.name, true);
  if (versions.error) return <p role="alert">{errorMessage(versions.error)}</p>;
  if (!versions.data) return <p className="muted">Loading versions…</p>;
  // Newest first: a version's predecessor is the next entry with a lower number.
  const sorted = [...versions.data].sort((a, b) => b.version - a.version);
  return (
    <ol className="versions" aria-label="Table versions">
      {sorted.map((v, i) => (
        <VersionCard key={v.version} version={v} previous={sorted[i + 1]} />
      ))}
    </ol>
  );
}
