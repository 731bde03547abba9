import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdminClient } from './support/admin-client.js';
import { startTestService, type TestService } from './support/standalone-harness.js';

const ADMIN_TOKEN = 'admin-bootstrap-token-0123456789abcdef';

let t: TestService;
let admin: AdminClient;

beforeAll(async () => {
  t = await startTestService({ ADMIN_BOOTSTRAP_TOKEN: ADMIN_TOKEN });
  // Without a token: the docs are served openly (they describe routes, hold no data).
  admin = new AdminClient(t.service.origin, undefined);
});
afterAll(async () => {
  await t.stop();
});

const adminRoutes = {
  '/admin/tenants': ['post'],
  '/admin/tenants/{id}': ['get'],
  '/admin/tenants/{id}/idp-preset': ['put'],
  '/admin/tenants/{id}/provisioning': ['put'],
  '/admin/tenants/{id}/deletion-policy': ['put'],
  '/admin/tenants/{id}/group-matching': ['put'],
  '/admin/tenants/{id}/groups': ['get', 'post'],
  '/admin/tenants/{id}/groups/{groupId}': ['get'],
  '/admin/tenants/{id}/schema-extensions': ['post'],
  '/admin/tenants/{id}/schema-extensions/{schemaId}': ['delete'],
  '/admin/tenants/{id}/seat-limit': ['put'],
  '/admin/tenants/{id}/role-rule': ['put'],
  '/admin/tenants/{id}/tokens': ['get', 'post'],
  '/admin/tenants/{id}/tokens/{tokenId}': ['delete'],
  '/admin/tenants/{id}/users/{userId}/erasure': ['post'],
  '/admin/tenants/{id}/endpoints': ['get'],
  '/admin/tenants/{id}/app-registrations': ['get', 'post'],
  '/admin/tenants/{id}/app-registrations/{clientId}': ['delete', 'get', 'put'],
  '/admin/tenants/{id}/app-registrations/{clientId}/secrets': ['post'],
  '/admin/tenants/{id}/app-registrations/{clientId}/secrets/{secretId}': ['delete'],
};
const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

describe('admin API description', () => {
  it('serves an OpenAPI 3 document of every admin route and its methods, and nothing else', async () => {
    const response = await admin.request('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = response.body;
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toEqual(expect.any(String));

    const routes = Object.fromEntries(
      Object.entries(document.paths as Record<string, object>).map(([path, item]) => [
        path,
        Object.keys(item)
          .filter((key) => httpMethods.includes(key))
          .sort(),
      ]),
    );
    expect(routes).toEqual(adminRoutes);
    expect(Object.keys(document.paths).some((path) => /scim|health/i.test(path))).toBe(false);
  });

  it('requires the admin bearer token on every route', async () => {
    const { body: document } = await admin.request('GET', '/openapi.json');
    const [schemeName, scheme] = Object.entries(document.components.securitySchemes)[0]!;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const item of Object.values(document.paths as Record<string, Record<string, any>>)) {
      for (const operation of Object.values(item)) {
        expect(operation.security).toContainEqual({ [schemeName]: [] });
        expect(operation.responses['401']).toBeDefined();
      }
    }
  });

  it('describes bodies and answers: the token shown once, 204 without body, SCIM errors', async () => {
    const { body: document } = await admin.request('GET', '/openapi.json');
    const issue = document.paths['/admin/tenants/{id}/tokens'].post;
    expect(
      issue.responses['201'].content['application/json'].schema.properties.token,
    ).toBeDefined();
    expect(issue.requestBody.content['application/json'].schema.properties).toHaveProperty(
      'expiresAt',
    );

    const register = document.paths['/admin/tenants'].post;
    expect(register.requestBody.content['application/json'].schema.required).toEqual([
      'id',
      'name',
    ]);
    const conflict = register.responses['409'].content['application/json'].schema;
    expect(conflict.required).toEqual(['schemas', 'status', 'detail']);
    expect(register.responses['400']).toBeDefined();

    const revoke = document.paths['/admin/tenants/{id}/tokens/{tokenId}'].delete;
    expect(revoke.responses['204'].content).toBeUndefined();
    expect(revoke.responses['404']).toBeDefined();
  });

  it('serves Swagger UI at /admin/docs', async () => {
    const response = await fetch(`${t.service.origin}/admin/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('swagger-ui');
  });

  it('still answers the documented routes 401 without the token', async () => {
    expect((await admin.request('GET', '/tenants/acme')).status).toBe(401);
  });
});
