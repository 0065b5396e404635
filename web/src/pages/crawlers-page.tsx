import { useState } from 'react';
import { Link } from 'wouter';

import { type CrawlerView, useCrawlers } from '../api/crawlers/index.js';
import { NewCrawlerForm } from '../components/crawlers/new-crawler-form.js';
import { formatTime } from '../components/format.js';
import { errorMessage } from '../components/toasts.js';

function LastRun({ crawler }: { crawler: CrawlerView }) {
  const run = crawler.lastRun;
  if (!run) return <span className="muted">never run</span>;
  const s = run.summary;
  return (
    <>
      <span className={`state state-${run.state}`}>{run.state}</span>{' '}
      <span className="muted">{formatTime(run.endedAt ?? run.startedAt)}</span>
      {s && (
        <div className="small">
          tables +{s.tablesCreated.length} ~{s.tablesUpdated.length} −{s.tablesDeleted.length}
          {s.tablesDeprecated.length > 0 && `, ${s.tablesDeprecated.length} deprecated`}; partitions +
          {s.partitionsAdded} −{s.partitionsRemoved}
          {s.problems.length > 0 && `; ${s.problems.length} problems`}
        </div>
      )}
    </>
  );
}

/** Glue's crawlers: what each one crawls, into which database, when, and how its last run went. */
export default function CrawlersPage() {
  const crawlers = useCrawlers();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <div className="row">
        <h1>Crawlers</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New crawler
        </button>
      </div>
      {creating && <NewCrawlerForm onClose={() => setCreating(false)} />}
      {crawlers.error && <p role="alert">Could not list crawlers: {errorMessage(crawlers.error)}</p>}
      <table aria-label="Crawlers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Source</th>
            <th>Database</th>
            <th>Schedule</th>
            <th>Last run</th>
          </tr>
        </thead>
        <tbody>
          {crawlers.data?.map((c) => (
            <tr key={c.name}>
              <td>
                <Link href={`/crawlers/${encodeURIComponent(c.name)}`}>{c.name}</Link>
              </td>
              <td className="mono">{c.source}</td>
              <td>
                <Link href={`/catalog?db=${encodeURIComponent(c.database)}`}>{c.database}</Link>
              </td>
              <td className="mono">{c.schedule || <span className="muted">on demand</span>}</td>
              <td>
                <LastRun crawler={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {crawlers.data?.length === 0 && !creating && (
        <p className="muted">
          No crawlers yet. A crawler finds tables in a folder and adds them to the catalog.
        </p>
      )}
    </>
  );
}
