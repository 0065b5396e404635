import { useEffect, useState } from 'react';
import { Link } from 'wouter';

import { useResourceSearch } from '../api/search/index.js';

/** Finds tables, crawlers, connections, models and jobs by name and objects by key prefix as you type. */
export function GlobalSearch() {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTerm(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const results = useResourceSearch(term);
  const items = term ? (results.data ?? []) : [];
  return (
    <div className="search">
      <input
        type="search"
        aria-label="Search resources"
        placeholder="Search tables, jobs, objects…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setText('')}
      />
      {items.length > 0 && (
        <ul className="search-results" aria-label="Search results">
          {items.map((i) => (
            <li key={i.label}>
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
