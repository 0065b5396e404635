import { useQuery } from '@tanstack/react-query';

import { searchResources } from './search-api.js';

export const searchKeys = { term: (term: string) => ['search', term] as const };

export function useSearch(term: string) {
  return useQuery({
    queryKey: searchKeys.term(term),
    enabled: term.length > 0,
    queryFn: () => searchResources(term),
  });
}
