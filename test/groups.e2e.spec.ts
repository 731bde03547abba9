import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from './support/standalone-harness.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
let t: TestService;
const userIds: string[] = [];

beforeAll(async () => {
  t = await startTestService();
  for (let i = 0; i < 5; i++)
    userIds.push(
      (await t.scim.createUser(`member${i}@example.com`, { displayName: `Member ${i}` })).body.id,
    );
});
afterAll(async () => {
  await t.stop();
});

describe('SCIM /Groups on the standalone service', () => {
  it('creates a group with members, filled in with $ref and type', async () => {
    const created = await t.scim.createGroup('Engineering', [userIds[0]!, userIds[1]!]);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${t.scim.baseUrl}/Groups/${created.body.id}`);
    expect(created.body).toMatchObject({
      schemas: [GROUP],
      displayName: 'Engineering',
      meta: { resourceType: 'Group', version: 'W/"1"' },
    });
    expect(created.body.members).toEqual(
      expect.arrayContaining([
        {
          value: userIds[0],
          type: 'User',
          $ref: `${t.scim.baseUrl}/Users/${userIds[0]}`,
        },
        {
          value: userIds[1],
          type: 'User',
          $ref: `${t.scim.baseUrl}/Users/${userIds[1]}`,
        },
      ]),
    );
    const user = await t.scim.request('GET', `/Users/${userIds[0]}`);
    expect(user.body.groups).toEqual([
      expect.objectContaining({ value: created.body.id, display: 'Engineering' }),
    ]);
  });

  it('adds and removes members with PATCH (200 with the group on the generic preset), and renames', async () => {
    const { body: group } = await t.scim.createGroup('Sales', [userIds[0]!]);
    const add = await t.scim.patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: [{ value: userIds[2] }, { value: userIds[3] }] },
    ]);
    expect(add.status).toBe(200);
    expect(add.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [userIds[0], userIds[2], userIds[3]].sort(),
    );
    const remove = await t.scim.patch(`/Groups/${group.id}`, [
      { op: 'remove', path: `members[value eq "${userIds[0]}"]` },
    ]);
    expect(remove.status).toBe(200);
    const rename = await t.scim.patch(`/Groups/${group.id}`, [
      { op: 'replace', path: 'displayName', value: 'Sales EMEA' },
    ]);
    expect(rename.status).toBe(200);
    expect(rename.body.displayName).toBe('Sales EMEA');

    const read = await t.scim.request('GET', `/Groups/${group.id}`);
    expect(read.body.displayName).toBe('Sales EMEA');
    expect(read.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [userIds[2], userIds[3]].sort(),
    );
    const withoutMembers = await t.scim.request(
      'GET',
      `/Groups/${group.id}?excludedAttributes=members`,
    );
    expect(withoutMembers.body.members).toBeUndefined();
  });

  it('appends nothing when Okta re-sends the same name and members', async () => {
    const { body: group } = await t.scim.createGroup('Support', [userIds[4]!]);
    const resend = await t.scim.patch(`/Groups/${group.id}`, [
      { op: 'replace', value: { id: group.id, displayName: 'Support' } },
      { op: 'add', path: 'members', value: [{ value: userIds[4] }] },
    ]);
    expect(resend.status).toBe(200);
    expect(resend.headers.get('etag')).toBe(group.meta.version);
  });

  it('filters groups by displayName and replaces a group with PUT', async () => {
    const { body: group } = await t.scim.createGroup('Finance', [userIds[0]!]);
    const found = await t.scim.request(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "finance"')}&excludedAttributes=members`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(group.id);

    const put = await t.scim.request('PUT', `/Groups/${group.id}`, {
      schemas: [GROUP],
      displayName: 'Finance',
      members: [{ value: userIds[1] }],
    });
    expect(put.status).toBe(200);
    expect(put.body.members.map((m: { value: string }) => m.value)).toEqual([userIds[1]]);
  });

  it('skips member ids that name nothing in the tenant and adds the others', async () => {
    const { body: group } = await t.scim.createGroup('Legal');
    const added = await t.scim.patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: [{ value: userIds[0] }, { value: 'no-such-user' }] },
    ]);
    expect(added.status).toBe(200);
    const read = await t.scim.request('GET', `/Groups/${group.id}`);
    expect(read.body.members.map((m: { value: string }) => m.value)).toEqual([userIds[0]]);
  });

  it('rejects a malformed member entry, writing nothing', async () => {
    const { body: group } = await t.scim.createGroup('Audit');
    const bad = await t.scim.patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: [{ value: userIds[0] }, { display: 'no value' }] },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe('invalidValue');
    const read = await t.scim.request('GET', `/Groups/${group.id}`);
    expect(read.body.members ?? []).toEqual([]);
    expect(read.body.meta.version).toBe(group.meta.version);
  });

  it('deletes a group, and removing a user takes it out of its groups', async () => {
    const { body: user } = await t.scim.createUser('leaver@example.com');
    const { body: group } = await t.scim.createGroup('Temp', [user.id, userIds[0]!]);
    expect((await t.scim.request('DELETE', `/Users/${user.id}`)).status).toBe(204);
    const read = await t.scim.request('GET', `/Groups/${group.id}`);
    expect(read.body.members.map((m: { value: string }) => m.value)).toEqual([userIds[0]]);
    expect((await t.scim.request('DELETE', `/Groups/${group.id}`)).status).toBe(204);
    expect((await t.scim.request('GET', `/Groups/${group.id}`)).status).toBe(404);
  });
});
