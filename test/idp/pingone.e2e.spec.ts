/**
 * PingOne SCIM Outbound (idp-behavior.md §3): filter templates with mixed-case attributes and
 * capitalised operators, PUT for every user update, Disable or Delete as remove action, group
 * lookup by listing every group, membership PATCH in Merge (deltas) and Overwrite (full set).
 * Ping publishes no wire captures: these follow its configuration docs and PF-SCIM.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestService } from '../support/standalone-harness.js';
import { filterQuery, type IdpClient } from './support/idp-client.js';
import { pingClient, startIdpService } from './support/idp-profiles.js';
import {
  expectListResponse,
  expectPatched,
  expectResource,
  expectScimError,
  expectStatus,
  GROUP,
  memberIds,
  unique,
  USER,
} from './support/scim-expect.js';

let t: TestService;
let ping: IdpClient;

beforeAll(async () => {
  t = await startIdpService('ping');
  ping = pingClient(t);
});
afterAll(async () => {
  await t?.stop();
});

function pingUser(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName,
    name: { givenName: 'Pat', familyName: 'Ping' },
    emails: [{ value: userName, type: 'work', primary: true }],
    displayName: 'Pat Ping',
    title: 'Analyst',
    active: true,
    ...extra,
  };
}

const users = (filter: string) => `/Users?${filterQuery(filter)}`;

describe('PingOne: users', () => {
  const userName = `${unique('pat.')}@pingdemo.com`;
  let user: any;

  it('lookup with the default template username Eq "x" (mixed case) answers 200 and no user', async () => {
    expectListResponse(await ping.get(users(`username Eq "${userName}"`)), 0);
  });

  it('create: POST /Users with application/json answers 201', async () => {
    user = expectResource(await ping.post('/Users', pingUser(userName)), 201, USER);
    expect(user).toMatchObject({ userName, active: true, title: 'Analyst' });
  });

  it('username Eq "x" finds the user', async () => {
    const found = expectListResponse(await ping.get(users(`username Eq "${userName}"`)), 1);
    expect(found[0].id).toBe(user.id);
  });

  it('workEmail template emails eq "x" matches on emails.value', async () => {
    const found = expectListResponse(await ping.get(users(`emails eq "${userName}"`)), 1);
    expect(found[0].id).toBe(user.id);
  });

  it('a capitalised Co on a real attribute (emails Co "part") is supported', async () => {
    const part = userName.slice(0, userName.indexOf('@'));
    const found = expectListResponse(await ping.get(users(`emails Co "${part}"`)), 1);
    expect(found[0].id).toBe(user.id);
  });

  it('PingOne\'s own example email Co "x": "email" is no attribute, so a clear 400 invalidFilter (or a real match)', async () => {
    const res = await ping.get(users(`email Co "${userName}"`));
    if (res.status === 200) {
      // Supported as an alias of emails.value: then it must really match, not answer 0.
      expect(expectListResponse(res, 1)[0].id).toBe(user.id);
      return;
    }
    expectScimError(res, 400, 'invalidFilter');
    expect(res.body.detail).toMatch(/email/);
  });

  it('update: PUT of the mapped attributes (no id, no meta) answers 200 and replaces', async () => {
    const res = await ping.put(
      `/Users/${user.id}`,
      pingUser(userName, { name: { givenName: 'Patricia', familyName: 'Ping' }, title: 'Lead' }),
    );
    const updated = expectResource(res, 200, USER);
    expect(updated).toMatchObject({
      id: user.id,
      userName,
      title: 'Lead',
      name: { givenName: 'Patricia', familyName: 'Ping' },
    });
    const read = expectResource(await ping.get(`/Users/${user.id}`), 200, USER);
    expect(read).toMatchObject({ title: 'Lead', name: { givenName: 'Patricia' } });
  });

  it('REMOVE_ACTION Disable: PUT with active:false keeps the user readable and filterable', async () => {
    const res = await ping.put(
      `/Users/${user.id}`,
      pingUser(userName, { name: { givenName: 'Patricia', familyName: 'Ping' }, active: false }),
    );
    expect(expectResource(res, 200, USER).active).toBe(false);
    const found = expectListResponse(await ping.get(users(`username Eq "${userName}"`)), 1);
    expect(found[0]).toMatchObject({ id: user.id, active: false });
  });

  it('REMOVE_ACTION Delete: DELETE /Users/{id} answers 204, then 404 and no filter hit', async () => {
    const res = await ping.delete(`/Users/${user.id}`);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectScimError(await ping.get(`/Users/${user.id}`), 404);
    expectListResponse(await ping.get(users(`username Eq "${userName}"`)), 0);
  });
});

describe('PingOne: groups', () => {
  const members: any[] = [];
  const groupNames: string[] = [];
  let group: any;

  beforeAll(async () => {
    for (let i = 0; i < 4; i++) {
      const res = await ping.post('/Users', pingUser(`${unique(`member${i}.`)}@pingdemo.com`));
      members.push(expectResource(res, 201, USER));
    }
    for (let i = 0; i < 12; i++) {
      const displayName = unique(`ping-group-${i}-`);
      const res = await ping.post('/Groups', { schemas: [GROUP], displayName });
      expectResource(res, 201, GROUP);
      groupNames.push(displayName);
    }
  });

  it('lookup lists all groups: pages of count=5 cover each group once, totalResults stable', async () => {
    const seen: string[] = [];
    const ids: string[] = [];
    let total: number | undefined;
    for (let startIndex = 1; total === undefined || startIndex <= total; startIndex += 5) {
      const res = await ping.get(`/Groups?startIndex=${startIndex}&count=5`);
      const page = expectListResponse(res);
      expect(res.body.startIndex).toBe(startIndex);
      expect(page.length).toBeLessThanOrEqual(5);
      total ??= res.body.totalResults as number;
      expect(res.body.totalResults).toBe(total);
      seen.push(...page.map((g) => g.displayName as string));
      ids.push(...page.map((g) => g.id as string));
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen).toEqual(expect.arrayContaining(groupNames));
  });

  it('lookup lists all groups: GET /Groups without paging parameters returns every group', async () => {
    const res = await ping.get('/Groups');
    const all = expectListResponse(res);
    expect(res.body.totalResults).toBe(all.length);
    expect(all.map((g) => g.displayName)).toEqual(expect.arrayContaining(groupNames));
  });

  it('create: POST /Groups answers 201', async () => {
    const res = await ping.post('/Groups', {
      schemas: [GROUP],
      displayName: unique('Ping Team '),
      members: [{ value: members[0].id }],
    });
    group = expectResource(res, 201, GROUP);
    expect(memberIds(group)).toEqual([members[0].id]);
  });

  it('GROUP_MEMBERSHIP_HANDLING Merge: PATCH add and remove deltas', async () => {
    const res = await ping.patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: [{ value: members[1].id }, { value: members[2].id }] },
      { op: 'remove', path: `members[value eq "${members[0].id}"]` },
    ]);
    expectPatched(res, GROUP);
    const read = expectResource(await ping.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual([members[1].id, members[2].id].sort());
  });

  it('GROUP_MEMBERSHIP_HANDLING Overwrite: PATCH replace members with the full set', async () => {
    const res = await ping.patch(`/Groups/${group.id}`, [
      {
        op: 'replace',
        path: 'members',
        value: [{ value: members[3].id }, { value: members[0].id }],
      },
    ]);
    expectPatched(res, GROUP);
    const read = expectResource(await ping.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual([members[0].id, members[3].id].sort());
  });

  it('rename: PATCH replace displayName', async () => {
    const res = await ping.patch(`/Groups/${group.id}`, [
      { op: 'replace', path: 'displayName', value: `${group.displayName} renamed` },
    ]);
    expectPatched(res, GROUP);
    const read = expectResource(await ping.get(`/Groups/${group.id}`), 200, GROUP);
    expect(read.displayName).toBe(`${group.displayName} renamed`);
    expect(memberIds(read)).toEqual([members[0].id, members[3].id].sort());
  });

  it('delete: DELETE /Groups/{id} answers 204, then 404', async () => {
    const res = await ping.delete(`/Groups/${group.id}`);
    expectStatus(res, 204);
    expectScimError(await ping.get(`/Groups/${group.id}`), 404);
  });
});
