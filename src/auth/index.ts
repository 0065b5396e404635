export { type AuditEvent, type AuditFilter, AuditLog, type AuditRecord } from './audit-log.js';
export { LOCAL_ADMIN, type Principal, SYSTEM, TOKEN_ADMIN } from './principal.js';
export { type SecretInfo, SecretStore } from './secret-store.js';
