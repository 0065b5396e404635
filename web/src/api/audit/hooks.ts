import { useQuery } from '@tanstack/react-query';

import { auditApi } from './audit-api.js';

export const auditKeys = {
  all: ['audit'] as const,
  recent: (limit: number) => [...auditKeys.all, 'recent', limit] as const,
};

export function useRecentAudit(limit = 15) {
  return useQuery({
    queryKey: auditKeys.recent(limit),
    queryFn: () => auditApi.recent(limit),
    refetchInterval: 5000,
  });
}
