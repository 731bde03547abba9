/**
 * Okta custom (AIW) app: every user and group update is a GET followed by a PUT of the whole
 * resource as we returned it (idp-behavior.md §2.2 O5–O7, O10, O13; §4 "Okta AIW" rows).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestService } from '../support/standalone-harness.js';
import { filterQuery, type IdpClient } from './support/idp-client.js';
import { oktaClient, setupClient, startIdpService } from './support/idp-profiles.js';
import {
  expectListResponse,
  expectResource,
  expectScimError,
  ENTERPRISE,
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

function newUser(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName,
    name: { givenName: 'Aiw', familyName: 'User' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Aiw User',
    externalId: unique('00u'),
    groups: [],
    password: 'Rand0m!okta-pass',
    active: true,
    ...extra,
  };
}

/** Okta AIW's update: read our representation, change what the admin changed, PUT it all back. */
async function readModifyWrite(path: string, change: (current: any) => any, schema: string) {
  const current = expectResource(await okta.get(path), 200, schema);
  return okta.put(path, change(structuredClone(current)));
}

describe('Okta AIW: users updated with PUT', () => {
  const userName = `${unique('aiw.')}@okta.local`;
  let user: any;
  let group: any;

  beforeAll(async () => {
    const res = await okta.post(
      '/Users',
      newUser(userName, {
        schemas: [USER, ENTERPRISE],
        title: 'Engineer',
        [ENTERPRISE]: { department: 'R&D', employeeNumber: '1001' },
      }),
    );
    user = expectResource(res, 201, USER);
    const setup = setupClient(t);
    group = expectResource(
      await setup.post('/Groups', {
        schemas: [GROUP],
        displayName: unique('aiw-group-'),
        members: [{ value: user.id }],
      }),
      201,
      GROUP,
    );
  });

  it('GET never returns the password, so the PUT echo never carries one', async () => {
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect(read.password).toBeUndefined();
    expect((read.groups ?? []).map((g: any) => g.value)).toEqual([group.id]);
  });

  it('profile update: PUT of our GET body (id, meta, groups) with a new familyName answers 200', async () => {
    const res = await readModifyWrite(
      `/Users/${user.id}`,
      (current) => ({ ...current, name: { ...current.name, familyName: 'Changed' } }),
      USER,
    );
    const updated = expectResource(res, 200, USER);
    expect(updated).toMatchObject({
      id: user.id,
      userName,
      externalId: user.externalId,
      title: 'Engineer',
      name: { givenName: 'Aiw', familyName: 'Changed' },
      [ENTERPRISE]: { department: 'R&D', employeeNumber: '1001' },
    });
    expect(updated.password).toBeUndefined();
  });

  it('the echoed read-only groups change no membership', async () => {
    const group2 = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(group2)).toEqual([user.id]);
    const read = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    expect((read.groups ?? []).map((g: any) => g.value)).toEqual([group.id]);
  });

  it('an echoed PUT with nothing changed keeps every attribute', async () => {
    const before = expectResource(await okta.get(`/Users/${user.id}`), 200, USER);
    const res = await okta.put(`/Users/${user.id}`, before);
    const after = expectResource(res, 200, USER);
    const { meta: _before, ...beforeAttributes } = before;
    const { meta: _after, ...afterAttributes } = after;
    expect(afterAttributes).toEqual(beforeAttributes);
  });

  it('deactivate: GET then PUT with active:false; the user stays readable and filterable', async () => {
    const res = await readModifyWrite(
      `/Users/${user.id}`,
      (current) => ({ ...current, active: false }),
      USER,
    );
    expect(expectResource(res, 200, USER).active).toBe(false);
    const found = await okta.get(
      `/Users?${filterQuery(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(expectListResponse(found, 1)[0]).toMatchObject({ id: user.id, active: false });
  });

  it('reactivate: GET then PUT with active:true', async () => {
    const res = await readModifyWrite(
      `/Users/${user.id}`,
      (current) => ({ ...current, active: true }),
      USER,
    );
    const updated = expectResource(res, 200, USER);
    expect(updated).toMatchObject({ active: true, name: { familyName: 'Changed' } });
  });

  it('a password change comes as PUT of the GET body plus password, still never returned', async () => {
    const res = await readModifyWrite(
      `/Users/${user.id}`,
      (current) => ({ ...current, password: 'An0ther!password' }),
      USER,
    );
    expect(expectResource(res, 200, USER).password).toBeUndefined();
  });

  it('PUT to a user that does not exist answers 404 (Okta then stops, it never re-creates)', async () => {
    const res = await okta.put('/Users/2c1e0d4a-0000-4000-8000-000000000000', newUser(userName));
    expectScimError(res, 404);
  });
});

describe('Okta AIW: groups updated with PUT of the complete member list', () => {
  const users: any[] = [];
  let group: any;

  beforeAll(async () => {
    const setup = setupClient(t);
    for (let batch = 0; batch < 8; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          // Set-up only: without a password, whose hashing would dominate the suite's time.
          setup.post('/Users', {
            ...newUser(`aiw.member.${batch}.${i}@okta.local`),
            password: undefined,
          }),
        ),
      );
      for (const res of responses) users.push(expectResource(res, 201, USER));
    }
  });

  it('the push reads the cached list GET /Groups?startIndex=1&count=100 instead of a filter', async () => {
    expectListResponse(await okta.get('/Groups?startIndex=1&count=100'));
  });

  it('POST /Groups already carrying the assigned members answers 201 with them', async () => {
    const res = await okta.post('/Groups', {
      schemas: [GROUP],
      displayName: unique('AIW Pushed '),
      members: users.slice(0, 3).map((u) => ({ value: u.id, display: u.userName })),
    });
    group = expectResource(res, 201, GROUP);
    expect(memberIds(group)).toEqual(
      users
        .slice(0, 3)
        .map((u) => u.id)
        .sort(),
    );
  });

  it('PUT of our GET body (id, meta, members with display/$ref) plus one member adds it', async () => {
    const res = await readModifyWrite(
      `/Groups/${group.id}`,
      (current) => ({ ...current, members: [...current.members, { value: users[3].id }] }),
      GROUP,
    );
    const updated = expectResource(res, 200, GROUP);
    expect(memberIds(updated)).toEqual(
      users
        .slice(0, 4)
        .map((u) => u.id)
        .sort(),
    );
  });

  it('PUT with a member left out removes exactly that member', async () => {
    const res = await readModifyWrite(
      `/Groups/${group.id}`,
      (current) => ({
        ...current,
        members: current.members.filter((m: any) => m.value !== users[0].id),
      }),
      GROUP,
    );
    expectResource(res, 200, GROUP);
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual(
      users
        .slice(1, 4)
        .map((u) => u.id)
        .sort(),
    );
    const removed = expectResource(await okta.get(`/Users/${users[0].id}`), 200, USER);
    expect((removed.groups ?? []).map((g: any) => g.value)).not.toContain(group.id);
  });

  it('rename is a PUT with the new displayName and the complete member list', async () => {
    const res = await readModifyWrite(
      `/Groups/${group.id}`,
      (current) => ({ ...current, displayName: `${current.displayName} renamed` }),
      GROUP,
    );
    const updated = expectResource(res, 200, GROUP);
    expect(updated.displayName).toMatch(/ renamed$/);
    expect(memberIds(updated)).toEqual(
      users
        .slice(1, 4)
        .map((u) => u.id)
        .sort(),
    );
  });

  it('PUT with 160 members replaces the whole membership in one request', async () => {
    const res = await readModifyWrite(
      `/Groups/${group.id}`,
      (current) => ({ ...current, members: users.map((u) => ({ value: u.id })) }),
      GROUP,
    );
    expectResource(res, 200, GROUP);
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual(users.map((u) => u.id).sort());
  });

  it('PUT with members:[] empties the group, the users stay', async () => {
    const res = await readModifyWrite(
      `/Groups/${group.id}`,
      (current) => ({ ...current, members: [] }),
      GROUP,
    );
    expectResource(res, 200, GROUP);
    const read = expectResource(await okta.get(`/Groups/${group.id}`), 200, GROUP);
    expect(read.members ?? []).toEqual([]);
    expectResource(await okta.get(`/Users/${users[1].id}`), 200, USER);
  });
});
