import { Controller, Get, Header, Inject, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ProblemDetailsFilter } from '#platform';
import type { AuditLog, AuditRecord } from './audit-log.js';
import { parseAuditQuery } from './audit-query.params.js';
import { AuditTokenGuard } from './audit-token.guard.js';

export const AUDIT_LOG = Symbol('AuditLog');

export interface AuditEventsPage {
  readonly events: readonly AuditRecord[];
  /** Pass as `after` to read the next page; absent on the last page. */
  readonly next?: string;
}

@Controller('audit')
@UseFilters(ProblemDetailsFilter)
@UseGuards(AuditTokenGuard)
export class AuditController {
  constructor(@Inject(AUDIT_LOG) private readonly log: AuditLog) {}

  @Get('events')
  @Header('Cache-Control', 'no-store')
  async events(@Query() params: Record<string, unknown>): Promise<AuditEventsPage> {
    const page = await this.log.query(parseAuditQuery(params));
    return page.next === undefined
      ? { events: page.events }
      : { events: page.events, next: String(page.next) };
  }
}
