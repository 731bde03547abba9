/**
 * Entra ID with the `aadOptscim062020` flag on the Tenant URL (idp-behavior.md §1.3): lower-case
 * ops, JSON booleans, one pathless `replace` whose keys are dotted and URN-qualified paths, and
 * member removal through a value filter.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestService } from '../support/standalone-harness.js';
import { filterQuery, type IdpClient } from './support/idp-client.js';
import { entraClient, startIdpService } from './support/idp-profiles.js';
import {
  ENTERPRISE,
  expectListResponse,
  expectPatched,
  expectResource,
  expectStatus,
  GROUP,
  memberIds,
  unique,
  USER,
} from './support/scim-expect.js';

let t: TestService;
let entra: IdpClient;

beforeAll(async () => {
  t = await startIdpService('entra');
  entra = entraClient(t);
});
afterAll(async () => {
  await t?.stop();
});

async function createUser(prefix: string) {
  const upn = `${unique(prefix)}@contoso.com`;
  const res = await entra.post('/Users', {
    schemas: [USER, ENTERPRISE],
    externalId: unique('ext'),
    userName: upn,
    active: true,
    displayName: 'Flag User',
    emails: [{ primary: true, type: 'work', value: upn }],
    name: { formatted: 'Flag User', familyName: 'User', givenName: 'Flag' },
    [ENTERPRISE]: { employeeNumber: '7' },
  });
  return expectResource(res, 201, USER);
}

describe('Entra ID with aadOptscim062020: users', () => {
  let user: any;

  beforeAll(async () => {
    user = await createUser('flag.');
  });

  it('disable: op "replace" with the JSON boolean false', async () => {
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'active', value: false },
    ]);
    expectPatched(res, USER);
    expect(expectResource(await entra.get(`/Users/${user.id}`), 200, USER).active).toBe(false);
    const found = await entra.get(`/Users?${filterQuery(`userName eq "${user.userName}"`)}`);
    expect(expectListResponse(found, 1)[0]).toMatchObject({ id: user.id, active: false });
  });

  it('reactivate: op "replace" with the JSON boolean true', async () => {
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'active', value: true },
    ]);
    expectPatched(res, USER);
    expect(expectResource(await entra.get(`/Users/${user.id}`), 200, USER).active).toBe(true);
  });

  it('add single-valued: op "add" path nickName', async () => {
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'add', path: 'nickName', value: 'Flaggy' },
    ]);
    expectPatched(res, USER);
    expect(expectResource(await entra.get(`/Users/${user.id}`), 200, USER).nickName).toBe('Flaggy');
  });

  it('replace many: filtered email path plus one pathless replace with dotted and URN keys', async () => {
    const newEmail = `${unique('renamed.')}@contoso.com`;
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: newEmail },
      {
        op: 'replace',
        value: {
          displayName: 'Renamed Person',
          'name.givenName': 'Renamed',
          'name.familyName': 'Person',
          [`${ENTERPRISE}:employeeNumber`]: '99',
        },
      },
    ]);
    expectPatched(res, USER);
    const read = expectResource(await entra.get(`/Users/${user.id}`), 200, USER);
    expect(read).toMatchObject({
      displayName: 'Renamed Person',
      name: { givenName: 'Renamed', familyName: 'Person', formatted: 'Flag User' },
      emails: [{ type: 'work', value: newEmail, primary: true }],
      [ENTERPRISE]: { employeeNumber: '99' },
    });
    // The keys are paths, not attribute names: nothing literally named "name.givenName".
    expect(read).not.toHaveProperty(['name.givenName']);
    expect(read).not.toHaveProperty([`${ENTERPRISE}:employeeNumber`]);
  });
});

describe('Entra ID with aadOptscim062020: groups', () => {
  let group: any;
  const members: any[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) members.push(await createUser(`flag.member${i}.`));
    const res = await entra.post('/Groups', {
      schemas: [GROUP],
      externalId: unique('grp'),
      displayName: unique('Flag Group '),
    });
    group = expectResource(res, 201, GROUP);
  });

  it('add members: op "add" path members answers 204', async () => {
    const res = await entra.patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: members.map((m) => ({ value: m.id })) },
    ]);
    expectStatus(res, 204);
    const read = expectResource(await entra.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual(members.map((m) => m.id).sort());
  });

  it('remove member: op "remove" path members[value eq "id"] without a value removes only that one', async () => {
    const res = await entra.patch(`/Groups/${group.id}`, [
      { op: 'remove', path: `members[value eq "${members[1].id}"]` },
    ]);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    const read = expectResource(await entra.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual([members[0].id, members[2].id].sort());
  });

  it('rename: op "replace" path displayName answers 204', async () => {
    const res = await entra.patch(`/Groups/${group.id}`, [
      { op: 'replace', path: 'displayName', value: `${group.displayName} 2` },
    ]);
    expectStatus(res, 204);
    const read = expectResource(await entra.get(`/Groups/${group.id}`), 200, GROUP);
    expect(read.displayName).toBe(`${group.displayName} 2`);
  });
});
