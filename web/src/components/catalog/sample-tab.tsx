import { type CatalogTable, useTableSample } from '../../api/catalog/index.js';
import { DataGrid } from '../data-grid.js';
import { errorMessage } from '../toasts.js';

/** The first 50 rows, read when the tab is opened. */
export function SampleTab({ table }: { table: CatalogTable }) {
  const sample = useTableSample(table.database, table.name, true);
  if (sample.error) return <p role="alert">Could not read a sample: {errorMessage(sample.error)}</p>;
  if (!sample.data) return <p className="muted">Reading the first rows…</p>;
  return (
    <>
      <p className="muted">First {sample.data.rows.length} rows</p>
      <DataGrid label="Sample rows" columns={sample.data.columns} rows={sample.data.rows} />
    </>
  );
}
