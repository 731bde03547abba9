/**
 * Okta OIN app lifecycle, O1–O15 of idp-behavior.md §2.2: PUT for profile updates, PATCH for
 * (de)activation and group updates, Push Groups, imports. Okta never sends DELETE /Users.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_TOKEN, type TestService } from '../support/standalone-harness.js';
import { filterQuery, type IdpClient } from './support/idp-client.js';
import { oktaClient, setupClient, startIdpService } from './support/idp-profiles.js';
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
let okta: IdpClient;

beforeAll(async () => {
  t = await startIdpService('okta');
  okta = oktaClient(t);
});
afterAll(async () => {
  await t?.stop();
});

/** O3: the body Okta posts for a new assignment; externalId is the Okta user id. */
function oktaNewUser(userName: string, givenName: string, familyName: string) {
  return {
    schemas: [USER],
    userName,
    name: { givenName, familyName },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${givenName} ${familyName}`,
    locale: 'en-US',
    externalId: unique('00u'),
    groups: [],
    password: 'Xk2!random-okta-password',
    active: true,
  };
}

/** O2 then O3: look the user up by userName, create it when absent. */
async function provision(userName: string, givenName = 'Test', familyName = 'User') {
  const lookup = await okta.get(
    `/Users?${filterQuery(`userName eq "${userName}"`)}&startIndex=1&count=100`,
  );
  expectListResponse(lookup, 0);
  return expectResource(
    await okta.post('/Users', oktaNewUser(userName, givenName, familyName)),
    201,
    USER,
  );
}

describe('Okta OIN: users', () => {
  const userName = `${unique('test.user.')}@okta.local`;
  let user: any;

  it('O1 test connection: GET /Users?startIndex=1&count=2 answers a ListResponse', async () => {
    const res = await okta.get('/Users?startIndex=1&count=2');
    const resources = expectListResponse(res);
    expect(res.body.startIndex).toBe(1);
    expect(resources.length).toBeLessThanOrEqual(2);
  });

  it('O2 lookup before create: filter userName with startIndex=1&count=100 answers 200 and no user', async () => {
    const res = await okta.get(
      `/Users?${filterQuery(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expectListResponse(res, 0);
    expect(res.body.Resources).toEqual([]);
  });

  it('O3 create: POST with password, groups:[] and externalId answers 201, never the password', async () => {
    const body = oktaNewUser(userName, 'Test', 'User');
    const res = await okta.post('/Users', body);
    user = expectResource(res, 201, USER);
    expect(user).toMatchObject({
      userName,
      externalId: body.externalId,
      active: true,
      displayName: 'Test User',
      locale: 'en-US',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: userName, type: 'work' }],
    });
    expect(user.password).toBeUndefined();
    expect(res.headers.location).toBe(`${okta.baseUrl}/Users/${user.id}`);
  });

  it('O2 after create: the lookup finds the user, so a re-assignment links instead of creating', async () => {
    const res = await okta.get(
      `/Users?${filterQuery(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(expectListResponse(res, 1)[0].id).toBe(user.id);
  });

  it('O4 GET /Users/{id} answers the user without the password', async () => {
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect(read).toMatchObject({ id: user.id, userName, externalId: user.externalId });
    expect(read.password).toBeUndefined();
  });

  it('O5 profile update: PUT of the GET body (id, meta, groups kept) with a new givenName', async () => {
    const current = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    const res = await okta.put(`/Users/${user.id}`, {
      ...current,
      name: { ...current.name, givenName: 'Renamed' },
    });
    const updated = expectResource(res, 200, USER);
    expect(updated).toMatchObject({
      id: user.id,
      userName,
      externalId: user.externalId,
      name: { givenName: 'Renamed', familyName: 'User' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      active: true,
    });
    expect(updated.password).toBeUndefined();
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect(read.name.givenName).toBe('Renamed');
  });

  it('O6 deactivate: PATCH replace without path {active:false}', async () => {
    const res = await okta.patch(`/Users/${user.id}`, [
      { op: 'replace', value: { active: false } },
    ]);
    expectPatched(res, USER);
    if (res.status === 200) expect(res.body.active).toBe(false);
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect(read.active).toBe(false);
  });

  it('O8 Okta never sends DELETE /Users: the deactivated user stays GET-able, filterable and listed', async () => {
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect(read).toMatchObject({ id: user.id, active: false, userName });
    const byName = await okta.get(
      `/Users?${filterQuery(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(expectListResponse(byName, 1)[0]).toMatchObject({ id: user.id, active: false });
    const inactive = await okta.get(`/Users?${filterQuery('active eq false')}&count=100`);
    expect(expectListResponse(inactive).map((u) => u.id)).toContain(user.id);
  });

  it('O7 reactivate: the lookup finds the user, then PATCH {active:true}, no new POST', async () => {
    const lookup = await okta.get(
      `/Users?${filterQuery(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(expectListResponse(lookup, 1)[0].id).toBe(user.id);
    const res = await okta.patch(`/Users/${user.id}`, [{ op: 'replace', value: { active: true } }]);
    expectPatched(res, USER);
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect(read.active).toBe(true);
    expect(read.name.givenName).toBe('Renamed');
  });

  it('O9 password sync: PATCH replace {password} is accepted and the password is never returned', async () => {
    // Okta does not publish the PATCH body; this is the pathless form it uses for `active`.
    const res = await okta.patch(`/Users/${user.id}`, [
      { op: 'replace', value: { password: 'N3w-synced-password!' } },
    ]);
    expectPatched(res, USER);
    if (res.status === 200) expect(res.body.password).toBeUndefined();
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect(read.password).toBeUndefined();
  });

  it('Header auth mode: Authorization is the raw token without "Bearer"', async () => {
    const raw = okta.with({ authorization: TEST_TOKEN });
    expectListResponse(await raw.get('/Users?startIndex=1&count=2'));
    expect(expectResource(await raw.get(`/Users/${user.id}`), 200, USER).id).toBe(user.id);
    expectScimError(await okta.get('/Users', { authorization: 'not-the-token-at-all' }), 401);
  });
});

describe('Okta OIN: Push Groups', () => {
  const groupName = unique('Test SCIMv2 ');
  let group: any;
  let a: any;
  let b: any;
  let c: any;

  beforeAll(async () => {
    a = await provision(`${unique('a.')}@okta.local`, 'Ann', 'A');
    b = await provision(`${unique('b.')}@okta.local`, 'Ben', 'B');
    c = await provision(`${unique('c.')}@okta.local`, 'Cat', 'C');
  });

  /** O12: Okta sends the name PATCH, repeating the group id, before each membership change. */
  async function pushName(name: string) {
    const res = await okta.patch(`/Groups/${group.id}`, [
      { op: 'replace', value: { id: group.id, displayName: name } },
    ]);
    expectPatched(res, GROUP);
  }

  it('O10 existence check: filter displayName eq answers 200 and no group', async () => {
    const res = await okta.get(`/Groups?${filterQuery(`displayName eq "${groupName}"`)}`);
    expectListResponse(res, 0);
  });

  it('O10 create: POST /Groups with members:[] answers 201 with the group', async () => {
    const res = await okta.post('/Groups', {
      schemas: [GROUP],
      displayName: groupName,
      members: [],
    });
    group = expectResource(res, 201, GROUP);
    expect(group.displayName).toBe(groupName);
    expect(group.members ?? []).toEqual([]);
    const found = await okta.get(`/Groups?${filterQuery(`displayName eq "${groupName}"`)}`);
    expect(expectListResponse(found, 1)[0].id).toBe(group.id);
  });

  it('O11 GET /Groups/{id} answers the group', async () => {
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(read).toMatchObject({ id: group.id, displayName: groupName });
  });

  it('O12 rename: PATCH replace without path {id, displayName} renames, the id is no mutability error', async () => {
    await pushName(`${groupName} renamed`);
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(read).toMatchObject({ id: group.id, displayName: `${groupName} renamed` });
  });

  it('O13 membership: name PATCH, then add members with display', async () => {
    await pushName(`${groupName} renamed`);
    const res = await okta.patch(`/Groups/${group.id}`, [
      {
        op: 'add',
        path: 'members',
        value: [
          { value: a.id, display: a.userName },
          { value: b.id, display: b.userName },
        ],
      },
    ]);
    expectPatched(res, GROUP);
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual([a.id, b.id].sort());
  });

  it('O13 membership: name PATCH, then remove members[value eq "A"] and add C in one request', async () => {
    await pushName(`${groupName} renamed`);
    const res = await okta.patch(`/Groups/${group.id}`, [
      { op: 'remove', path: `members[value eq "${a.id}"]` },
      { op: 'add', path: 'members', value: [{ value: c.id, display: c.userName }] },
    ]);
    expectPatched(res, GROUP);
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual([b.id, c.id].sort());
    expect(read.displayName).toBe(`${groupName} renamed`);
    const user = expectResource(await okta.get(`/Users/${a.id}`), 200, USER);
    expect((user.groups ?? []).map((g: any) => g.value)).not.toContain(group.id);
  });

  it('O13 full push: PATCH replace path members with the whole member list', async () => {
    await pushName(`${groupName} renamed`);
    const res = await okta.patch(`/Groups/${group.id}`, [
      { op: 'replace', path: 'members', value: [{ value: a.id }, { value: c.id }] },
    ]);
    expectPatched(res, GROUP);
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual([a.id, c.id].sort());
  });

  it('O14 delete: DELETE /Groups/{id} answers 204, then the group is gone', async () => {
    const res = await okta.delete(`/Groups/${group.id}`);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectScimError(await okta.get(`/Groups/${group.id}`), 404);
    const found = await okta.get(`/Groups?${filterQuery(`displayName eq "${groupName} renamed"`)}`);
    expectListResponse(found, 0);
    // Members stay users: deleting a group deletes no one.
    expectResource(await okta.get(`/Users/${a.id}`), 200, USER);
  });
});

describe('Okta OIN: O15 import', () => {
  const created = new Set<string>();

  beforeAll(async () => {
    const setup = setupClient(t);
    for (let batch = 0; batch < 13; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          setup.post('/Users', {
            schemas: [USER],
            userName: `import.${batch}.${i}@okta.local`,
            name: { givenName: `Import${batch}`, familyName: `User${i}` },
            active: true,
          }),
        ),
      );
      for (const res of responses) created.add(expectResource(res, 201, USER).id);
    }
    for (let i = 0; i < 3; i++) {
      const res = await setup.post('/Groups', { schemas: [GROUP], displayName: `import-${i}` });
      expectResource(res, 201, GROUP);
    }
  });

  /** Okta's import loop: count=100, startIndex += 100 while startIndex <= totalResults. */
  async function importAll(resource: 'Users' | 'Groups') {
    const ids: string[] = [];
    let startIndex = 1;
    let total: number | undefined;
    for (;;) {
      const res = await okta.get(`/${resource}?startIndex=${startIndex}&count=100`);
      const page = expectListResponse(res);
      expect(res.body.startIndex).toBe(startIndex);
      expect(page.length).toBeLessThanOrEqual(100);
      total ??= res.body.totalResults as number;
      expect(res.body.totalResults).toBe(total);
      ids.push(...page.map((r) => r.id as string));
      startIndex += 100;
      if (startIndex > total || page.length === 0) break;
    }
    return { ids, total: total };
  }

  it('pages over 250+ users with count=100: integer fields, no duplicates, none missed, stable order', async () => {
    const first = await importAll('Users');
    expect(first.ids).toHaveLength(first.total);
    expect(new Set(first.ids).size).toBe(first.ids.length);
    for (const id of created) expect(first.ids).toContain(id);
    const again = await importAll('Users');
    expect(again.ids).toEqual(first.ids);
  });

  it('pages over groups with startIndex=1&count=100', async () => {
    const { ids, total } = await importAll('Groups');
    expect(ids).toHaveLength(total);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
