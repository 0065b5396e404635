import { useState } from 'react';
import { Link, useLocation } from 'wouter';

import {
  ACTIVE_RUN_STATES,
  useCrawler,
  useCrawlerRuns,
  useDeleteCrawler,
  useStartCrawler,
} from '../api/crawlers/index.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { CrawlRunCard } from '../components/crawlers/crawl-run-card.js';
import { errorMessage, useToast } from '../components/toasts.js';

/** One crawler: its settings, "Run crawler", and its runs with what each changed. */
export default function CrawlerPage({ name }: { name: string }) {
  const crawler = useCrawler(name);
  const runs = useCrawlerRuns(name);
  const start = useStartCrawler();
  const remove = useDeleteCrawler();
  const toast = useToast();
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState(false);

  if (crawler.error) return <p role="alert">{errorMessage(crawler.error)}</p>;
  if (!crawler.data) return <p className="muted">Loading…</p>;
  const c = crawler.data;
  const running = runs.data?.some((r) => ACTIVE_RUN_STATES.has(r.state)) ?? false;
  return (
    <>
      <p>
        <Link href="/crawlers">All crawlers</Link>
      </p>
      <div className="row">
        <h1 className="mono">{c.name}</h1>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={running || start.isPending}
          onClick={() =>
            start.mutate(c.name, { onError: (err) => toast(`Could not start: ${errorMessage(err)}`) })
          }
        >
          Run crawler
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete crawler
        </button>
      </div>
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <dl className="kv">
          <dt>Source</dt>
          <dd className="mono">{c.source}</dd>
          <dt>Database</dt>
          <dd>
            <Link href={`/catalog?db=${encodeURIComponent(c.database)}`}>{c.database}</Link>
          </dd>
          <dt>Schedule</dt>
          <dd className="mono">{c.schedule || 'on demand'}</dd>
          <dt>Table level</dt>
          <dd>{c.config.tableLevel}</dd>
          <dt>Table prefix</dt>
          <dd className="mono">{c.config.tablePrefix || '-'}</dd>
          <dt>Exclusions</dt>
          <dd className="mono">{c.config.exclusions.join(', ') || '-'}</dd>
          <dt>Policies</dt>
          <dd>
            schema change: {c.config.schemaChangePolicy}; delete: {c.config.deletePolicy}; recrawl:{' '}
            {c.config.recrawlPolicy}
          </dd>
        </dl>
      </section>
      <h2>Runs</h2>
      {runs.error && <p role="alert">Could not list runs: {errorMessage(runs.error)}</p>}
      {runs.data?.length === 0 && <p className="muted">This crawler has not run yet.</p>}
      <ul className="plain" aria-label="Crawler runs">
        {runs.data?.map((r) => (
          <CrawlRunCard key={r.jobId} run={r} jobName={r.jobName || undefined} />
        ))}
      </ul>
      <ConfirmDialog
        open={confirming}
        title="Delete crawler?"
        message={`The crawler ${c.name} will be deleted. The tables it made stay in the catalog.`}
        confirmLabel="Delete"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate(c.name, {
            onSuccess: () => navigate('/crawlers'),
            onError: (err) => toast(`Could not delete ${c.name}: ${errorMessage(err)}`),
          });
        }}
      />
    </>
  );
}
