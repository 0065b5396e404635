import { formatCell } from './format.js';
import { VirtualTable } from './virtual-table.js';

export interface GridColumn {
  readonly name: string;
  readonly type: string;
}

/** Rows of a query or a table sample: a header of column names and types, cells as text. */
export function DataGrid(props: {
  label: string;
  columns: readonly GridColumn[];
  rows: readonly (readonly unknown[])[];
  onNearEnd?: () => void;
}) {
  const { columns, rows } = props;
  return (
    <VirtualTable
      label={props.label}
      className="data-grid"
      columns={columns.map((c, i) => ({
        key: `${i}-${c.name}`,
        header: (
          <>
            <span className="mono">{c.name}</span> <span className="col-type">{c.type}</span>
          </>
        ),
      }))}
      rowCount={rows.length}
      rowKey={(i) => i}
      onNearEnd={props.onNearEnd}
      renderCells={(i) =>
        columns.map((col, c) => {
          const v = rows[i]?.[c];
          const text = formatCell(v);
          return (
            <span
              // biome-ignore lint/suspicious/noArrayIndexKey: a result may repeat a column name; position is its identity.
              key={`${c}-${col.name}`}
              className={v === null || v === undefined ? 'null' : undefined}
              title={text}
            >
              {text}
            </span>
          );
        })
      }
    />
  );
}
