import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AdminClient } from './support/admin-client.js';
import { clientCredentials, registerApp } from './support/oauth-client.js';
import { ScimClient } from './support/scim-client.js';
import { startAdminTestService, type AdminTestService } from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Tenant {
  readonly id: string;
  readonly baseUrl: string;
  /** A static token and an OAuth access token of the tenant, by name. */
  readonly credentials: Record<'static token' | 'OAuth access token', string>;
  readonly userId: string;
  readonly groupId: string;
}

let t: AdminTestService;
let a: Tenant;
let b: Tenant;

async function tenant(id: string, admin: AdminClient): Promise<Tenant> {
  const withToken = await admin.tenantWithToken(id);
  const staticToken = withToken.token;
  const app = await registerApp(admin, id);
  const oauth = (await clientCredentials(app, app.clientSecret)).body['access_token'] as string;
  const scim = new ScimClient(withToken.baseUrl, staticToken);
  // The same userName and displayName in both tenants: each tenant has its own namespace.
  const user = await scim.request('POST', '/Users', {
    schemas: [USER],
    userName: 'ada@example.com',
  });
  expect(user.status).toBe(201);
  const group = await scim.request('POST', '/Groups', {
    schemas: [GROUP],
    displayName: 'Engineering',
    members: [{ value: user.body.id }],
  });
  expect(group.status).toBe(201);
  return {
    id,
    baseUrl: withToken.baseUrl,
    credentials: { 'static token': staticToken, 'OAuth access token': oauth },
    userId: user.body.id,
    groupId: group.body.id,
  };
}

beforeAll(async () => {
  // Every refused request counts as a failed authentication; this test makes many on purpose.
  t = await startAdminTestService({ AUTH_FAILURE_LIMIT_PER_MINUTE: '1000' });
  a = await tenant('isolation-a', t.admin);
  b = await tenant('isolation-b', t.admin);
});
afterAll(async () => {
  await t.stop();
});

/** Every SCIM route, with the ids of `target`'s resources and a body it would accept. */
function everyRoute(target: Tenant): [string, string, unknown?][] {
  const replaceUser = { schemas: [USER], userName: 'mallory@example.com' };
  const deactivate = {
    schemas: [PATCH],
    Operations: [{ op: 'replace', path: 'active', value: false }],
  };
  const rename = {
    schemas: [PATCH],
    Operations: [{ op: 'replace', path: 'displayName', value: 'x' }],
  };
  return [
    ['GET', '/Users'],
    ['POST', '/Users', { schemas: [USER], userName: 'mallory@example.com' }],
    ['GET', `/Users/${target.userId}`],
    ['PUT', `/Users/${target.userId}`, replaceUser],
    ['PATCH', `/Users/${target.userId}`, deactivate],
    ['DELETE', `/Users/${target.userId}`],
    [
      'POST',
      '/Users/.search',
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] },
    ],
    ['GET', '/Groups'],
    ['POST', '/Groups', { schemas: [GROUP], displayName: 'Mallory' }],
    ['GET', `/Groups/${target.groupId}`],
    ['PUT', `/Groups/${target.groupId}`, { schemas: [GROUP], displayName: 'x' }],
    ['PATCH', `/Groups/${target.groupId}`, rename],
    ['DELETE', `/Groups/${target.groupId}`],
    [
      'POST',
      '/Groups/.search',
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] },
    ],
    ['POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] }],
    ['GET', '/ServiceProviderConfig'],
    ['GET', '/ResourceTypes'],
    ['GET', '/ResourceTypes/User'],
    ['GET', '/Schemas'],
    ['GET', `/Schemas/${USER}`],
  ];
}

async function unchanged(target: Tenant): Promise<void> {
  const scim = new ScimClient(target.baseUrl, target.credentials['static token']);
  const user = await scim.request('GET', `/Users/${target.userId}`);
  expect(user.status).toBe(200);
  expect(user.body).toMatchObject({ userName: 'ada@example.com', active: true });
  expect(user.body.meta.version).toBe('W/"0"');
  const group = await scim.request('GET', `/Groups/${target.groupId}`);
  expect(group.body).toMatchObject({
    displayName: 'Engineering',
    members: [expect.objectContaining({ value: target.userId })],
  });
}

describe.each(['static token', 'OAuth access token'] as const)(
  "a tenant's %s never reaches another tenant",
  (credential) => {
    it("is refused with 401 on every route of the other tenant's base URL", async () => {
      const intruder = new ScimClient(b.baseUrl, a.credentials[credential]);
      for (const [method, path, body] of everyRoute(b)) {
        const answer = await intruder.request(method, path, body);
        expect([method, path, answer.status]).toEqual([method, path, 401]);
      }
      await unchanged(b);
    });

    it("finds none of the other tenant's ids under its own base URL", async () => {
      const own = new ScimClient(a.baseUrl, a.credentials[credential]);
      const byId = everyRoute(b).filter(
        ([, path]) => path.includes(b.userId) || path.includes(b.groupId),
      );
      for (const [method, path, body] of byId) {
        const answer = await own.request(method, path, body);
        expect([method, path, answer.status]).toEqual([method, path, 404]);
      }
      const found = await own.request('GET', '/Users?filter=userName%20eq%20%22ada@example.com%22');
      expect(found.body.Resources.map((user: { id: string }) => user.id)).toEqual([a.userId]);
      // A member id of another tenant is not a member here: it is skipped, never linked.
      const linked = await own.request('PATCH', `/Groups/${a.groupId}`, {
        schemas: [PATCH],
        Operations: [{ op: 'add', path: 'members', value: [{ value: b.userId }] }],
      });
      expect(linked.status).toBeLessThan(300);
      const members = await own.request('GET', `/Groups/${a.groupId}?attributes=members`);
      expect(members.body.members.map((m: { value: string }) => m.value)).toEqual([a.userId]);
      await unchanged(b);
    });
  },
);
