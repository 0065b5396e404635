import type { DuckDBConnection, DuckDBDataChunk, DuckDBValue } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

import { queryRows, sqlIdent } from './duckdb.js';

/**
 * Columns for the ML code: numbers in typed arrays, strings dictionary-encoded, a validity byte per
 * row (1 = present) where the column has nulls. No row objects, so kernels loop over flat memory.
 */
export type FrameColumn =
  | {
      readonly name: string;
      readonly kind: 'float64';
      readonly values: Float64Array;
      readonly valid: Uint8Array | null;
    }
  | {
      readonly name: string;
      readonly kind: 'int32';
      readonly values: Int32Array;
      readonly valid: Uint8Array | null;
    }
  | {
      readonly name: string;
      readonly kind: 'bool';
      readonly values: Uint8Array;
      readonly valid: Uint8Array | null;
    }
  | {
      readonly name: string;
      readonly kind: 'string';
      /** Index into `dictionary`; -1 where the value is null. */
      readonly codes: Int32Array;
      readonly dictionary: readonly string[];
      readonly valid: Uint8Array | null;
    };

export type FrameColumnKind = FrameColumn['kind'];

export interface Frame {
  readonly length: number;
  readonly columns: readonly FrameColumn[];
}

/** The column named `name`, or undefined. */
export function frameColumn(frame: Frame, name: string): FrameColumn | undefined {
  return frame.columns.find((c) => c.name === name);
}

/** How a DuckDB column type lands in a frame. Dates and timestamps become epoch milliseconds. */
function kindOf(duckType: string): { kind: FrameColumnKind; cast: (col: string) => string } {
  const t = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(t)) {
    return { kind: 'int32', cast: (c) => `CAST(${c} AS INTEGER)` };
  }
  if (/^(BIGINT|HUGEINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/.test(t)) {
    return { kind: 'float64', cast: (c) => `CAST(${c} AS DOUBLE)` };
  }
  if (/^(DATE|TIMESTAMP.*)$/.test(t))
    return { kind: 'float64', cast: (c) => `CAST(epoch_ms(${c}) AS DOUBLE)` };
  if (t === 'BOOLEAN') return { kind: 'bool', cast: (c) => c };
  return { kind: 'string', cast: (c) => `CAST(${c} AS VARCHAR)` };
}

const BYTES: Record<FrameColumnKind, number> = { float64: 8, int32: 4, bool: 1, string: 4 };

class ColumnBuilder {
  values: Float64Array | Int32Array | Uint8Array;
  valid: Uint8Array;
  hasNull = false;
  readonly dictionary: string[] = [];
  private readonly codes = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly kind: FrameColumnKind,
    capacity: number,
  ) {
    this.values = allocate(kind, capacity);
    this.valid = new Uint8Array(capacity);
  }

  grow(capacity: number): void {
    const values = allocate(this.kind, capacity);
    values.set(this.values as never);
    this.values = values;
    const valid = new Uint8Array(capacity);
    valid.set(this.valid);
    this.valid = valid;
  }

  append(chunk: DuckDBDataChunk, column: number, rows: number, offset: number): void {
    const vector = duckdb.data_chunk_get_vector(chunk.chunk, column);
    const validity = duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8) as Uint8Array | null;
    const allValid = !validity || validity.length === 0;
    for (let r = 0; r < rows; r++) {
      const ok = allValid || ((validity as Uint8Array)[r >> 3] as number) & (1 << (r & 7));
      this.valid[offset + r] = ok ? 1 : 0;
      if (!ok) this.hasNull = true;
    }
    if (this.kind === 'string') {
      const codes = this.values as Int32Array;
      const items = chunk.getColumnVector(column);
      for (let r = 0; r < rows; r++) {
        if (!this.valid[offset + r]) {
          codes[offset + r] = -1;
          continue;
        }
        const s = String(items.getItem(r));
        let code = this.codes.get(s);
        if (code === undefined) {
          code = this.dictionary.length;
          this.codes.set(s, code);
          this.dictionary.push(s);
        }
        codes[offset + r] = code;
      }
      return;
    }
    const data = duckdb.vector_get_data(vector, rows * BYTES[this.kind]);
    const target = new Uint8Array(this.values.buffer, offset * BYTES[this.kind], rows * BYTES[this.kind]);
    target.set(data);
    if (this.kind === 'float64' && this.hasNull) {
      const v = this.values as Float64Array;
      for (let r = 0; r < rows; r++) if (!this.valid[offset + r]) v[offset + r] = Number.NaN;
    }
  }

  finish(length: number): FrameColumn {
    const valid = this.hasNull ? this.valid.slice(0, length) : null;
    switch (this.kind) {
      case 'float64':
        return {
          name: this.name,
          kind: 'float64',
          values: (this.values as Float64Array).slice(0, length),
          valid,
        };
      case 'int32':
        return {
          name: this.name,
          kind: 'int32',
          values: (this.values as Int32Array).slice(0, length),
          valid,
        };
      case 'bool':
        return { name: this.name, kind: 'bool', values: (this.values as Uint8Array).slice(0, length), valid };
      case 'string':
        return {
          name: this.name,
          kind: 'string',
          codes: (this.values as Int32Array).slice(0, length),
          dictionary: this.dictionary,
          valid,
        };
    }
  }
}

function allocate(kind: FrameColumnKind, capacity: number): Float64Array | Int32Array | Uint8Array {
  if (kind === 'float64') return new Float64Array(capacity);
  if (kind === 'bool') return new Uint8Array(capacity);
  return new Int32Array(capacity);
}

/**
 * Runs `sql` and copies its result into a Frame chunk by chunk. Numeric vectors are copied as raw
 * bytes through @duckdb/node-bindings (ENVIRONMENT.md: several times faster than value objects).
 */
export async function readFrame(con: DuckDBConnection, sql: string, params?: DuckDBValue[]): Promise<Frame> {
  const described = await queryRows(con, `DESCRIBE ${sql}`, params);
  const plan = described.map((row) => {
    const name = String(row.column_name);
    return { name, ...kindOf(String(row.column_type)) };
  });
  const projection = plan.map((p) => `${p.cast(sqlIdent(p.name))} AS ${sqlIdent(p.name)}`).join(', ');
  const result = await con.stream(`SELECT ${projection || '*'} FROM (${sql}) AS q`, params);
  let capacity = 16384;
  const builders = plan.map((p) => new ColumnBuilder(p.name, p.kind, capacity));
  let length = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    if (length + rows > capacity) {
      capacity = Math.max(capacity * 2, length + rows);
      for (const b of builders) b.grow(capacity);
    }
    builders.forEach((b, i) => {
      b.append(chunk, i, rows, length);
    });
    length += rows;
  }
  return { length, columns: builders.map((b) => b.finish(length)) };
}
