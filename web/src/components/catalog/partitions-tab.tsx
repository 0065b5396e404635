import { type CatalogTable, usePartitions } from '../../api/catalog/index.js';
import { formatBytes, formatTime } from '../format.js';
import { errorMessage } from '../toasts.js';
import { VirtualTable } from '../virtual-table.js';

/** Partitions: one column per partition key, then location, files and size (virtualized). */
export function PartitionsTab({ table }: { table: CatalogTable }) {
  const partitions = usePartitions(table.database, table.name, true);
  if (partitions.error) return <p role="alert">{errorMessage(partitions.error)}</p>;
  if (!partitions.data) return <p className="muted">Loading partitions…</p>;
  const rows = partitions.data;
  if (rows.length === 0) return <p className="muted">No partitions.</p>;
  const keys = table.partitionKeys.map((k) => k.name);
  return (
    <>
      <p className="muted">{rows.length.toLocaleString()} partitions</p>
      <VirtualTable
        label="Partitions"
        columns={[
          ...keys.map((k) => ({ key: `key-${k}`, header: k, width: 120 })),
          { key: 'location', header: 'Location', width: 420 },
          { key: 'files', header: 'Files', width: 80 },
          { key: 'size', header: 'Size', width: 100 },
          { key: 'updated', header: 'Updated', width: 190 },
        ]}
        rowCount={rows.length}
        rowKey={(i) => rows[i]!.values.join('/')}
        renderCells={(i) => {
          const p = rows[i]!;
          return [
            ...keys.map((key, k) => (
              <span key={key} className="mono">
                {p.values[k] ?? ''}
              </span>
            )),
            <span key="location" className="mono" title={p.location}>
              {p.location}
            </span>,
            p.fileCount.toLocaleString(),
            formatBytes(p.sizeBytes),
            <span key="updated" className="muted">
              {formatTime(p.updatedAt)}
            </span>,
          ];
        }}
      />
    </>
  );
}
