import { kelp } from '../client.js';

export interface SearchHit {
  readonly href: string;
  readonly label: string;
}

/** Resources whose name contains the term (jobs) or whose key starts with it (objects). */
export async function searchResources(term: string): Promise<SearchHit[]> {
  const [jobs, objects] = await Promise.all([
    kelp.jobs.list({ name: term, limit: 8 }),
    // A term that is not a valid key prefix simply finds no objects.
    kelp.objects
      .list({ prefix: term, delimiter: '/', limit: 8 })
      .catch(() => ({ objects: [], commonPrefixes: [] })),
  ]);
  return [
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
