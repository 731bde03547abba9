import type { ContractHandler } from '#kafka';
import type { AuditLog } from './audit-log.js';

/** Records every user and group event; a redelivered one is recorded once (by `ce_id`). */
export function auditHandler(log: AuditLog): ContractHandler {
  return (events) => log.appendAll(events);
}
