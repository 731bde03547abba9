import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from './support/standalone-harness.js';

let t: TestService;

beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.stop();
});

describe('concurrent IdP traffic', () => {
  it('twelve concurrent POSTs of one userName give exactly one 201 and eleven 409s', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.scim.createUser(i % 2 === 0 ? 'race@example.com' : 'RACE@example.com'),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(11).fill(409)]);
    const listed = await t.scim.request(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "race@example.com"')}`,
    );
    expect(listed.body.totalResults).toBe(1);
  });

  it('twelve concurrent POSTs of one group displayName give exactly one 201 and eleven 409s', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.scim.createGroup(i % 2 === 0 ? 'Race Team' : 'RACE TEAM'),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(11).fill(409)]);
    for (const refused of responses.filter((r) => r.status === 409))
      expect(refused.body.scimType).toBe('uniqueness');
    const listed = await t.scim.request(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "race team"')}`,
    );
    expect(listed.body.totalResults).toBe(1);
  });

  it('twenty concurrent PATCHes adding different members to one group leave all twenty members', async () => {
    const users = await Promise.all(
      Array.from({ length: 20 }, (_, i) => t.scim.createUser(`concurrent${i}@example.com`)),
    );
    const ids = users.map((u) => u.body.id as string);
    const { body: group } = await t.scim.createGroup('Everyone');
    const patches = await Promise.all(
      ids.map((id) =>
        t.scim.patch(`/Groups/${group.id}?excludedAttributes=members`, [
          { op: 'add', path: 'members', value: [{ value: id }] },
        ]),
      ),
    );
    expect(patches.map((p) => p.status)).toEqual(Array<number>(20).fill(200));
    const read = await t.scim.request('GET', `/Groups/${group.id}`);
    expect(read.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [...ids].sort(),
    );
    expect(read.body.meta.version).toBe('W/"20"');
  });

  it('a POST followed at once by a filter GET finds the new user, every time', async () => {
    for (let i = 0; i < 50; i++) {
      const userName = `ryw${i}@example.com`;
      expect((await t.scim.createUser(userName)).status).toBe(201);
      const found = await t.scim.request(
        'GET',
        `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
      );
      expect(found.body.totalResults).toBe(1);
    }
  });
});
