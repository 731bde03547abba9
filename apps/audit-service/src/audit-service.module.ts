import { type DynamicModule, Module } from '@nestjs/common';
import type { AuditLog } from './audit-log.js';
import { AUDIT_LOG, AuditController } from './audit.controller.js';
import { AUDIT_AUTH, AuditTokenGuard } from './audit-token.guard.js';

export interface AuditServiceOptions {
  readonly log: AuditLog;
  /** AUDIT_API_TOKEN; when undefined the API answers every request with 401. */
  readonly apiToken: string | undefined;
}

/** The audit query API; the log is fed by `auditHandler`. */
@Module({})
export class AuditServiceModule {
  static register(options: AuditServiceOptions): DynamicModule {
    return {
      module: AuditServiceModule,
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_LOG, useValue: options.log },
        { provide: AUDIT_AUTH, useValue: { apiToken: options.apiToken } },
        AuditTokenGuard,
      ],
    };
  }
}
