import { useEffect, useRef, useState } from 'react';

import type { SqlEditorHandle, SqlSchema } from './codemirror-setup.js';

/**
 * The SQL editor: CodeMirror with SQL highlighting and completion of `db.table` and column names.
 * CodeMirror is fetched when the editor first mounts (its own chunk). `onRun` fires on Ctrl/Cmd+Enter.
 */
export function SqlEditor(props: {
  value: string;
  onChange: (sql: string) => void;
  onRun: () => void;
  schema: SqlSchema;
  defaultSchema?: string;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<SqlEditorHandle | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>();
  const [ready, setReady] = useState(false);
  // The editor calls through these refs, so it always sees the latest props without being rebuilt.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    let disposed = false;
    import('./codemirror-setup.js').then(
      ({ createSqlEditor }) => {
        if (disposed || !host.current) return;
        const p = latest.current;
        editor.current = createSqlEditor(host.current, {
          doc: p.value,
          label: p.label,
          placeholder: 'SELECT … (Ctrl+Enter runs the query)',
          schema: p.schema,
          ...(p.defaultSchema ? { defaultSchema: p.defaultSchema } : {}),
          onChange: (doc) => latest.current.onChange(doc),
          onRun: () => latest.current.onRun(),
        });
        setReady(true);
      },
      (err: unknown) => setFailed(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      disposed = true;
      editor.current?.destroy();
      editor.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (ready) editor.current?.setDoc(props.value);
  }, [props.value, ready]);
  useEffect(() => {
    if (ready) editor.current?.setSchema(props.schema, props.defaultSchema);
  }, [props.schema, props.defaultSchema, ready]);

  return (
    <div className="sql-editor">
      {failed && <p role="alert">The editor could not load: {failed}</p>}
      {!ready && !failed && <p className="muted">Loading editor…</p>}
      <div ref={host} />
    </div>
  );
}
