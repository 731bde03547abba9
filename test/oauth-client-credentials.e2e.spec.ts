import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AdminClient } from './support/admin-client.js';
import {
  type ClientAuthStyle,
  clientCredentials,
  type CreatedAppRegistration,
  postForm,
  registerApp,
} from './support/oauth-client.js';
import { ScimClient } from './support/scim-client.js';
import { type AdminTestService, startAdminTestService } from './support/standalone-harness.js';

let t: AdminTestService;
let admin: AdminClient;

beforeAll(async () => {
  t = await startAdminTestService();
  admin = t.admin;
});
afterAll(async () => {
  await t.stop();
});

async function tenantWithApp(
  tenant: string,
  body?: Record<string, unknown>,
): Promise<CreatedAppRegistration> {
  expect((await admin.createTenant(tenant)).status).toBe(201);
  return registerApp(admin, tenant, body);
}

async function accessToken(
  app: CreatedAppRegistration,
  secret = app.clientSecret,
  style: ClientAuthStyle = 'basic',
): Promise<string> {
  const answer = await clientCredentials(app, secret, style);
  expect(answer.status).toBe(200);
  return answer.body['access_token'] as string;
}

const scimWith = (app: CreatedAppRegistration, token: string) =>
  new ScimClient(app.endpoints.scimBaseUrl, token);

describe('application registrations', () => {
  it('show the client secret once, keep only its hash, and list what to enter in the IdP', async () => {
    const app = await tenantWithApp('cc-register');
    const origin = t.service.origin;
    expect(app).toMatchObject({
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      name: 'Entra ID',
      redirectUris: [],
      accessTokenLifetimeMinutes: 60,
      endpoints: {
        scimBaseUrl: `${origin}/scim/v2/cc-register`,
        authorizationEndpoint: `${origin}/oauth/authorize`,
        tokenEndpoint: `${origin}/oauth/token`,
        revocationEndpoint: `${origin}/oauth/token/revocation`,
      },
    });
    const listed = await admin.request('GET', '/tenants/cc-register/app-registrations');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(app.clientSecret);
    expect(listed.body.appRegistrations).toEqual([
      expect.objectContaining({
        clientId: app.clientId,
        secrets: [expect.objectContaining({ id: app.secretId, active: true, revoked: false })],
      }),
    ]);
    const endpoints = await admin.request('GET', '/tenants/cc-register/endpoints');
    expect(endpoints.body).toEqual(app.endpoints);
  });

  it('refuse bad settings with a detail that says what to send', async () => {
    expect((await admin.createTenant('cc-checks')).status).toBe(201);
    const create = (body: unknown) =>
      admin.request('POST', '/tenants/cc-checks/app-registrations', body);
    const cases: [unknown, RegExp][] = [
      [{}, /"name" is required/],
      [{ name: 'x', accessTokenLifetimeMinutes: 720 }, /from 5 to 360/],
      [{ name: 'x', redirectUris: ['http://idp.example/cb'] }, /must use https/],
      [{ name: 'x', redirectUris: 'https://idp.example/cb' }, /must be an array of URLs/],
      [{ name: 'x', oktaAppName: 'a/b' }, /oktaAppName/],
    ];
    for (const [body, detail] of cases) {
      const answer = await create(body);
      expect(answer.status).toBe(400);
      expect(answer.body.detail).toMatch(detail);
    }
    expect(
      (await admin.request('POST', '/tenants/nope/app-registrations', { name: 'x' })).status,
    ).toBe(404);
  });

  it("expand Okta's app name into its five documented callback URLs", async () => {
    const app = await tenantWithApp('cc-okta-uris', { name: 'Okta', oktaAppName: 'acmescim' });
    expect(app.redirectUris).toEqual([
      'https://system-admin.okta.com/admin/app/cpc/acmescim/oauth/callback',
      'https://system-admin.okta-emea.com/admin/app/cpc/acmescim/oauth/callback',
      'https://system-admin.oktapreview.com/admin/app/cpc/acmescim/oauth/callback',
      'https://system-admin.trexcloud.com/admin/app/cpc/acmescim/oauth/callback',
      'http://system-admin.okta1.com:1802/admin/app/cpc/acmescim/oauth/callback',
    ]);
  });
});

describe('client credentials grant (Entra ID, PingOne)', () => {
  it.each<[string, ClientAuthStyle]>([
    ['client_secret_basic (Entra "Header", PingOne "Client Secret Basic")', 'basic'],
    ['client_secret_post (Entra "Body", PingOne "Client Secret Post")', 'post'],
    ['both at once (Entra "Both")', 'both'],
  ])('issues a Bearer token with %s that provisions users', async (_name, style) => {
    const app = await tenantWithApp(`cc-${style}`);
    const answer = await clientCredentials(app, app.clientSecret, style);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43,}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: undefined === answer.body['scope'] ? undefined : expect.any(String),
    });
    const scim = scimWith(app, answer.body['access_token'] as string);
    const created = await scim.request('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `ada-${style}@example.com`,
    });
    expect(created.status).toBe(201);
    expect((await scim.request('GET', `/Users/${created.body.id}`)).status).toBe(200);
  });

  it('gives tokens the lifetime the admin chose, within what Entra accepts', async () => {
    const app = await tenantWithApp('cc-lifetime', {
      name: 'Entra',
      accessTokenLifetimeMinutes: 360,
    });
    const answer = await clientCredentials(app, app.clientSecret);
    expect(answer.body['expires_in']).toBe(21600);
  });

  it('grants the scim scope when asked and ignores scopes it does not know', async () => {
    // Entra and PingOne let admins type any scope; refusing one would only break the connection.
    const app = await tenantWithApp('cc-scope');
    const scoped = await clientCredentials(app, app.clientSecret, 'post', { scope: 'scim' });
    expect(scoped.status).toBe(200);
    expect(scoped.body['scope']).toBe('scim');
    const unknown = await clientCredentials(app, app.clientSecret, 'post', { scope: 'admin' });
    expect(unknown.status).toBe(200);
    expect(unknown.body['scope']).toBeUndefined();
  });

  it('refuses a wrong secret and an unknown client with invalid_client', async () => {
    const app = await tenantWithApp('cc-wrong');
    const wrong = await clientCredentials(app, `${app.clientSecret.slice(0, -1)}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body['error']).toBe('invalid_client');
    const unknown = await clientCredentials(
      { ...app, clientId: crypto.randomUUID() },
      app.clientSecret,
      'post',
    );
    expect(unknown.status).toBe(401);
  });

  it("never lets one tenant's token read or write another tenant", async () => {
    const a = await tenantWithApp('cc-tenant-a');
    const b = await tenantWithApp('cc-tenant-b');
    const tokenOfA = await accessToken(a);
    const intoB = new ScimClient(b.endpoints.scimBaseUrl, tokenOfA);
    for (const [method, path] of [
      ['GET', '/Users'],
      ['POST', '/Users'],
      ['GET', '/Groups'],
      ['POST', '/Groups'],
      ['POST', '/.search'],
      ['GET', '/ServiceProviderConfig'],
    ] as const) {
      const answer = await intoB.request(method, path, method === 'POST' ? {} : undefined);
      expect([method, path, answer.status]).toEqual([method, path, 401]);
    }
  });
});

describe('secret rotation and revocation', () => {
  it('keeps the old secret working through the overlap window, beside the new one', async () => {
    const app = await tenantWithApp('cc-rotate-overlap');
    const rotated = await admin.request(
      'POST',
      `/tenants/cc-rotate-overlap/app-registrations/${app.clientId}/secrets`,
      { overlapMinutes: 60 },
    );
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({
      secretId: expect.any(String),
      clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      previousSecretsRetireAt: expect.any(String),
    });
    expect((await clientCredentials(app, app.clientSecret)).status).toBe(200);
    expect((await clientCredentials(app, rotated.body.clientSecret)).status).toBe(200);
    const shown = await admin.request(
      'GET',
      `/tenants/cc-rotate-overlap/app-registrations/${app.clientId}`,
    );
    expect(shown.body.secrets).toEqual([
      expect.objectContaining({
        id: app.secretId,
        retiresAt: rotated.body.previousSecretsRetireAt,
        active: true,
      }),
      expect.objectContaining({ id: rotated.body.secretId, active: true }),
    ]);
  });

  it('ends the old secret at once with a zero overlap', async () => {
    const app = await tenantWithApp('cc-rotate-now');
    const rotated = await admin.request(
      'POST',
      `/tenants/cc-rotate-now/app-registrations/${app.clientId}/secrets`,
      { overlapMinutes: 0 },
    );
    expect((await clientCredentials(app, app.clientSecret)).status).toBe(401);
    expect((await clientCredentials(app, rotated.body.clientSecret)).status).toBe(200);
  });

  it('refuses a revoked secret at the next token request', async () => {
    const app = await tenantWithApp('cc-revoke-secret');
    expect((await clientCredentials(app, app.clientSecret)).status).toBe(200);
    const revoked = await admin.request(
      'DELETE',
      `/tenants/cc-revoke-secret/app-registrations/${app.clientId}/secrets/${app.secretId}`,
    );
    expect(revoked.status).toBe(204);
    const refused = await clientCredentials(app, app.clientSecret);
    expect(refused.status).toBe(401);
    expect(refused.body['error']).toBe('invalid_client');
  });

  it('refuses every token of a deleted registration', async () => {
    const app = await tenantWithApp('cc-delete');
    const scim = scimWith(app, await accessToken(app));
    expect((await scim.request('GET', '/Users')).status).toBe(200);
    const deleted = await admin.request(
      'DELETE',
      `/tenants/cc-delete/app-registrations/${app.clientId}`,
    );
    expect(deleted.status).toBe(204);
    expect((await scim.request('GET', '/Users')).status).toBe(401);
    expect((await clientCredentials(app, app.clientSecret)).status).toBe(401);
  });

  it('revokes an access token through the revocation endpoint (RFC 7009)', async () => {
    const app = await tenantWithApp('cc-revoke-token');
    const token = await accessToken(app);
    const scim = scimWith(app, token);
    expect((await scim.request('GET', '/Users')).status).toBe(200);
    const revoked = await postForm(
      app.endpoints.revocationEndpoint,
      { token },
      { id: app.clientId, secret: app.clientSecret, style: 'basic' },
    );
    expect(revoked.status).toBe(200);
    expect((await scim.request('GET', '/Users')).status).toBe(401);
  });

  it("answers another tenant's client id as unknown on every admin route", async () => {
    const a = await tenantWithApp('cc-admin-a');
    expect((await admin.createTenant('cc-admin-b')).status).toBe(201);
    const base = `/tenants/cc-admin-b/app-registrations/${a.clientId}`;
    for (const [method, path, body] of [
      ['GET', base, undefined],
      ['PUT', base, { name: 'x' }],
      ['DELETE', base, undefined],
      ['POST', `${base}/secrets`, {}],
      ['DELETE', `${base}/secrets/${a.secretId}`, undefined],
    ] as const) {
      expect([method, path, (await admin.request(method, path, body)).status]).toEqual([
        method,
        path,
        404,
      ]);
    }
    expect((await clientCredentials(a, a.clientSecret)).status).toBe(200);
  });
});
