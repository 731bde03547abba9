import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { delivered, userDeactivated } from '#contracts';
import { userDeactivatedV1 } from '../../../libs/contracts/src/users/user-deactivated.v1.js';
import type { AuditLog, AuditQuery } from './audit-log.js';
import { openSqliteAuditLog, type SqliteAuditLog } from './audit-log.js';
import { AuditServiceModule } from './audit-service.module.js';

const apiToken = 'audit-api-token-export-0123456789';
const total = 100_000;

/** The log as the service sees it, counting the records it hands out. */
class CountingLog implements AuditLog {
  pulled = 0;
  constructor(private readonly log: SqliteAuditLog) {}
  append = (...args: Parameters<AuditLog['append']>) => this.log.append(...args);
  appendAll = (...args: Parameters<AuditLog['appendAll']>) => this.log.appendAll(...args);
  close = () => this.log.close();
  async query(query: AuditQuery) {
    const page = await this.log.query(query);
    this.pulled += page.events.length;
    return page;
  }
}

describe('GET /audit/events/export', () => {
  let dir: string;
  let log: CountingLog;
  let app: NestFastifyApplication;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
    log = new CountingLog(openSqliteAuditLog(join(dir, 'audit.sqlite')));
    for (let from = 1; from <= total; from += 5000) {
      const batch = [];
      for (let n = from; n < from + 5000; n++) batch.push(userDeactivated('acme', `u-${n}`, n));
      await log.appendAll(batch);
    }
    await log.appendAll([
      delivered(
        userDeactivatedV1,
        { tenant: 'globex', userId: 'u,"1"' },
        { id: 'g1', position: total + 1, caller: '=HYPERLINK("http://evil")' },
      ),
    ]);
    const moduleRef = await Test.createTestingModule({
      imports: [AuditServiceModule.register({ log, apiToken })],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    origin = `http://127.0.0.1:${address.port}`;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await log?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (path: string): Promise<IncomingMessage> =>
    new Promise((resolve, reject) =>
      get(`${origin}${path}`, { headers: { authorization: `Bearer ${apiToken}` } }, resolve).on(
        'error',
        reject,
      ),
    );

  it('streams 100,000 records as NDJSON, reading the log only as fast as the client takes them', async () => {
    log.pulled = 0;
    const response = await request('/audit/events/export?tenant=acme');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-acme-\d{4}-\d{2}-\d{2}\.ndjson"$/,
    );

    // A client that stops reading after the first chunk: the service stops reading the log too.
    response.pause();
    await once(response, 'readable');
    await sleep(300);
    const pulledWhilePaused = log.pulled;
    expect(pulledWhilePaused).toBeGreaterThan(0);
    expect(pulledWhilePaused).toBeLessThan(total / 4);

    let lines = 0;
    let rest = '';
    let last: { sequence: number; resourceId: string } | undefined;
    response.setEncoding('utf8');
    for await (const chunk of response as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        last = JSON.parse(line) as { sequence: number; resourceId: string };
        lines++;
      }
    }
    expect(rest).toBe('');
    expect(lines).toBe(total);
    expect(last?.resourceId).toBe(`u-${total}`);
    expect(log.pulled).toBe(total);
  }, 120_000);

  it('exports CSV with quoting, and neutralises cells a spreadsheet would run as formulas', async () => {
    const response = await fetch(`${origin}/audit/events/export?tenant=globex&format=csv`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, row, end] = (await response.text()).split('\r\n');
    expect(header).toBe(
      'sequence,time,recordedAt,tenant,type,resourceType,resourceId,caller,correlationId,requestId,position,id,data',
    );
    expect(row).toContain(`,"u,""1""",`);
    expect(row).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(row).toContain(',g1,');
    expect(end).toBe('');
  });

  it('refuses paging parameters and unknown formats', async () => {
    for (const [query, detail] of [
      ['format=xml', 'format must be ndjson or csv'],
      ['limit=10', 'limit does not apply to an export'],
      ['from=yesterday', 'from must be an RFC 3339 time'],
    ]) {
      const response = await fetch(`${origin}/audit/events/export?${query}`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toContain(detail);
    }
  });
});
