import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Inject,
  Query,
  StreamableFile,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ProblemDetailsFilter } from '#platform';
import { type ExportFormat, exportAuditLog } from './audit-export.js';
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

  /**
   * Every matching record as a download, streamed page by page: `format=ndjson` (default) or
   * `csv`, with the filters of `GET /audit/events` (no paging: it runs to the end).
   */
  @Get('events/export')
  @Header('Cache-Control', 'no-store')
  exportEvents(@Query() params: Record<string, unknown>): StreamableFile {
    const { format: requested, ...filters } = params;
    const format = exportFormat(requested);
    for (const paging of ['after', 'limit'])
      if (paging in filters)
        throw new BadRequestException(
          `${paging} does not apply to an export, which runs to the end; leave it out`,
        );
    const { limit: _limit, ...query } = parseAuditQuery(filters);
    const day = new Date().toISOString().slice(0, 10);
    return new StreamableFile(exportAuditLog(this.log, query, format), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      disposition: `attachment; filename="audit-${(query.tenant ?? 'all').replace(/[^A-Za-z0-9._-]/g, '_')}-${day}.${format}"`,
    });
  }

  @Get('events')
  @Header('Cache-Control', 'no-store')
  async events(@Query() params: Record<string, unknown>): Promise<AuditEventsPage> {
    const page = await this.log.query(parseAuditQuery(params));
    return page.next === undefined
      ? { events: page.events }
      : { events: page.events, next: String(page.next) };
  }
}

function exportFormat(value: unknown): ExportFormat {
  if (value === undefined || value === 'ndjson') return 'ndjson';
  if (value === 'csv') return 'csv';
  throw new BadRequestException('format must be ndjson or csv');
}
