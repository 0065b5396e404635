import type { AuditPage } from '../../../../src/contract/index.js';
import { kelp } from '../client.js';

export type { AuditPage };

export const auditApi = {
  recent: (limit: number): Promise<AuditPage> => kelp.audit.list({ limit }),
};
