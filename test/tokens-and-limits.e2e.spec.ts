import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient } from './support/admin-client.js';
import { ScimClient } from './support/scim-client.js';
import { buildOnce, startServiceProcess } from './support/service-process.js';
import {
  ADMIN_TOKEN,
  type AdminTestService,
  startAdminTestService,
} from './support/standalone-harness.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface IssuedToken {
  readonly id: string;
  readonly token: string;
  readonly label: string;
  readonly expiresAt?: string;
}

let t: AdminTestService;
let admin: AdminClient;

beforeAll(async () => {
  t = await startAdminTestService();
  admin = t.admin;
});
afterAll(async () => {
  await t.stop();
});

async function createTenant(id: string): Promise<string> {
  const created = await admin.createTenant(id, `${id} Inc`);
  expect(created.status).toBe(201);
  return created.body.scimBaseUrl as string;
}

const issue = (tenant: string, body?: unknown) =>
  admin.request<IssuedToken>('POST', `/tenants/${tenant}/tokens`, body);
const list = (tenant: string) => admin.request('GET', `/tenants/${tenant}/tokens`);
const revoke = (tenant: string, tokenId: string) =>
  admin.request('DELETE', `/tenants/${tenant}/tokens/${tokenId}`);
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('static bearer tokens through the admin API', () => {
  it('issues a labelled, expiring token once, lists it without its secret, and revokes it for the very next request', async () => {
    const baseUrl = await createTenant('tokens-acme');
    const expiresAt = inSeconds(3600);
    const issued = await issue('tokens-acme', { label: 'okta', expiresAt });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      id: expect.any(String),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      label: 'okta',
      expiresAt,
    });
    const { id, token } = issued.body;

    const listed = await list('tokens-acme');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      tokens: [{ id, label: 'okta', createdAt: expect.any(String), expiresAt, revoked: false }],
    });
    const createdAt = Date.parse(listed.body.tokens[0].createdAt);
    expect(Math.abs(createdAt - Date.now())).toBeLessThan(60_000);
    const listedText = JSON.stringify(listed.body);
    expect(listedText).not.toContain(token);
    expect(listedText).not.toContain(sha256(token));

    const scim = new ScimClient(baseUrl, token);
    expect((await scim.request('GET', '/Users')).status).toBe(200);

    expect((await revoke('tokens-acme', id)).status).toBe(204);
    const refused = await scim.request('GET', '/Users');
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/unknown, revoked, expired/);

    expect((await revoke('tokens-acme', id)).status).toBe(204);
    expect((await list('tokens-acme')).body.tokens).toEqual([
      expect.objectContaining({ id, revoked: true }),
    ]);
  });

  it('issues a token without a body under the label "admin", and never twice the same secret', async () => {
    await createTenant('tokens-plain');
    const first = await issue('tokens-plain');
    const second = await issue('tokens-plain', { label: 'entra' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      token: expect.any(String),
      label: 'admin',
    });
    expect(second.body.token).not.toBe(first.body.token);
    expect(
      ((await list('tokens-plain')).body.tokens as { label: string }[]).map((x) => x.label),
    ).toEqual(['admin', 'entra']);
  });

  it('refuses an expiry that is past or not RFC 3339, and unknown tenants or tokens, saying what to fix', async () => {
    await createTenant('tokens-checks');
    const past = await issue('tokens-checks', { expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' });
    expect((past.body as unknown as { detail: string }).detail).toMatch(/not in the future/);

    for (const expiresAt of ['tomorrow', '2030-01-01', 1893456000]) {
      const wrong = await issue('tokens-checks', { expiresAt });
      expect(wrong.status).toBe(400);
      expect((wrong.body as unknown as { detail: string }).detail).toMatch(/expiresAt/);
    }
    expect((await list('tokens-checks')).body.tokens).toEqual([]);

    expect((await issue('no-such-tenant')).status).toBe(404);
    expect((await list('no-such-tenant')).status).toBe(404);
    expect((await revoke('no-such-tenant', 'x')).status).toBe(404);
    const unknown = await revoke('tokens-checks', '0190f5f4-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('refuses a token from the moment it expires', async () => {
    const baseUrl = await createTenant('tokens-expiry');
    const issued = await issue('tokens-expiry', { label: 'short', expiresAt: inSeconds(1.5) });
    expect(issued.status).toBe(201);
    const scim = new ScimClient(baseUrl, issued.body.token);
    expect((await scim.request('GET', '/Users')).status).toBe(200);

    await new Promise((resolve) =>
      setTimeout(resolve, Date.parse(issued.body.expiresAt!) - Date.now() + 100),
    );
    const expired = await scim.request('GET', '/Users');
    expect(expired.status).toBe(401);
  });
});

describe('failed authentications are rate limited', () => {
  it('answers 429 with Retry-After after 20 failures a minute, while a valid token keeps working', async () => {
    const baseUrl = await createTenant('limits-acme');
    const valid = new ScimClient(baseUrl, (await issue('limits-acme')).body.token);
    const guessing = new ScimClient(baseUrl, 'guessed-token-0123456789');

    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await guessing.request('GET', '/Users')).status).toBe(401);
    }
    const limited = await guessing.request('GET', '/Users');
    expect(limited.status).toBe(429);
    const retryAfter = limited.headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
    expect(limited.headers.get('content-type')).toContain('application/scim+json');
    expect(limited.body).toMatchObject({ schemas: [ERROR], status: '429' });
    expect(limited.body.detail).toContain(`retry in ${retryAfter} s`);

    expect((await valid.request('GET', '/Users')).status).toBe(200);
    expect((await valid.createUser('still-served@example.com')).status).toBe(201);
    // Another tenant's bucket is its own.
    expect(
      (
        await new ScimClient(baseUrl.replace('limits-acme', 'acme'), 'nope').request(
          'GET',
          '/Users',
        )
      ).status,
    ).toBe(401);
  });

  it('limits failed admin authentications the same way, never the admin with the right token', async () => {
    const wrong = AdminClient.withToken(t.service.origin, 'wrong-admin-token-0123456789abcdef');
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await wrong.request('GET', '/tenants/acme')).status).toBe(401);
    }
    const limited = await wrong.request('GET', '/tenants/acme');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect((await admin.request('GET', '/tenants/acme')).status).toBe(200);
  });
});

describe('secrets stay out of answers and logs', () => {
  let dataDir: string;
  beforeAll(() => {
    buildOnce();
    dataDir = mkdtempSync(join(tmpdir(), 'scim-secrets-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never echoes a presented SCIM or admin token, whether refused with 401 or 429', async () => {
    const service = await startServiceProcess({
      DATA_DIR: dataDir,
      SCIM_BOOTSTRAP_TENANT: 'acme',
      SCIM_BOOTSTRAP_TOKEN: 'bootstrap-token-0123456789',
      ADMIN_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      AUTH_FAILURE_LIMIT_PER_MINUTE: '1',
      LOG_LEVEL: 'debug',
    });
    try {
      const presented = 'presented-secret-4f1c9a7e2b';
      const answers: string[] = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        for (const [url, authorization] of [
          [`${service.origin}/scim/v2/acme/Users`, `Bearer ${presented}`],
          [`${service.origin}/scim/v2/acme/Users`, presented],
          [`${service.origin}/admin/tenants/acme`, `Bearer ${presented}`],
        ] as const) {
          const response = await fetch(url, { headers: { authorization } });
          answers.push(
            `${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`,
          );
        }
      }
      expect(answers.some((answer) => answer.startsWith('401 '))).toBe(true);
      expect(answers.some((answer) => answer.startsWith('429 '))).toBe(true);
      for (const answer of answers) expect(answer).not.toContain(presented);
      expect(service.output()).not.toContain(presented);
      expect(service.output()).not.toContain(sha256(presented));
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });
});
