import { createReadStream } from 'node:fs';

import {
  appendRecordsToTable,
  type DuckDBConnection,
  type Frame,
  glueType,
  queryRows,
  readFrame,
  recordio,
  requireFormat,
  scanSql,
} from '../engine/index.js';

export interface LoadedFrame {
  readonly frame: Frame;
  readonly schema: { name: string; type: string }[];
}

/** Reads local data files (all of one format) into a Frame, with the columns' Glue types. */
export async function loadFrame(con: DuckDBConnection, paths: readonly string[]): Promise<LoadedFrame> {
  const format = requireFormat(paths[0] as string, 'data');
  let sql: string;
  if (format === 'recordio') {
    const table = `records_${Math.random().toString(36).slice(2)}`;
    for (const [i, path] of paths.entries()) {
      const target = i === 0 ? table : `${table}_more`;
      await appendRecordsToTable(
        con,
        recordio.readRecordIO(createReadStream(path, { highWaterMark: 1 << 20 }), { path }),
        target,
      );
      if (i > 0) await con.run(`INSERT INTO ${table} SELECT * FROM ${target}; DROP TABLE ${target}`);
    }
    sql = `SELECT * FROM ${table}`;
  } else {
    sql = `SELECT * FROM ${scanSql(format, paths, { unionByName: paths.length > 1 })}`;
  }
  const described = await queryRows(con, `DESCRIBE ${sql}`);
  const schema = described.map((r) => ({
    name: String(r.column_name),
    type: glueType(String(r.column_type)),
  }));
  return { frame: await readFrame(con, sql), schema };
}
