import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';

export interface VirtualColumn {
  readonly key: string;
  readonly header: ReactNode;
  /** Width in px (the table has a fixed layout, so rows keep their widths while they scroll). */
  readonly width?: number;
}

const ROW_HEIGHT = 33;
const DEFAULT_WIDTH = 160;

/**
 * A real <table> that renders only the rows in view: rows outside the window become two spacer rows.
 * The scroll box is a tab stop, so keyboard users can scroll a grid that holds no links. `onNearEnd`
 * is called when the last rendered row is close to the end (to fetch the next page).
 */
export function VirtualTable(props: {
  label: string;
  columns: readonly VirtualColumn[];
  rowCount: number;
  rowKey: (index: number) => string | number;
  renderCells: (index: number) => ReactNode[];
  onNearEnd?: () => void;
  className?: string;
}) {
  const { columns, rowCount, onNearEnd } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtual.getVirtualItems();
  const last = items.at(-1);
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (last?.end ?? 0);
  useEffect(() => {
    if (onNearEnd && last && last.index >= rowCount - 20) onNearEnd();
  }, [last, rowCount, onNearEnd]);
  const width = columns.reduce((sum, c) => sum + (c.width ?? DEFAULT_WIDTH), 0);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <div ref={scroller} className={`vscroll ${props.className ?? ''}`} tabIndex={0}>
      <table className="vtable" style={{ width }} aria-label={props.label} aria-rowcount={rowCount + 1}>
        <colgroup>
          {columns.map((c) => (
            <col key={c.key} style={{ width: c.width ?? DEFAULT_WIDTH }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr className="spacer-row">
              <td colSpan={columns.length} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => (
            <tr key={props.rowKey(item.index)} aria-rowindex={item.index + 2}>
              {props.renderCells(item.index).map((cell, i) => (
                <td key={columns[i]?.key ?? i}>{cell}</td>
              ))}
            </tr>
          ))}
          {padBottom > 0 && (
            <tr className="spacer-row">
              <td colSpan={columns.length} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
