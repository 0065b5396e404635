import {
  appendRecordFilesToTable,
  type DuckDBConnection,
  type Frame,
  glueType,
  queryRows,
  readFrame,
  requireFormat,
  scanSql,
} from '../engine/index.js';

export interface LoadedFrame {
  readonly frame: Frame;
  readonly schema: { name: string; type: string }[];
}

/** Reads local data files (all of one format) into a Frame, with the columns' Glue types. */
export async function loadFrame(
  con: DuckDBConnection,
  paths: readonly string[],
  options: { limit?: number } = {},
): Promise<LoadedFrame> {
  const format = requireFormat(paths[0] as string, 'data');
  let sql: string;
  if (format === 'recordio') {
    const table = `records_${Math.random().toString(36).slice(2)}`;
    await appendRecordFilesToTable(con, paths, table);
    sql = `SELECT * FROM ${table}`;
  } else {
    sql = `SELECT * FROM ${scanSql(format, paths, { unionByName: paths.length > 1 })}`;
  }
  const described = await queryRows(con, `DESCRIBE ${sql}`);
  const schema = described.map((r) => ({
    name: String(r.column_name),
    type: glueType(String(r.column_type)),
  }));
  return {
    frame: await readFrame(con, options.limit ? `${sql} LIMIT ${Math.floor(options.limit)}` : sql),
    schema,
  };
}
