import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';

import { kelp } from '../api/client.js';

/** Finds jobs by name and objects by key prefix as you type. */
export function GlobalSearch() {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTerm(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const results = useQuery({
    queryKey: ['search', term],
    enabled: term.length > 0,
    queryFn: async () => {
      const [jobs, objects] = await Promise.all([
        kelp.jobs.list({ name: term, limit: 8 }),
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
    },
  });
  const items = term ? (results.data ?? []) : [];
  return (
    <div className="search">
      <input
        type="search"
        aria-label="Search resources"
        placeholder="Search jobs and objects"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setText('')}
      />
      {items.length > 0 && (
        <ul className="search-results" aria-label="Search results">
          {items.map((i) => (
            <li key={i.href}>
              <Link href={i.href} onClick={() => setText('')}>
                {i.label}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
