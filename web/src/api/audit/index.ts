export { type AuditPage, auditApi } from './audit-api.js';
export { auditKeys, useRecentAudit } from './hooks.js';
