import { kelp } from '../client.js';

export interface SearchHit {
  readonly href: string;
  readonly label: string;
}

const LIMIT = 8;
const none = () => [];

/**
 * Resources whose name contains the term (jobs, catalog tables as `db.table`, crawlers,
 * connections, models) or whose key starts with it (objects). A domain that fails to answer finds nothing.
 */
export async function searchResources(term: string): Promise<SearchHit[]> {
  const needle = term.toLowerCase();
  const has = (name: string) => name.toLowerCase().includes(needle);
  const [jobs, objects, tables, crawlers, connections, models] = await Promise.all([
    kelp.jobs.list({ name: term, limit: LIMIT }),
    // A term that is not a valid key prefix simply finds no objects.
    kelp.objects
      .list({ prefix: term, delimiter: '/', limit: LIMIT })
      .catch(() => ({ objects: [], commonPrefixes: [] })),
    kelp.catalog.schema().catch(none),
    kelp.crawlers.list().catch(none),
    kelp.connections.list().catch(none),
    kelp.models.list().catch(none),
  ]);
  return [
    ...tables
      .filter((t) => has(`${t.database}.${t.name}`))
      .slice(0, LIMIT)
      .map((t) => ({
        href: `/catalog/${encodeURIComponent(t.database)}/${encodeURIComponent(t.name)}`,
        label: `Table ${t.database}.${t.name}`,
      })),
    ...crawlers
      .filter((c) => has(c.name))
      .slice(0, LIMIT)
      .map((c) => ({ href: `/crawlers/${encodeURIComponent(c.name)}`, label: `Crawler ${c.name}` })),
    ...connections
      .filter((c) => has(c.name))
      .slice(0, LIMIT)
      .map((c) => ({ href: '/connections', label: `Connection ${c.name}` })),
    ...models
      .filter((m) => has(m.name))
      .slice(0, LIMIT)
      .map((m) => ({ href: `/models/${encodeURIComponent(m.name)}`, label: `Model ${m.name}` })),
    ...jobs.jobs.map((j) => ({ href: `/jobs/${encodeURIComponent(j.name)}`, label: `Job ${j.name}` })),
    ...objects.commonPrefixes.map((p) => ({
      href: `/objects?prefix=${encodeURIComponent(p)}`,
      label: `Folder ${p}`,
    })),
    ...objects.objects.map((o) => ({
      href: `/objects/info?key=${encodeURIComponent(o.key)}`,
      label: `Object ${o.key}`,
    })),
  ];
}
