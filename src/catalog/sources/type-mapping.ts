import type { ColumnType } from '../../engine/index.js';

// DuckDB's DECIMAL holds at most 38 digits: wider (or unconstrained) numerics load as double.
const MAX_DECIMAL_PRECISION = 38;

function decimalType(precision: number, scale: number): ColumnType {
  if (!Number.isInteger(precision) || precision < 1 || precision > MAX_DECIMAL_PRECISION) return 'double';
  return `decimal(${precision},${Math.max(0, Math.min(scale, precision))})`;
}

const POSTGRES_TYPES: Record<string, ColumnType> = {
  boolean: 'boolean',
  smallint: 'smallint',
  integer: 'int',
  bigint: 'bigint',
  real: 'float',
  'double precision': 'double',
  numeric: 'double',
  date: 'date',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamp',
  bytea: 'binary',
};

/**
 * The Glue type of a PostgreSQL column, from `format_type()` (e.g. `numeric(10,2)`,
 * `timestamp(3) with time zone`) and `pg_type.typtype` (`b` base, `e` enum, ...; a domain is
 * resolved to its base type first). Text, uuid, json, enums, arrays and anything unknown: string.
 */
export function postgresGlueType(formatted: string, typtype = 'b'): ColumnType {
  if (typtype !== 'b') return 'string';
  const t = formatted.trim().toLowerCase();
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(t);
  if (numeric) return decimalType(Number(numeric[1]), Number(numeric[2]));
  const numericNoScale = /^numeric\((\d+)\)$/.exec(t);
  if (numericNoScale) return decimalType(Number(numericNoScale[1]), 0);
  // Precision modifiers of timestamps do not change the type: `timestamp(3) with time zone`.
  return POSTGRES_TYPES[t.replace(/^(timestamp)\(\d+\)/, '$1')] ?? 'string';
}

const MYSQL_TYPES: Record<string, ColumnType> = {
  tinyint: 'tinyint',
  smallint: 'smallint',
  mediumint: 'int',
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
  float: 'float',
  double: 'double',
  real: 'double',
  'double precision': 'double',
  date: 'date',
  datetime: 'timestamp',
  timestamp: 'timestamp',
  year: 'smallint',
  binary: 'binary',
  varbinary: 'binary',
  tinyblob: 'binary',
  blob: 'binary',
  mediumblob: 'binary',
  longblob: 'binary',
  geometry: 'binary',
  point: 'binary',
  linestring: 'binary',
  polygon: 'binary',
  multipoint: 'binary',
  multilinestring: 'binary',
  multipolygon: 'binary',
  geometrycollection: 'binary',
};

// Unsigned integers need the next wider signed type.
const MYSQL_UNSIGNED: Record<string, ColumnType> = {
  tinyint: 'smallint',
  smallint: 'int',
  mediumint: 'int',
  int: 'bigint',
  integer: 'bigint',
  bigint: 'decimal(20,0)',
};

/**
 * The Glue type of a MySQL/MariaDB column from `information_schema.columns.column_type`
 * (e.g. `int(10) unsigned`, `tinyint(1)`, `decimal(12,2)`, `enum('a','b')`). `tinyint(1)` and
 * `bit(1)` are booleans; char/text/enum/set/json/time/uuid and anything unknown: string.
 */
export function mysqlGlueType(columnType: string): ColumnType {
  const t = columnType.trim().toLowerCase();
  const m = /^([a-z ]+?)\s*(?:\(([^)]*)\))?\s*(unsigned)?(?:\s+zerofill)?$/.exec(t);
  if (!m?.[1]) return 'string';
  const base = m[1];
  const args = (m[2] ?? '').split(',').map((a) => Number(a.trim()));
  if ((base === 'tinyint' && args[0] === 1) || (base === 'bit' && (args[0] ?? 1) === 1)) return 'boolean';
  if (base === 'bit') return 'bigint';
  if (base === 'decimal' || base === 'numeric' || base === 'fixed')
    return m[2] ? decimalType(args[0] ?? 10, args[1] ?? 0) : decimalType(10, 0);
  if (m[3]) return MYSQL_UNSIGNED[base] ?? MYSQL_TYPES[base] ?? 'string';
  return MYSQL_TYPES[base] ?? 'string';
}
