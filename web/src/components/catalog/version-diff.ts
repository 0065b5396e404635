export interface ColumnLike {
  readonly name: string;
  readonly type: string;
}

export interface ColumnChange {
  readonly kind: 'added' | 'removed' | 'retyped';
  readonly name: string;
  /** `bigint → double` for a retyped column, the type otherwise. */
  readonly detail: string;
}

/** What changed from one column list to the next: added, removed and retyped columns, in order. */
export function diffColumns(before: readonly ColumnLike[], after: readonly ColumnLike[]): ColumnChange[] {
  const old = new Map(before.map((c) => [c.name, c.type]));
  const next = new Map(after.map((c) => [c.name, c.type]));
  const changes: ColumnChange[] = [];
  for (const c of after) {
    const was = old.get(c.name);
    if (was === undefined) changes.push({ kind: 'added', name: c.name, detail: c.type });
    else if (was !== c.type) changes.push({ kind: 'retyped', name: c.name, detail: `${was} → ${c.type}` });
  }
  for (const c of before)
    if (!next.has(c.name)) changes.push({ kind: 'removed', name: c.name, detail: c.type });
  return changes;
}
