/** The first rows of a CSV object: its header and up to `maxRows` records, all cells as text. */
export interface CsvPreview {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** True when the object has more than what was read (rows beyond the preview, or bytes). */
  readonly truncated: boolean;
}

/**
 * Parses RFC 4180 CSV (quoted fields, `""` escapes, embedded commas and newlines, LF or CRLF). When
 * `complete` is false the text was cut short, so the last, possibly partial, record is dropped.
 */
export function parseCsvPreview(text: string, maxRows: number, complete = true): CsvPreview {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    records.push(record);
    record = [];
    field = '';
  };
  // One pass over the characters; stops once the header and maxRows + 1 records are in.
  while (i < text.length && records.length <= maxRows + 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += c;
    i++;
  }
  const ended = i >= text.length;
  if (ended && complete && (field !== '' || record.length > 0)) endRecord();
  const [columns = [], ...rest] = records;
  return {
    columns,
    rows: rest.slice(0, maxRows),
    truncated: rest.length > maxRows || !ended || !complete,
  };
}
