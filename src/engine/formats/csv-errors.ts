import { PlatformError } from '../../core/index.js';

/**
 * Rewrites DuckDB's multi-paragraph CSV error into one line naming the file, line and column,
 * e.g. "data.csv: line 3, column b: cannot read "oops" as BIGINT".
 */
export function csvError(err: unknown, file?: string): PlatformError | undefined {
  const message = err instanceof Error ? err.message : String(err);
  const lineMatch = /CSV Error on Line:\s*(\d+)/.exec(message);
  if (!lineMatch) return undefined;
  const line = Number(lineMatch[1]);
  const fileMatch = /\n\s*file = (.+)\n/.exec(message);
  const where = file ?? fileMatch?.[1]?.trim() ?? 'CSV input';
  const convert =
    /Error when converting column "([^"]+)"\. Could not convert string "([^"]*)" to '([^']+)'/.exec(message);
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  let column: string | undefined;
  let problem: string;
  if (convert) {
    column = convert[1];
    problem = `cannot read "${convert[2]}" as ${convert[3]}`;
  } else if (columns) {
    column = String(Number(columns[1]) + 1);
    problem = `expected ${columns[1]} columns, found ${columns[2]}`;
  } else {
    problem =
      message
        .split('\n')
        .find((l, i) => i > 0 && l.trim() && !l.startsWith('Original Line'))
        ?.trim() ?? 'bad row';
  }
  const text = `${where}: line ${line}${column ? `, column ${column}` : ''}: ${problem} (skip bad rows to count and drop them instead)`;
  return new PlatformError('invalid_argument', text, { file: where, line, ...(column ? { column } : {}) });
}
