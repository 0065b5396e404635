import { invalidArgument } from '../core/index.js';

/**
 * Column types as the catalog stores them: Hive/Glue names (`bigint`, `double`, `string`, ...),
 * so tables read the same way they would in Glue's Data Catalog. DuckDB types map onto them.
 */
export type ColumnType = string;

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  readonly comment?: string;
}

const DUCK_TO_GLUE: Record<string, string> = {
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  SMALLINT: 'smallint',
  INTEGER: 'int',
  BIGINT: 'bigint',
  HUGEINT: 'bigint',
  UTINYINT: 'smallint',
  USMALLINT: 'int',
  UINTEGER: 'bigint',
  UBIGINT: 'bigint',
  FLOAT: 'float',
  DOUBLE: 'double',
  VARCHAR: 'string',
  BLOB: 'binary',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  TIMESTAMP_NS: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_S: 'timestamp',
  TIME: 'string',
  UUID: 'string',
  INTERVAL: 'string',
  JSON: 'string',
  NULL: 'string',
};

/** The Glue type of a DuckDB type name (as `DESCRIBE` prints it). */
export function glueType(duckType: string): ColumnType {
  const t = duckType.trim();
  const direct = DUCK_TO_GLUE[t.toUpperCase()];
  if (direct) return direct;
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(t);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  if (t.endsWith('[]')) return `array<${glueType(t.slice(0, -2))}>`;
  const struct = /^STRUCT\((.*)\)$/is.exec(t);
  if (struct?.[1]) {
    const fields = splitTopLevel(struct[1]).map((f) => {
      const m = /^\s*("(?:[^"]|"")*"|\S+)\s+(.+)$/s.exec(f);
      if (!m?.[1] || !m[2]) return `${f}:string`;
      return `${m[1].replace(/^"|"$/g, '').replaceAll('""', '"')}:${glueType(m[2])}`;
    });
    return `struct<${fields.join(',')}>`;
  }
  const map = /^MAP\((.*)\)$/is.exec(t);
  if (map?.[1]) {
    const [k, v] = splitTopLevel(map[1]);
    return `map<${glueType(k ?? 'VARCHAR')},${glueType(v ?? 'VARCHAR')}>`;
  }
  if (/^ENUM\(/i.test(t)) return 'string';
  return 'string';
}

/** The DuckDB type that reads a Glue type. */
export function duckType(type: ColumnType): string {
  const t = type.trim().toLowerCase();
  const simple: Record<string, string> = {
    boolean: 'BOOLEAN',
    tinyint: 'TINYINT',
    smallint: 'SMALLINT',
    int: 'INTEGER',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    float: 'FLOAT',
    double: 'DOUBLE',
    string: 'VARCHAR',
    binary: 'BLOB',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
  };
  const s = simple[t];
  if (s) return s;
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(t.replaceAll(' ', ''));
  if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`;
  if (t.startsWith('array<') && t.endsWith('>')) return `${duckType(type.trim().slice(6, -1))}[]`;
  if (t.startsWith('map<') && t.endsWith('>')) {
    const [k, v] = splitTopLevel(type.trim().slice(4, -1));
    return `MAP(${duckType(k ?? 'string')}, ${duckType(v ?? 'string')})`;
  }
  if (t.startsWith('struct<') && t.endsWith('>')) {
    const fields = splitTopLevel(type.trim().slice(7, -1)).map((f) => {
      const i = f.indexOf(':');
      return `"${f.slice(0, i).trim().replaceAll('"', '""')}" ${duckType(f.slice(i + 1))}`;
    });
    return `STRUCT(${fields.join(', ')})`;
  }
  throw invalidArgument(`unknown column type '${type}'`, { type });
}

/** Splits on commas that are not inside (), <> or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(' || c === '<') depth++;
    else if (c === ')' || c === '>') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

// Widening ladders, as Glue crawlers merge schemas: a column seen as int in one file and double in
// another becomes double; anything that cannot be reconciled becomes string.
const NUMERIC_RANK: Record<string, number> = {
  boolean: 0,
  tinyint: 1,
  smallint: 2,
  int: 3,
  bigint: 4,
  float: 5,
  double: 6,
};
const TEMPORAL_RANK: Record<string, number> = { date: 0, timestamp: 1 };

/** The narrowest type that holds values of both `a` and `b`. */
export function widenType(a: ColumnType, b: ColumnType): ColumnType {
  if (a === b) return a;
  if (a === 'string' || b === 'string') return 'string';
  const na = NUMERIC_RANK[a];
  const nb = NUMERIC_RANK[b];
  if (na !== undefined && nb !== undefined) {
    // boolean only widens to string: true/false is not a number in a CSV column.
    if (na === 0 || nb === 0) return 'string';
    return na > nb ? a : b;
  }
  if (a.startsWith('decimal') && nb !== undefined && nb > 0) return 'double';
  if (b.startsWith('decimal') && na !== undefined && na > 0) return 'double';
  const ta = TEMPORAL_RANK[a];
  const tb = TEMPORAL_RANK[b];
  if (ta !== undefined && tb !== undefined) return ta > tb ? a : b;
  return 'string';
}

export interface SchemaMerge {
  readonly columns: ColumnSchema[];
  /** Columns whose type had to widen, with both types. */
  readonly widened: { name: string; from: ColumnType; to: ColumnType }[];
  /** Columns that `next` brought in (added as nullable). */
  readonly added: string[];
}

/** Merges `next` into `base`: types widen, new columns are appended, order of `base` is kept. */
export function mergeSchemas(base: readonly ColumnSchema[], next: readonly ColumnSchema[]): SchemaMerge {
  const columns = base.map((c) => ({ ...c }));
  const index = new Map(columns.map((c, i) => [c.name.toLowerCase(), i]));
  const widened: SchemaMerge['widened'] = [];
  const added: string[] = [];
  for (const col of next) {
    const i = index.get(col.name.toLowerCase());
    if (i === undefined) {
      index.set(col.name.toLowerCase(), columns.length);
      columns.push({ ...col });
      added.push(col.name);
      continue;
    }
    const current = columns[i] as ColumnSchema;
    const type = widenType(current.type, col.type);
    if (type !== current.type) {
      widened.push({ name: current.name, from: current.type, to: type });
      columns[i] = { ...current, type };
    }
  }
  return { columns, widened, added };
}
