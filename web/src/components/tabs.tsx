import { type KeyboardEvent, type ReactNode, useRef } from 'react';

export interface TabItem {
  readonly id: string;
  readonly label: string;
}

const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

/**
 * WAI-ARIA tabs: one tab stop, arrow keys (and Home/End) move between tabs and select them. The
 * page renders the selected tab's content inside <TabPanel>.
 */
export function Tabs(props: {
  label: string;
  idPrefix: string;
  tabs: readonly TabItem[];
  selected: string;
  onSelect: (id: string) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const { tabs, selected, onSelect, idPrefix } = props;
  function onKeyDown(e: KeyboardEvent) {
    const at = tabs.findIndex((t) => t.id === selected);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    const next = tabs[to];
    if (!next) return;
    e.preventDefault();
    onSelect(next.id);
    list.current?.querySelector<HTMLButtonElement>(`#${tabId(idPrefix, next.id)}`)?.focus();
  }
  return (
    <div ref={list} role="tablist" aria-label={props.label} className="tabs" onKeyDown={onKeyDown}>
      {tabs.map((t) => {
        const current = t.id === selected;
        return (
          <button
            key={t.id}
            id={tabId(idPrefix, t.id)}
            type="button"
            role="tab"
            aria-selected={current}
            aria-controls={current ? panelId(idPrefix, t.id) : undefined}
            tabIndex={current ? 0 : -1}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

/** The content of the selected tab, named by its tab. */
export function TabPanel({ idPrefix, id, children }: { idPrefix: string; id: string; children: ReactNode }) {
  return (
    <div
      role="tabpanel"
      id={panelId(idPrefix, id)}
      aria-labelledby={tabId(idPrefix, id)}
      className="tabpanel"
    >
      {children}
    </div>
  );
}
