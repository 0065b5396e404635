import type { CatalogTable } from '../../api/catalog/index.js';

function ColumnsTable({ label, columns }: { label: string; columns: CatalogTable['columns'] }) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th style={{ width: 48 }}>#</th>
          <th>Name</th>
          <th>Type</th>
          <th>Comment</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c, i) => (
          <tr key={c.name}>
            <td className="muted">{i + 1}</td>
            <td className="mono">{c.name}</td>
            <td className="mono">{c.type}</td>
            <td className="muted">{c.comment ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Columns and partition keys with their Glue types. */
export function SchemaTab({ table }: { table: CatalogTable }) {
  return (
    <>
      <h2>Columns ({table.columns.length})</h2>
      <ColumnsTable label="Columns" columns={table.columns} />
      <h2>Partition keys ({table.partitionKeys.length})</h2>
      {table.partitionKeys.length === 0 ? (
        <p className="muted">This table is not partitioned.</p>
      ) : (
        <ColumnsTable label="Partition keys" columns={table.partitionKeys} />
      )}
    </>
  );
}
