import type { ColumnSchema } from '../../engine/index.js';
import type { SourceTable } from './source-types.js';

/** One column of a listing query, with its table's facts repeated. */
export interface ListedColumn {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly rowCountEstimate: number | null;
  readonly column: ColumnSchema;
}

/** Groups listed columns into tables, keeping the order tables and columns first appear in. */
export function groupColumns(rows: Iterable<ListedColumn>): SourceTable[] {
  const tables = new Map<string, SourceTable>();
  for (const row of rows) {
    const key = JSON.stringify([row.schema, row.name]);
    let table = tables.get(key);
    if (!table) {
      const { schema, name, kind, rowCountEstimate } = row;
      table = { schema, name, kind, rowCountEstimate, columns: [] };
      tables.set(key, table);
    }
    table.columns.push(row.column);
  }
  return [...tables.values()];
}

/** A column with its comment when there is one. */
export function listedColumn(name: string, type: string, comment: string | null | undefined): ColumnSchema {
  return comment ? { name, type, comment } : { name, type };
}

/** A row-count statistic as a count, or null when the server has none (negative or missing). */
export function estimate(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}
