// CodeMirror 6 for the SQL editor. Loaded with a dynamic import by <SqlEditor>, so the console's first
// load does not carry it. Everything is built inside functions: the bundler treats the console's
// modules as free of side effects.
import type { Completion, CompletionSource } from '@codemirror/autocomplete';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { keymap, placeholder } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';

/** Tables by database, each with its column names (`{ lake: { sales: ['id', 'amount'] } }`). */
export type SqlSchema = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface SqlEditorOptions {
  readonly doc: string;
  readonly label: string;
  readonly placeholder?: string;
  readonly schema: SqlSchema;
  /** Tables of this database complete without their `db.` prefix. */
  readonly defaultSchema?: string;
  readonly onChange: (doc: string) => void;
  /** Mod-Enter (Ctrl+Enter, or Cmd+Enter on a Mac). */
  readonly onRun: () => void;
}

export interface SqlEditorHandle {
  setDoc(doc: string): void;
  setSchema(schema: SqlSchema, defaultSchema?: string): void;
  focus(): void;
  destroy(): void;
}

/** Token colours from the stylesheet's --code-* variables, so both themes keep AA contrast. */
function highlightStyle() {
  return HighlightStyle.define([
    { tag: [t.keyword, t.operatorKeyword, t.modifier], color: 'var(--code-keyword)', fontWeight: '600' },
    { tag: [t.string, t.special(t.string)], color: 'var(--code-string)' },
    { tag: [t.number, t.bool, t.null], color: 'var(--code-number)' },
    { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
    { tag: [t.typeName, t.standard(t.name), t.function(t.variableName)], color: 'var(--code-type)' },
    { tag: [t.special(t.name), t.name, t.propertyName], color: 'var(--fg)' },
  ]);
}

function editorTheme() {
  return EditorView.theme({
    '&': {
      backgroundColor: 'var(--bg)',
      color: 'var(--fg)',
      border: '1px solid var(--border)',
      borderRadius: 'var(--radius)',
      minHeight: '140px',
      maxHeight: '360px',
    },
    '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
    '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
    '.cm-content': { caretColor: 'var(--fg)', minHeight: '138px' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
    '.cm-gutters': { backgroundColor: 'var(--bg-soft)', color: 'var(--fg-soft)', border: 'none' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--bg-soft)' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
      { backgroundColor: 'var(--code-selection)' },
    '.cm-selectionMatch': { backgroundColor: 'var(--code-selection)' },
    '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--code-selection)', color: 'inherit' },
    '.cm-placeholder': { color: 'var(--fg-soft)' },
    '.cm-tooltip': {
      backgroundColor: 'var(--bg-raised)',
      color: 'var(--fg)',
      border: '1px solid var(--border)',
      borderRadius: 'var(--radius)',
    },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
      backgroundColor: 'var(--accent)',
      color: 'var(--accent-fg)',
    },
    '.cm-completionDetail': { color: 'inherit', opacity: '1' },
    '.cm-panels': { backgroundColor: 'var(--bg-soft)', color: 'var(--fg)' },
  });
}

const language = (schema: SqlSchema, defaultSchema?: string) =>
  sql({ dialect: PostgreSQL, schema, upperCaseKeywords: true, ...(defaultSchema ? { defaultSchema } : {}) });

const TABLE_REF = /\b(?:from|join)\s+("?\w+"?(?:\s*\.\s*"?\w+"?)?)/gi;

/**
 * Bare column names, which lang-sql completes only after `table.`: the columns of the tables the
 * statement names after FROM/JOIN, or, before any is named, of every table in the default database.
 */
function columnCompletion(current: () => { schema: SqlSchema; defaultSchema?: string }): CompletionSource {
  return (ctx) => {
    const word = ctx.matchBefore(/\w*/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    if (ctx.state.sliceDoc(word.from - 1, word.from) === '.') return null; // lang-sql's own case
    const { schema, defaultSchema } = current();
    const refs = [...ctx.state.doc.toString().matchAll(TABLE_REF)].map((m) =>
      (m[1] ?? '').replace(/["\s]/g, '').split('.'),
    );
    const tables: [string, readonly string[]][] = [];
    for (const parts of refs) {
      const [db, table] = parts.length === 2 ? parts : [defaultSchema ?? '', parts[0] ?? ''];
      const cols = schema[db ?? '']?.[table ?? ''];
      if (cols) tables.push([`${db}.${table}`, cols]);
    }
    if (refs.length === 0 && defaultSchema)
      for (const [t, cols] of Object.entries(schema[defaultSchema] ?? {}))
        tables.push([`${defaultSchema}.${t}`, cols]);
    const options = new Map<string, Completion>();
    for (const [table, cols] of tables)
      for (const c of cols)
        if (!options.has(c)) options.set(c, { label: c, type: 'property', detail: table, boost: 5 });
    return options.size ? { from: word.from, options: [...options.values()], validFor: /^\w*$/ } : null;
  };
}

/** Mounts an editor in `parent`. Callbacks are read on each use, so callers may pass fresh ones. */
export function createSqlEditor(parent: HTMLElement, options: SqlEditorOptions): SqlEditorHandle {
  const lang = new Compartment();
  let current = { schema: options.schema, defaultSchema: options.defaultSchema };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                options.onRun();
                return true;
              },
            },
          ]),
        ),
        basicSetup,
        lang.of(language(options.schema, options.defaultSchema)),
        PostgreSQL.language.data.of({ autocomplete: columnCompletion(() => current) }),
        syntaxHighlighting(highlightStyle()),
        editorTheme(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        ...(options.placeholder ? [placeholder(options.placeholder)] : []),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    setDoc(doc) {
      if (doc === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
    },
    setSchema(schema, defaultSchema) {
      current = { schema, defaultSchema };
      view.dispatch({ effects: lang.reconfigure(language(schema, defaultSchema)) });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
