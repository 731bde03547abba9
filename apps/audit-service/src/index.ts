export {
  openSqliteAuditLog,
  SqliteAuditLog,
  type AuditLog,
  type AuditPage,
  type AuditQuery,
  type AuditRecord,
} from './audit-log.js';
export { auditHandler } from './audit.handler.js';
export { AuditServiceModule, type AuditServiceOptions } from './audit-service.module.js';
