import { type DynamicModule, Module } from '@nestjs/common';
import type { AuditLog } from './audit-log.js';
import { AUDIT_LOG, AuditController } from './audit.controller.js';
import { AUDIT_AUTH, AuditTokenGuard } from './audit-token.guard.js';
import { HISTORY_SOURCES, HistoryController, type HistorySources } from './history.controller.js';

export interface AuditServiceOptions {
  readonly log: AuditLog;
  /** AUDIT_API_TOKEN; when undefined the API answers every request with 401. */
  readonly apiToken: string | undefined;
  /**
   * The event store the history endpoints replay and the hash chains they verify; without it
   * they are not served.
   */
  readonly history?: HistorySources;
}

/** The audit query API (the log is fed by `auditHandler`) and, given the event store, the history API. */
@Module({})
export class AuditServiceModule {
  static register(options: AuditServiceOptions): DynamicModule {
    return {
      module: AuditServiceModule,
      controllers:
        options.history === undefined ? [AuditController] : [AuditController, HistoryController],
      providers: [
        ...(options.history === undefined
          ? []
          : [{ provide: HISTORY_SOURCES, useValue: options.history }]),
        { provide: AUDIT_LOG, useValue: options.log },
        { provide: AUDIT_AUTH, useValue: { apiToken: options.apiToken } },
        AuditTokenGuard,
      ],
    };
  }
}
