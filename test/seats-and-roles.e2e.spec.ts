import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type AdminClient } from './support/admin-client.js';
import { type ScimClient } from './support/scim-client.js';
import { type AdminTestService, startAdminTestService } from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const DOCUMENT360 = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';
const IS_TEAM_ACCOUNT = `${DOCUMENT360}:isTeamAccount`;

let t: AdminTestService;
let admin: AdminClient;

beforeAll(async () => {
  t = await startAdminTestService();
  admin = t.admin;
});
afterAll(async () => {
  await t.stop();
});

const setSeatLimit = (tenant: string, limit: unknown) =>
  admin.request('PUT', `/tenants/${tenant}/seat-limit`, { limit });
const createUser = (scim: ScimClient, userName: string) =>
  scim.request('POST', '/Users', { schemas: [USER], userName });
const totalUsers = async (scim: ScimClient) =>
  (await scim.request('GET', '/Users?count=0')).body.totalResults as number;

describe('seat limit', () => {
  it('counts users created before the limit, refuses the one beyond it with 403 and writes nothing', async () => {
    const scim = await admin.tenantWithToken('seats-full');
    expect((await createUser(scim, 'before@example.com')).status).toBe(201);
    const set = await setSeatLimit('seats-full', 2);
    expect(set.status).toBe(200);
    expect(set.body.seatLimit).toBe(2);
    expect((await createUser(scim, 'second@example.com')).status).toBe(201);

    const refused = await createUser(scim, 'third@example.com');
    expect(refused.status).toBe(403);
    expect(refused.body.scimType).toBeUndefined();
    expect(refused.body.detail).toMatch(
      /seats-full has used all 2 seats; an administrator can raise/,
    );
    expect(await totalUsers(scim)).toBe(2);
    expect((await createUser(scim, 'third@example.com')).status).toBe(403);
  });

  it('lets exactly the seats left succeed among concurrent creates', async () => {
    const scim = await admin.tenantWithToken('seats-race');
    expect((await setSeatLimit('seats-race', 5)).status).toBe(200);
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, n) => createUser(scim, `racer${n}@example.com`)),
    ).then((responses) => responses.map((response) => response.status));
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 403)).toHaveLength(7);
    expect(await totalUsers(scim)).toBe(5);
  });

  it('frees a seat on delete, and lifting the limit lets creates through', async () => {
    const scim = await admin.tenantWithToken('seats-free');
    expect((await setSeatLimit('seats-free', 1)).status).toBe(200);
    const first = await createUser(scim, 'first@example.com');
    expect(first.status).toBe(201);
    expect((await createUser(scim, 'second@example.com')).status).toBe(403);
    expect((await scim.request('DELETE', `/Users/${first.body.id}`)).status).toBe(204);
    expect((await createUser(scim, 'second@example.com')).status).toBe(201);

    expect((await setSeatLimit('seats-free', null)).status).toBe(200);
    expect((await createUser(scim, 'third@example.com')).status).toBe(201);
  });

  it('refuses a limit that is not a positive whole number, saying what to send', async () => {
    await admin.tenantWithToken('seats-bad');
    for (const limit of [0, -3, 2.5, '5']) {
      const response = await setSeatLimit('seats-bad', limit);
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/positive whole number of seats, or null/);
    }
  });
});

/** The user's events as a downstream consumer reads them: straight from the event store. */
function userEvents(tenant: string, userId: string): { type: string; data: any }[] {
  const db = new DatabaseSync(join(t.dataDir, 'events.sqlite'), { readOnly: true });
  try {
    const rows = db
      .prepare('SELECT type, data FROM events WHERE stream_id = ? ORDER BY revision')
      .all(`user-${tenant}:${userId}`) as { type: string; data: string }[];
    return rows.map((row) => ({ type: row.type, data: JSON.parse(row.data) }));
  } finally {
    db.close();
  }
}

describe('role rule', () => {
  const setRoleRule = (tenant: string, rule: unknown) =>
    admin.request('PUT', `/tenants/${tenant}/role-rule`, rule);
  const rule = { attribute: IS_TEAM_ACCOUNT, whenTrue: 'team', whenFalse: 'member' };
  let scim: ScimClient;

  beforeAll(async () => {
    scim = await admin.tenantWithToken('roles');
    const registered = await admin.request('POST', '/tenants/roles/schema-extensions', {
      resourceType: 'User',
      schema: {
        id: DOCUMENT360,
        name: 'Document360User',
        attributes: [
          { name: 'isTeamAccount', type: 'boolean' },
          { name: 'team', type: 'string' },
        ],
      },
    });
    expect(registered.status).toBe(201);
  });

  it('refuses an attribute that is not a registered boolean, saying what to fix', async () => {
    const unknown = await setRoleRule('roles', { ...rule, attribute: `${DOCUMENT360}:isAdmin` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/no attribute "isAdmin"; name one of isTeamAccount, team/);
    const text = await setRoleRule('roles', { ...rule, attribute: `${DOCUMENT360}:team` });
    expect(text.status).toBe(400);
    expect(text.body.detail).toMatch(/single-valued boolean attribute/);
  });

  it('shows the rule on the tenant and records each user role in its events', async () => {
    const set = await setRoleRule('roles', rule);
    expect(set.status).toBe(200);
    expect(set.body.roleRule).toEqual(rule);
    expect((await admin.request('GET', '/tenants/roles')).body.roleRule).toEqual(rule);

    const teamUser = await scim.request('POST', '/Users', {
      schemas: [USER, DOCUMENT360],
      userName: 'team@example.com',
      [DOCUMENT360]: { isTeamAccount: true },
    });
    const member = await scim.request('POST', '/Users', {
      schemas: [USER],
      userName: 'member@example.com',
    });
    expect([teamUser.status, member.status]).toEqual([201, 201]);
    expect(userEvents('roles', teamUser.body.id)[0]?.data.role).toBe('team');
    expect(userEvents('roles', member.body.id)[0]?.data.role).toBe('member');

    const flipped = await scim.request('PATCH', `/Users/${member.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: IS_TEAM_ACCOUNT, value: true }],
    });
    expect(flipped.status).toBe(200);
    expect(userEvents('roles', member.body.id).at(-1)).toEqual({
      type: 'UserRoleChanged',
      data: { userId: member.body.id, from: 'member', to: 'team' },
    });
  });

  it('removes the rule with null', async () => {
    const removed = await setRoleRule('roles', null);
    expect(removed.status).toBe(200);
    expect(removed.body.roleRule).toBeNull();
  });
});
