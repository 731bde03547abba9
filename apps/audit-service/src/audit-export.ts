import { Readable } from 'node:stream';
import type { AuditLog, AuditQuery, AuditRecord } from './audit-log.js';

export type ExportFormat = 'ndjson' | 'csv';

/** Records read from the log per query: the most an export holds in memory at once. */
export const exportPageSize = 1000;

const csvColumns = [
  'sequence',
  'time',
  'recordedAt',
  'tenant',
  'type',
  'resourceType',
  'resourceId',
  'caller',
  'correlationId',
  'requestId',
  'position',
  'id',
  'data',
] as const;

/**
 * Every record the query matches, page by page, as NDJSON (one record a line) or CSV (RFC 4180,
 * `data` as a JSON cell). The stream pulls the next page only when the client has taken the
 * previous one, so an export of millions of records holds one page in memory.
 */
export function exportAuditLog(
  log: AuditLog,
  query: Omit<AuditQuery, 'limit' | 'after'>,
  format: ExportFormat,
): Readable {
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield `${csvColumns.join(',')}\r\n`;
    let after: number | undefined;
    do {
      const page = await log.query({
        ...query,
        limit: exportPageSize,
        ...(after === undefined ? {} : { after }),
      });
      let chunk = '';
      for (const record of page.events)
        chunk += format === 'csv' ? csvLine(record) : `${JSON.stringify(record)}\n`;
      if (chunk !== '') yield chunk;
      after = page.next;
    } while (after !== undefined);
  }
  return Readable.from(lines(), { objectMode: false });
}

function csvLine(record: AuditRecord): string {
  const cells: Record<(typeof csvColumns)[number], unknown> = {
    sequence: record.sequence,
    time: record.time,
    recordedAt: record.recordedAt,
    tenant: record.tenant,
    type: record.type,
    resourceType: record.resourceType,
    resourceId: record.resourceId,
    caller: record.caller,
    correlationId: record.correlationId,
    requestId: record.requestId ?? '',
    position: record.position,
    id: record.id,
    data: JSON.stringify(record.data),
  };
  return `${csvColumns.map((column) => csvCell(cells[column])).join(',')}\r\n`;
}

/**
 * RFC 4180 quoting; a cell starting with =, +, - or @ gets a leading apostrophe so a spreadsheet
 * does not run it as a formula (values come from IdPs).
 */
function csvCell(value: unknown): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
