import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';

import { type CrawlBody, useCreateCrawler } from '../../api/crawlers/index.js';
import { errorMessage } from '../toasts.js';

type Policies = Pick<Required<CrawlBody>, 'schemaChangePolicy' | 'deletePolicy' | 'recrawlPolicy'>;

const SCHEMA_CHANGE: { value: Policies['schemaChangePolicy']; label: string }[] = [
  { value: 'update', label: 'update the table' },
  { value: 'log', label: 'log the change only' },
];
const DELETE: { value: Policies['deletePolicy']; label: string }[] = [
  { value: 'deprecate', label: 'mark the table deprecated' },
  { value: 'log', label: 'log only' },
  { value: 'delete', label: 'delete the table' },
];
const RECRAWL: { value: Policies['recrawlPolicy']; label: string }[] = [
  { value: 'everything', label: 'crawl everything' },
  { value: 'new-folders-only', label: 'new folders only' },
];

function PolicySelect<T extends string>(props: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Glue's "Add crawler": source, target database and the crawl's policies; creating it starts a run. */
export function NewCrawlerForm({ onClose }: { onClose: () => void }) {
  const create = useCreateCrawler();
  const [, navigate] = useLocation();
  const [source, setSource] = useState('');
  const [database, setDatabase] = useState('');
  const [name, setName] = useState('');
  const [tableLevel, setTableLevel] = useState('1');
  const [exclusions, setExclusions] = useState('');
  const [tablePrefix, setTablePrefix] = useState('');
  const [schedule, setSchedule] = useState('');
  const [policies, setPolicies] = useState<Policies>({
    schemaChangePolicy: 'update',
    deletePolicy: 'deprecate',
    recrawlPolicy: 'everything',
  });
  const policy = <K extends keyof Policies>(key: K) => ({
    value: policies[key],
    onChange: (v: Policies[K]) => setPolicies((p) => ({ ...p, [key]: v })),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const globs = exclusions
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const body: CrawlBody = {
      source: source.trim(),
      database: database.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      tableLevel: Number(tableLevel) || 1,
      exclusions: globs,
      ...policies,
      tablePrefix: tablePrefix.trim(),
      schedule: schedule.trim() || null,
    };
    create.mutate(body, {
      onSuccess: ({ crawler }) => {
        onClose();
        navigate(`/crawlers/${encodeURIComponent(crawler.name)}`);
      },
    });
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="New crawler">
      <label className="wide">
        Source
        <input
          required
          value={source}
          onChange={(e) => setSource(e.target.value)}
          placeholder="/data/lake, store://raw/ or connection://pg/public.%"
        />
      </label>
      <label>
        Database
        <input
          required
          pattern="[a-z0-9_]{1,128}"
          value={database}
          onChange={(e) => setDatabase(e.target.value)}
          placeholder="lake"
        />
      </label>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="generated when empty" />
      </label>
      <label>
        Table level
        <input
          type="number"
          min={1}
          max={16}
          value={tableLevel}
          onChange={(e) => setTableLevel(e.target.value)}
        />
      </label>
      <label>
        Table prefix
        <input
          pattern="[a-z0-9_]{0,64}"
          value={tablePrefix}
          onChange={(e) => setTablePrefix(e.target.value)}
        />
      </label>
      <PolicySelect label="Schema change policy" options={SCHEMA_CHANGE} {...policy('schemaChangePolicy')} />
      <PolicySelect label="Delete policy" options={DELETE} {...policy('deletePolicy')} />
      <PolicySelect label="Recrawl policy" options={RECRAWL} {...policy('recrawlPolicy')} />
      <label>
        Schedule
        <input
          value={schedule}
          onChange={(e) => setSchedule(e.target.value)}
          placeholder="cron, e.g. 0 3 * * * (empty: on demand)"
        />
      </label>
      <label className="wide">
        Exclusions (one glob per line)
        <textarea
          rows={3}
          value={exclusions}
          onChange={(e) => setExclusions(e.target.value)}
          placeholder="**/_archive/**"
        />
      </label>
      {create.error && (
        <p role="alert" className="wide">
          Could not create the crawler: {errorMessage(create.error)}
        </p>
      )}
      <div className="row wide">
        <button type="submit" className="primary" disabled={create.isPending}>
          Create crawler
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
