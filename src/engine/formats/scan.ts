import { sqlIdent, sqlString, sqlStringList } from '../duckdb.js';
import { type ColumnSchema, duckType } from '../types.js';
import type { FileFormat, FormatOptions } from './file-format.js';

export interface ScanOptions {
  /** Known columns: the read does not sniff, and types are exactly these. */
  readonly columns?: readonly ColumnSchema[];
  readonly options?: FormatOptions;
  /** Files differ in their columns: match them by name (costs a sniff per file for CSV). */
  readonly unionByName?: boolean;
  /** Read `key=value` folders as columns. */
  readonly hivePartitioning?: boolean;
  /** Add a `filename` column. */
  readonly filename?: boolean;
}

function columnsStruct(columns: readonly ColumnSchema[]): string {
  return `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(duckType(c.type))}`).join(', ')}}`;
}

/** A DuckDB table expression that reads `files` (CSV, JSON lines or Parquet). */
export function scanSql(
  format: Exclude<FileFormat, 'recordio'>,
  files: readonly string[],
  scan: ScanOptions = {},
): string {
  const args: string[] = [sqlStringList(files)];
  const o = scan.options ?? {};
  args.push(`hive_partitioning=${scan.hivePartitioning ?? false}`);
  if (scan.filename) args.push('filename=true');
  if (format === 'parquet') {
    // Matching by name reads every footer up front; only tables whose files differ need it.
    if (scan.unionByName !== false) args.push('union_by_name=true');
    return `read_parquet(${args.join(', ')})`;
  }
  if (format === 'json') {
    args.push("format='newline_delimited'");
    if (scan.columns?.length) args.push(`columns=${columnsStruct(scan.columns)}`);
    if (o.skipBadRows) args.push('ignore_errors=true');
    return `read_json(${args.join(', ')})`;
  }
  if (o.delimiter !== undefined) args.push(`delim=${sqlString(o.delimiter)}`);
  if (o.quote !== undefined) args.push(`quote=${sqlString(o.quote)}`);
  if (o.escape !== undefined) args.push(`escape=${sqlString(o.escape)}`);
  if (o.header !== undefined) args.push(`header=${o.header}`);
  if (o.skipBadRows) args.push('ignore_errors=true', 'store_rejects=true');
  if (scan.columns?.length) {
    if (scan.unionByName) {
      args.push('union_by_name=true', `types=${columnsStruct(scan.columns)}`);
    } else {
      args.push(`columns=${columnsStruct(scan.columns)}`);
    }
  } else if (scan.unionByName) {
    args.push('union_by_name=true');
  }
  return `read_csv(${args.join(', ')})`;
}

/** `SELECT` list that casts each column to its catalog type (Parquet files may disagree by width). */
export function castProjection(columns: readonly ColumnSchema[]): string {
  return columns
    .map((c) => `CAST(${sqlIdent(c.name)} AS ${duckType(c.type)}) AS ${sqlIdent(c.name)}`)
    .join(', ');
}
