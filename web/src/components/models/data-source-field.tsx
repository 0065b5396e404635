import type { CatalogNamespace } from '../../api/catalog/index.js';

/** Where data comes from: nothing, a file to upload, an object store prefix, or a catalog table. */
export const NO_DATA = '';
export const UPLOAD = 'upload';
export const STORE = 'store';

export interface DataChoice {
  /** NO_DATA, UPLOAD, STORE or a catalog table as `database.table` (always has a dot). */
  readonly source: string;
  readonly prefix: string;
  readonly file: File | null;
}

export const dataChoice = (source: string): DataChoice => ({ source, prefix: '', file: null });

const isTable = (source: string) => source.includes('.');

/** The `data` a training or prediction request takes, or undefined (none chosen, or an upload). */
export function dataSourceOf(choice: DataChoice): string | undefined {
  if (isTable(choice.source)) return choice.source;
  if (choice.source === STORE) return choice.prefix.trim() || undefined;
  return undefined;
}

/** The columns of the chosen catalog table; undefined for prefixes and files (not known here). */
export function columnsOf(choice: DataChoice, namespace: CatalogNamespace | undefined): string[] | undefined {
  if (!isTable(choice.source) || !namespace) return undefined;
  const [db = '', table = ''] = choice.source.split('.');
  return namespace[db]?.[table];
}

/**
 * A select of catalog tables (grouped by database) with "Object store prefix" (and, when asked for,
 * "None" and "Upload a file"); a prefix shows a text field, an upload a file input.
 */
export function DataSourceField(props: {
  label: string;
  prefixLabel: string;
  value: DataChoice;
  onChange: (v: DataChoice) => void;
  namespace: CatalogNamespace | undefined;
  optional?: boolean;
  allowUpload?: boolean;
}) {
  const { value, onChange, namespace } = props;
  return (
    <>
      <label>
        {props.label}
        <select value={value.source} onChange={(e) => onChange({ ...value, source: e.target.value })}>
          {props.optional && <option value={NO_DATA}>None</option>}
          {props.allowUpload && <option value={UPLOAD}>Upload a file</option>}
          <option value={STORE}>Object store prefix or key</option>
          {Object.entries(namespace ?? {}).map(([db, tables]) => (
            <optgroup key={db} label={`Catalog: ${db}`}>
              {Object.keys(tables).map((t) => (
                <option key={t} value={`${db}.${t}`}>
                  {db}.{t}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {value.source === STORE && (
        <label>
          {props.prefixLabel}
          <input
            required
            value={value.prefix}
            onChange={(e) => onChange({ ...value, prefix: e.target.value })}
            placeholder="store://folder/ or folder/file.csv"
          />
        </label>
      )}
      {value.source === UPLOAD && (
        <label>
          File
          <input
            type="file"
            required
            accept=".csv,.tsv,.gz,.jsonl,.ndjson,.json,.parquet,.recordio"
            onChange={(e) => onChange({ ...value, file: e.target.files?.[0] ?? null })}
          />
        </label>
      )}
    </>
  );
}
