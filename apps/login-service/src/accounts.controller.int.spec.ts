import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteAccountStore, type SqliteAccountStore } from './account-store.js';
import { LoginServiceModule } from './login-service.module.js';

const apiToken = 'login-api-token-0123456789';

describe('GET /accounts/:tenant/:userId', () => {
  let dir: string;
  let store: SqliteAccountStore;
  let app: NestFastifyApplication;

  async function start(options: { apiToken?: string } = {}) {
    const moduleRef = await Test.createTestingModule({
      imports: [LoginServiceModule.register({ store, ...options })],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'login-http-'));
    store = openSqliteAccountStore(join(dir, 'accounts.sqlite'));
    await store.apply({
      eventId: 'e1',
      tenant: 'acme',
      userId: 'u-1',
      position: 1,
      occurredAt: '2026-11-23T10:00:00Z',
      userName: 'ada',
      status: 'disabled',
    });
  });

  afterEach(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the account status, never to be cached', async () => {
    await start();
    const response = await app.inject({ method: 'GET', url: '/accounts/acme/u-1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      tenant: 'acme',
      userId: 'u-1',
      userName: 'ada',
      status: 'disabled',
      updatedAt: '2026-11-23T10:00:00Z',
    });
  });

  it('answers 404 problem details for an account it does not know, also in another tenant', async () => {
    await start();
    for (const url of ['/accounts/acme/u-2', '/accounts/globex/u-1']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: expect.stringMatching(
          /^No account for user u-\d in tenant \w+; it was never provisioned/,
        ),
      });
    }
  });

  it('answers an erased user exactly like one it does not know', async () => {
    await store.apply({
      eventId: 'e2',
      tenant: 'acme',
      userId: 'u-1',
      position: 2,
      occurredAt: '2026-11-23T10:05:00Z',
      erased: true,
    });
    await start();
    const erased = await app.inject({ method: 'GET', url: '/accounts/acme/u-1' });
    const unknown = await app.inject({ method: 'GET', url: '/accounts/acme/u-2' });
    expect(erased.statusCode).toBe(404);
    expect(erased.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(erased.body).toBe(unknown.body.replace('u-2', 'u-1'));
    expect(erased.body).not.toContain('ada');
  });

  it('requires the API token when one is configured', async () => {
    await start({ apiToken });
    const get = (authorization?: string) =>
      app.inject({
        method: 'GET',
        url: '/accounts/acme/u-1',
        headers: authorization === undefined ? {} : { authorization },
      });

    const missing = await get();
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json().detail).toContain('Authorization: Bearer <token>');
    expect((await get(`Bearer ${apiToken}x`)).statusCode).toBe(401);
    expect((await get(apiToken)).statusCode).toBe(401);
    expect((await get(`Bearer ${apiToken}`)).statusCode).toBe(200);
  });

  it('is open without an API token (internal network use)', async () => {
    await start();
    const response = await app.inject({
      method: 'GET',
      url: '/accounts/acme/u-1',
      headers: { authorization: 'Bearer anything' },
    });
    expect(response.statusCode).toBe(200);
  });
});
