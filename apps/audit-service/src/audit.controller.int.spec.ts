import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userDeactivated } from '#contracts';
import { openSqliteAuditLog, type SqliteAuditLog } from './audit-log.js';
import { AuditServiceModule } from './audit-service.module.js';

const apiToken = 'audit-api-token-0123456789';
const authorization = `Bearer ${apiToken}`;

describe('GET /audit/events', () => {
  let dir: string;
  let log: SqliteAuditLog;
  let app: NestFastifyApplication;

  async function start(options: { apiToken: string | undefined } = { apiToken }) {
    const moduleRef = await Test.createTestingModule({
      imports: [AuditServiceModule.register({ log, ...options })],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }

  const get = (url: string, headers: Record<string, string> = { authorization }) =>
    app.inject({ method: 'GET', url, headers });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-http-'));
    log = openSqliteAuditLog(join(dir, 'audit.sqlite'));
    for (let n = 1; n <= 5; n++)
      await log.append(userDeactivated(n % 2 === 0 ? 'globex' : 'acme', `u-${n}`, n));
  });

  afterEach(async () => {
    await app.close();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the matching events in order, with a cursor to the next page', async () => {
    await start();
    const first = await get('/audit/events?tenant=acme&limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const body = first.json();
    expect(body.events.map((event: { resourceId: string }) => event.resourceId)).toEqual([
      'u-1',
      'u-3',
    ]);
    expect(body.events[0]).toMatchObject({
      sequence: 1,
      id: 'e1',
      type: 'scim.user.deactivated.v1',
      tenant: 'acme',
      resourceType: 'User',
      caller: 'token:okta',
      time: '2026-11-23T10:00:01Z',
      position: 1,
      data: { tenant: 'acme', userId: 'u-1' },
    });
    expect(body.next).toBe('3');

    const second = (await get(`/audit/events?tenant=acme&limit=2&after=${body.next}`)).json();
    expect(second).toEqual({ events: [expect.objectContaining({ resourceId: 'u-5' })] });
  });

  it('filters by resource, type, caller and time', async () => {
    await start();
    const ids = async (query: string) =>
      (await get(`/audit/events?${query}`)).json().events.map((e: { id: string }) => e.id);
    expect(await ids('resourceType=User&resourceId=u-2')).toEqual(['e2']);
    expect(await ids('type=scim.user.provisioned.v1')).toEqual([]);
    expect(await ids('caller=token%3Aokta&tenant=globex')).toEqual(['e2', 'e4']);
    expect(await ids('from=2026-11-23T10:00:02Z&to=2026-11-23T10:00:04Z')).toEqual(['e2', 'e3']);
  });

  it.each([
    ['resourceType=Users', 'resourceType must be User or Group'],
    ['from=yesterday', 'from must be an RFC 3339 time such as 2026-11-23T10:00:00Z'],
    ['to=2026-11-23', 'to must be an RFC 3339 time such as 2026-11-23T10:00:00Z'],
    ['from=2026-11-23T10:00:00Z&to=2026-11-23T09:00:00Z', 'to must be later than from'],
    ['after=-1', 'after must be the next value of a previous page'],
    ['after=abc', 'after must be the next value of a previous page'],
    ['limit=0', 'limit must be an integer from 1 to 1000'],
    ['limit=1001', 'limit must be an integer from 1 to 1000'],
    ['limit=1.5', 'limit must be an integer from 1 to 1000'],
    ['tenant=', 'tenant must not be empty'],
    ['tenant=acme&tenant=globex', 'tenant must be given once'],
    ['user=u-1', 'Unknown query parameter user; the accepted ones are tenant, resourceId'],
  ])('answers 400 naming what is wrong with ?%s', async (query, detail) => {
    await start();
    const response = await get(`/audit/events?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: expect.stringContaining(detail),
    });
  });

  it('refuses requests without the API token, or with a wrong one', async () => {
    await start();
    const missing = await get('/audit/events', {});
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json().detail).toContain('Authorization: Bearer <token>');
    expect((await get('/audit/events', { authorization: `${authorization}x` })).statusCode).toBe(
      401,
    );
    expect((await get('/audit/events', { authorization: apiToken })).statusCode).toBe(401);
  });

  it('refuses every request while no API token is configured, saying how to set one', async () => {
    await start({ apiToken: undefined });
    const response = await get('/audit/events');
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toContain('set AUDIT_API_TOKEN');
  });
});
