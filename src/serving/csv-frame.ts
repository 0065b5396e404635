import { invalidArgument } from '../core/index.js';
import type { Frame, FrameColumn } from '../engine/index.js';
import type { Preprocessor } from '../ml/index.js';

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A decimal like `-12.345` read straight from the text: the digits as an integer below 2^53 divided
 * by an exact power of ten is one correctly rounded IEEE division (Clinger's fast path), so the
 * result equals Number(). Anything else (exponents, 16+ digits, spaces) returns NaN for the caller
 * to read with Number().
 */
function fastNumber(text: string, a: number, b: number): number {
  let i = a;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const v = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return negative ? -v : v;
}

/**
 * CSV rows straight into the columns the model's preprocessing reads, without an array of strings
 * per row: the hot path of single-row invocations and batch transform. Returns undefined for text
 * with quotes (the general parser handles those). Errors name the row and column as rowsToFrame's do.
 */
export function csvToFrame(pre: Preprocessor, text: string): Frame | undefined {
  if (text.includes('"')) return undefined;
  const plans = pre.features;
  const w = plans.length;
  const lines: number[] = [];
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > start) lines.push(start, stop);
    start = end + 1;
  }
  const n = lines.length / 2;
  const numbers = plans.map((p) => (p.kind === 'numeric' ? new Float64Array(n) : undefined));
  const codes = plans.map((p) => (p.kind === 'categorical' ? new Int32Array(n) : undefined));
  const dictionaries = plans.map(() => [] as string[]);
  const indexes = plans.map(() => new Map<string, number>());
  const valid = plans.map(() => new Uint8Array(n).fill(1));
  for (let i = 0; i < n; i++) {
    const lineEnd = lines[2 * i + 1]!;
    let pos = lines[2 * i]!;
    for (let c = 0; c < w; c++) {
      let end = text.indexOf(',', pos);
      if (end < 0 || end > lineEnd) end = lineEnd;
      if (c < w - 1 ? end === lineEnd : end !== lineEnd) {
        let fields = 1;
        for (let k = lines[2 * i]!; k < lineEnd; k++) if (text.charCodeAt(k) === 44) fields++;
        throw invalidArgument(`row ${i + 1}: ${fields} values, the model takes ${w}`, { row: i + 1 });
      }
      const column = numbers[c];
      if (end === pos) {
        valid[c]![i] = 0;
        if (!column) codes[c]![i] = -1;
      } else if (column) {
        let v = fastNumber(text, pos, end);
        if (Number.isNaN(v)) {
          const s = text.slice(pos, end);
          v = s.trim() === '' ? Number.NaN : Number(s);
          if (!Number.isFinite(v))
            throw invalidArgument(
              `row ${i + 1}, column '${plans[c]!.name}': ${JSON.stringify(s)} is not a number`,
              {
                row: i + 1,
                column: plans[c]!.name,
              },
            );
        }
        column[i] = v;
      } else {
        const s = text.slice(pos, end);
        let k = indexes[c]!.get(s);
        if (k === undefined) {
          k = dictionaries[c]!.push(s) - 1;
          indexes[c]!.set(s, k);
        }
        codes[c]![i] = k;
      }
      pos = end + 1;
    }
  }
  const columns: FrameColumn[] = plans.map((p, c) =>
    numbers[c]
      ? { name: p.name, kind: 'float64', values: numbers[c]!, valid: valid[c]! }
      : { name: p.name, kind: 'string', codes: codes[c]!, dictionary: dictionaries[c]!, valid: valid[c]! },
  );
  return { length: n, columns };
}
