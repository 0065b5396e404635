import { INVOCATION_CONTENT_TYPES, RESPONSE_CONTENT_TYPES } from '../contract/media-types/index.js';
import { invalidArgument, PlatformError } from '../core/index.js';
import * as recordio from '../engine/formats/recordio/index.js';
import type { Frame, FrameColumn, OutputColumn } from '../engine/index.js';
import type { Preprocessor } from '../ml/index.js';

export type InvocationType = (typeof INVOCATION_CONTENT_TYPES)[number];
export type ResponseType = (typeof RESPONSE_CONTENT_TYPES)[number];

/** The response type for an Accept header (default: the request's type, JSON for RecordIO). */
export function responseType(accept: string | undefined, request: InvocationType): ResponseType {
  if (!accept || accept === '*/*' || accept.startsWith('*/'))
    return request === 'application/x-recordio-protobuf' ? 'application/json' : request;
  const type = accept.split(';')[0]!.trim().toLowerCase();
  const known = RESPONSE_CONTENT_TYPES.find((t) => t === type);
  if (!known)
    throw new PlatformError(
      'unsupported_media_type',
      `Accept '${type}' is not supported; responses are ${RESPONSE_CONTENT_TYPES.join(', ')}`,
      { supported: [...RESPONSE_CONTENT_TYPES] },
    );
  return known;
}

/**
 * RecordIO-protobuf records as rows of `width` values: each record's "values" tensor, dense, or
 * sparse (keys and shape) expanded, as SageMaker's built-in algorithms read them.
 */
export function recordRows(bytes: Uint8Array, width: number): number[][] {
  return recordio.decodeRecordIO(bytes, 'the request').map((r, i) => {
    const t = r.features.values;
    if (!t || Array.isArray(t.values))
      throw invalidArgument(`record ${i + 1}: no numeric "values" feature tensor`, { row: i + 1 });
    if (!t.keys) {
      if (t.values.length !== width && !(t.shape?.length === 1 && t.values.length === 0))
        throw invalidArgument(`row ${i + 1}: ${t.values.length} values, the model takes ${width}`, {
          row: i + 1,
        });
      return t.values.length === 0 ? new Array(width).fill(0) : Array.from(t.values);
    }
    const row = new Array<number>(width).fill(0);
    t.keys.forEach((k, j) => {
      if (k < 0 || k >= width)
        throw invalidArgument(`row ${i + 1}: key ${k} is outside 0..${width - 1}`, { row: i + 1 });
      row[k] = (t.values as Float32Array)[j]!;
    });
    return row;
  });
}

/** The media type without parameters (`text/csv; charset=utf-8` → `text/csv`), checked. */
export function invocationType(header: string | undefined, what = 'Content-Type'): InvocationType {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  const known = INVOCATION_CONTENT_TYPES.find(
    (t) => t === type || (t === 'application/jsonlines' && type === 'application/x-jsonlines'),
  );
  if (!known)
    throw new PlatformError(
      'unsupported_media_type',
      `${what} '${type || '(none)'}' is not supported; use ${INVOCATION_CONTENT_TYPES.join(', ')}`,
      { supported: [...INVOCATION_CONTENT_TYPES] },
    );
  return known;
}

/** One input row as it arrived: values by position, or by column name. */
type RawRow = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * The rows of a request body. CSV rows carry the feature values in the training data's column
 * order (no header, the target left out), as SageMaker's built-in algorithms take them. JSON is
 * `{"instances": [...]}` or a list; JSON lines one instance per line. An instance is a list of values
 * in that order, `{"features": [...]}`, or an object keyed by column name.
 */
export function parseRows(type: InvocationType, body: string): RawRow[] {
  if (type === 'text/csv') return parseCsv(body);
  if (type === 'application/jsonlines') {
    const rows: RawRow[] = [];
    body.split('\n').forEach((line, i) => {
      if (line.trim() !== '') rows.push(instance(parseJson(line, `line ${i + 1}`), rows.length + 1));
    });
    return rows;
  }
  const doc = parseJson(body, 'the body');
  const list = Array.isArray(doc)
    ? // A bare list of numbers is one row; a list of lists or objects is many.
      doc.every((v) => Array.isArray(v) || (typeof v === 'object' && v !== null))
      ? doc
      : [doc]
    : typeof doc === 'object' && doc !== null && Array.isArray((doc as { instances?: unknown }).instances)
      ? (doc as { instances: unknown[] }).instances
      : [doc];
  return list.map((v, i) => instance(v, i + 1));
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`${where} is not valid JSON: ${(err as Error).message}`);
  }
}

function instance(v: unknown, row: number): RawRow {
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && v !== null) {
    const features = (v as { features?: unknown }).features;
    return Array.isArray(features) ? features : (v as Record<string, unknown>);
  }
  throw invalidArgument(
    `row ${row}: an instance is a list of values or an object, not ${JSON.stringify(v)}`,
    { row },
  );
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text[i] === '"') {
      let j = i + 1;
      let out = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0)
          throw invalidArgument(`row ${rows.length + 1}: a quoted field is not closed`, {
            row: rows.length + 1,
          });
        out += text.slice(j, q);
        if (text[q + 1] === '"') {
          out += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      field = out;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      if (i === n) row.push('');
    } else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/**
 * Rows → the columns the model's preprocessing reads (its feature plans, in training order). Values
 * are checked here so a bad cell is a 400 naming its row and column: numbers for numeric columns
 * (empty or null = missing), text for categorical ones (an unseen category sets no indicator).
 */
export function rowsToFrame(pre: Preprocessor, rows: readonly RawRow[]): Frame {
  const plans = pre.features;
  const n = rows.length;
  const columns: FrameColumn[] = plans.map((plan, c) => {
    const valid = new Uint8Array(n).fill(1);
    if (plan.kind === 'numeric') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = cell(rows[i]!, c, plan.name, i, plans.length);
        if (v === null || v === undefined || v === '') valid[i] = 0;
        else {
          const x =
            typeof v === 'number'
              ? v
              : typeof v === 'string'
                ? Number(v)
                : typeof v === 'boolean'
                  ? Number(v)
                  : Number.NaN;
          if (!Number.isFinite(x) || (typeof v === 'string' && v.trim() === ''))
            throw invalidArgument(
              `row ${i + 1}, column '${plan.name}': ${JSON.stringify(v)} is not a number`,
              {
                row: i + 1,
                column: plan.name,
              },
            );
          values[i] = x;
        }
      }
      return { name: plan.name, kind: 'float64', values, valid };
    }
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = cell(rows[i]!, c, plan.name, i, plans.length);
      if (v === null || v === undefined || v === '') {
        valid[i] = 0;
        codes[i] = -1;
        continue;
      }
      const s = String(v);
      let k = index.get(s);
      if (k === undefined) {
        k = dictionary.push(s) - 1;
        index.set(s, k);
      }
      codes[i] = k;
    }
    return { name: plan.name, kind: 'string', codes, dictionary, valid };
  });
  return { length: n, columns };
}

function cell(row: RawRow, c: number, name: string, i: number, width: number): unknown {
  if (Array.isArray(row)) {
    if (row.length !== width)
      throw invalidArgument(`row ${i + 1}: ${row.length} values, the model takes ${width}`, { row: i + 1 });
    return row[c];
  }
  return (row as Record<string, unknown>)[name];
}

/** Dense rows of a sparse model's width: positional values, or {"keys", "values"} objects. */
export function rowsToDense(width: number, rows: readonly RawRow[]): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    const sparse = !Array.isArray(row) ? (row as { keys?: unknown; values?: unknown }) : undefined;
    if (sparse && Array.isArray(sparse.keys) && Array.isArray(sparse.values)) {
      sparse.keys.forEach((k, j) => {
        const key = Number(k);
        if (!Number.isInteger(key) || key < 0 || key >= width)
          throw invalidArgument(`row ${i + 1}: key ${JSON.stringify(k)} is outside 0..${width - 1}`, {
            row: i + 1,
          });
        out[i * width + key] = Number((sparse.values as unknown[])[j]);
      });
      return;
    }
    if (!Array.isArray(row) || row.length !== width)
      throw invalidArgument(`row ${i + 1}: the model takes ${width} values (or {"keys", "values"})`, {
        row: i + 1,
      });
    row.forEach((v, j) => {
      const x = v === '' || v === null ? 0 : Number(v);
      if (!Number.isFinite(x))
        throw invalidArgument(`row ${i + 1}, feature ${j}: ${JSON.stringify(v)} is not a number`, {
          row: i + 1,
        });
      out[i * width + j] = x;
    });
  });
  return out;
}

/**
 * Predictions as the Accept type: CSV rows without a header, {"predictions": [...]}, JSON lines, or
 * RecordIO records (bytes; the other types are text).
 */
export function formatPredictions(
  accept: ResponseType,
  columns: readonly OutputColumn[],
  rows: number,
): string | Uint8Array {
  if (accept === 'application/x-recordio-protobuf') return predictionRecords(columns, rows);
  const value = (c: OutputColumn, i: number) => c.values[i] ?? null;
  if (accept === 'text/csv') {
    // Built field by field: no array per row (this runs for every record of a batch transform).
    let out = '';
    const last = columns.length - 1;
    for (let i = 0; i < rows; i++)
      for (let c = 0; c <= last; c++) out += csvField(value(columns[c]!, i)) + (c === last ? '\n' : ',');
    return out;
  }
  const objects = Array.from({ length: rows }, (_, i) =>
    Object.fromEntries(columns.map((c) => [c.name, value(c, i)])),
  );
  if (accept === 'application/jsonlines') return objects.map((o) => `${JSON.stringify(o)}\n`).join('');
  return JSON.stringify({ predictions: objects });
}

const utf8 = new TextEncoder();

/**
 * One RecordIO record per row, as SageMaker's built-in algorithms answer Accept
 * application/x-recordio-protobuf: no features, and in `label` one tensor per output column, under
 * the column's name. A number is a float32 tensor of one value (NaN when missing): float32 is what
 * SageMaker writes and what clients written for it read (`label['score'].float32_tensor`), at the
 * cost of rounding to float32's 7 significant digits (JSON keeps float64). Text (predicted_label's
 * class names) is a bytes tensor holding the UTF-8 string, or nothing when missing.
 */
export function predictionRecords(columns: readonly OutputColumn[], rows: number): Uint8Array {
  const records = Array.from({ length: rows }, (_, i) => ({
    features: {},
    label: Object.fromEntries(
      columns.map((c): [string, recordio.Tensor] => {
        if (c.values instanceof Float64Array)
          return [c.name, { type: 'float32', values: Float32Array.of(c.values[i]!) }];
        const v = c.values[i];
        return [c.name, { type: 'bytes', values: v === null || v === undefined ? [] : [utf8.encode(v)] }];
      }),
    ),
  }));
  return recordio.encodeRecordIO(records);
}

export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
