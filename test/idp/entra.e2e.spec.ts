/**
 * Microsoft Entra ID provisioning, default request forms (no aadOptscim062020 flag):
 * E1–E16 of idp-behavior.md §1.2, the responses of §1.4 and the validator's duplicate checks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestService } from '../support/standalone-harness.js';
import { filterQuery, type IdpClient } from './support/idp-client.js';
import { entraClient, startIdpService } from './support/idp-profiles.js';
import {
  ENTERPRISE,
  expectListResponse,
  expectPatched,
  expectResource,
  expectScimError,
  expectStatus,
  GROUP,
  memberIds,
  nullPaths,
  unique,
  USER,
} from './support/scim-expect.js';

const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

let t: TestService;
let entra: IdpClient;

beforeAll(async () => {
  t = await startIdpService('entra');
  entra = entraClient(t);
});
afterAll(async () => {
  await t?.stop();
});

/** E4: the create body of MS-TUT, with the explicit nulls of its older sample. */
function entraNewUser(upn: string, mailNickname: string) {
  return {
    schemas: [USER, ENTERPRISE],
    externalId: mailNickname,
    userName: upn,
    active: true,
    emails: [{ primary: true, type: 'work', value: upn }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Given Family', familyName: 'Family', givenName: 'Given' },
    roles: [],
    addresses: null,
    phoneNumbers: null,
    title: null,
    [ENTERPRISE]: { employeeNumber: '1000', department: 'Sales', manager: null },
  };
}

const byFilter = (resource: string, filter: string) => `/${resource}?${filterQuery(filter)}`;

describe('Entra ID: users', () => {
  const upn = `${unique('given.family.')}@contoso.com`;
  const mailNickname = unique('gfamily');
  let user: any;
  let manager: any;

  it('E1 test connection: filter on a random GUID, no Accept header, "+" for spaces: 200 and empty', async () => {
    const guid = randomUUID();
    const res = await entra.get(`/Users?filter=userName+eq+%22${guid}%22`);
    expectListResponse(res, 0);
    expect(res.body.Resources).toEqual([]);
    const groups = await entra.get(`/Groups?filter=displayName+eq+%22${guid}%22`);
    expectListResponse(groups, 0);
    expectScimError(await entra.get(`/Users/${guid}`), 404);
    expectScimError(await entra.get(`/Groups/${guid}`), 404);
  });

  it('E2 schema discovery: GET /Schemas lists User, EnterpriseUser and Group, no nulls', async () => {
    const res = await entra.get('/Schemas');
    const schemas = expectListResponse(res);
    const byId = new Map(schemas.map((schema) => [schema.id as string, schema]));
    for (const id of [USER, ENTERPRISE, GROUP]) {
      expect({ id, listed: byId.has(id) }).toEqual({ id, listed: true });
    }
    const attributeNames = (id: string) =>
      (byId.get(id)?.attributes ?? []).map((a: { name: string }) => a.name);
    expect(attributeNames(USER)).toEqual(
      // externalId is a common attribute (RFC 7643 §3.1), not one of the User schema's.
      expect.arrayContaining(['userName', 'name', 'emails', 'active', 'roles']),
    );
    expect(attributeNames(ENTERPRISE)).toEqual(
      expect.arrayContaining(['employeeNumber', 'department', 'manager']),
    );
    expect(attributeNames(GROUP)).toEqual(expect.arrayContaining(['displayName', 'members']));
    expect(nullPaths(res.body)).toEqual([]);
  });

  it('E3 match before create: userName, then externalId, then the work email, each one at a time', async () => {
    expectListResponse(await entra.get(byFilter('Users', `userName eq "${upn}"`)), 0);
    expectListResponse(await entra.get(byFilter('Users', `externalId eq "${mailNickname}"`)), 0);
    expectListResponse(
      await entra.get(byFilter('Users', `emails[type eq "work"].value eq "${upn}"`)),
      0,
    );
  });

  it('E3 legacy unquoted value (externalId eq jyoung) is not RFC 7644 grammar: 400 invalidFilter', async () => {
    // RFC 7644 §3.4.2.2: compValue is a JSON literal, so a string must be quoted. Current Entra
    // quotes it (idp-behavior.md E3 cites the unquoted form from a legacy sample only).
    expectScimError(
      await entra.get(byFilter('Users', 'externalId eq jyoung')),
      400,
      'invalidFilter',
    );
  });

  it('E4 create: enterprise extension, explicit nulls and roles:[] answer 201; nulls are "not set"', async () => {
    const res = await entra.post('/Users', entraNewUser(upn, mailNickname));
    user = expectResource(res, 201, USER);
    expect(user).toMatchObject({
      userName: upn,
      externalId: mailNickname,
      active: true,
      emails: [{ primary: true, type: 'work', value: upn }],
      name: { formatted: 'Given Family', familyName: 'Family', givenName: 'Given' },
      [ENTERPRISE]: { employeeNumber: '1000', department: 'Sales' },
    });
    expect(user.schemas).toContain(ENTERPRISE);
    for (const absent of ['title', 'addresses', 'phoneNumbers']) {
      expect({ [absent]: user[absent] }).toEqual({ [absent]: undefined });
    }
    expect(user[ENTERPRISE].manager).toBeUndefined();
    expect(user.roles ?? []).toEqual([]);
    expect(nullPaths(user)).toEqual([]);
  });

  it('E3 after create: each matching attribute finds the user', async () => {
    for (const filter of [
      `userName eq "${upn}"`,
      `externalId eq "${mailNickname}"`,
      `emails[type eq "work"].value eq "${upn}"`,
    ]) {
      const found = expectListResponse(await entra.get(byFilter('Users', filter)), 1);
      expect({ filter, id: found[0].id }).toEqual({ filter, id: user.id });
    }
  });

  it('duplicate create: the same POST again answers 409 uniqueness (validator test 2)', async () => {
    expectScimError(
      await entra.post('/Users', entraNewUser(upn, unique('other'))),
      409,
      'uniqueness',
    );
  });

  it('E5 get: GET /Users/{id} answers 200, an unknown id 404', async () => {
    const read = expectResource(await entra.get(`/Users/${user.id}`), 200, USER);
    expect(read.id).toBe(user.id);
    expectScimError(await entra.get(`/Users/${randomUUID()}`), 404);
  });

  it('E6 update: capitalised Replace/Add ops on a filtered email, names, userName and an enterprise URN path', async () => {
    const newUpn = `${unique('new.')}@contoso.com`;
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: newUpn },
      { op: 'Replace', path: 'name.familyName', value: 'NewFamily' },
      { op: 'Replace', path: 'userName', value: newUpn },
      { op: 'Replace', path: `${ENTERPRISE}:employeeNumber`, value: '42' },
      { op: 'Add', path: 'nickName', value: 'Babs' },
    ]);
    expectPatched(res, USER);
    const read = expectResource(await entra.get(`/Users/${user.id}`), 200, USER);
    expect(read).toMatchObject({
      userName: newUpn,
      nickName: 'Babs',
      name: { familyName: 'NewFamily', givenName: 'Given' },
      emails: [{ type: 'work', value: newUpn, primary: true }],
      [ENTERPRISE]: { employeeNumber: '42', department: 'Sales' },
    });
    // Validator test 5: the changed joining property finds the user.
    const found = await entra.get(byFilter('Users', `userName eq "${newUpn}"`));
    expect(expectListResponse(found, 1)[0].id).toBe(user.id);
    user = read;
  });

  it('E6 Add on emails[type eq "work"].value of a user with no email creates {type:"work", value}', async () => {
    const bare = expectResource(
      await entra.post('/Users', {
        schemas: [USER],
        userName: `${unique('bare.')}@contoso.com`,
        externalId: unique('bare'),
        active: true,
      }),
      201,
      USER,
    );
    const res = await entra.patch(`/Users/${bare.id}`, [
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'bare@contoso.com' },
    ]);
    expectPatched(res, USER);
    const read = expectResource(await entra.get(`/Users/${bare.id}`), 200, USER);
    expect(read.emails).toEqual([
      expect.objectContaining({ type: 'work', value: 'bare@contoso.com' }),
    ]);
  });

  it('E6 manager: Add path "manager" with a one-element array [{$ref, value}] sets the enterprise manager', async () => {
    manager = expectResource(
      await entra.post('/Users', entraNewUser(`${unique('boss.')}@contoso.com`, unique('boss'))),
      201,
      USER,
    );
    const res = await entra.patch(`/Users/${user.id}`, [
      {
        op: 'Add',
        path: 'manager',
        value: [{ $ref: `${entra.baseUrl}/Users/${manager.id}`, value: manager.id }],
      },
    ]);
    expectPatched(res, USER);
    const read = expectResource(await entra.get(`/Users/${user.id}`), 200, USER);
    expect(read[ENTERPRISE]?.manager?.value).toBe(manager.id);
  });

  it('E6 roles as JSON-encoded strings (AppRoleAssignmentsComplex): parsed, or a 400 with a detail', async () => {
    const roleJson = JSON.stringify({ id: randomUUID(), value: 'Admin', displayName: 'Admin' });
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'Add', path: 'roles', value: [{ value: roleJson }] },
    ]);
    if (res.status === 400) {
      expectScimError(res, 400);
      return;
    }
    expectPatched(res, USER);
    const read = expectResource(await entra.get(`/Users/${user.id}`), 200, USER);
    expect(read.roles).toEqual([
      // Parsed: the role is "Admin", not the JSON text that carried it.
      expect.objectContaining({ value: 'Admin' }),
    ]);
  });

  it('E7 disable: Replace active with the string "False"; the user stays readable and filterable', async () => {
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'active', value: 'False' },
    ]);
    expectPatched(res, USER);
    const read = expectResource(await entra.get(`/Users/${user.id}`), 200, USER);
    expect(read.active).toBe(false);
    const found = await entra.get(byFilter('Users', `userName eq "${user.userName}"`));
    expect(expectListResponse(found, 1)[0]).toMatchObject({ id: user.id, active: false });
  });

  it('E8 reactivate: Replace active with the string "True"', async () => {
    const res = await entra.patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'active', value: 'True' },
    ]);
    expectPatched(res, USER);
    expect(expectResource(await entra.get(`/Users/${user.id}`), 200, USER).active).toBe(true);
  });

  it('E9 delete: DELETE /Users/{id} answers 204, then 404 and no filter hit', async () => {
    const res = await entra.delete(`/Users/${manager.id}`);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectScimError(await entra.get(`/Users/${manager.id}`), 404);
    expectListResponse(
      await entra.get(byFilter('Users', `externalId eq "${manager.externalId}"`)),
      0,
    );
  });
});

describe('Entra ID: groups', () => {
  const name = unique('Sales ');
  const externalId = randomUUID();
  let group: any;
  const members: any[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const res = await entra.post(
        '/Users',
        entraNewUser(`${unique(`member${i}.`)}@contoso.com`, unique('member')),
      );
      members.push(expectResource(res, 201, USER));
    }
  });

  it('E10 lookup: excludedAttributes=members&filter=displayName eq answers 200 and empty', async () => {
    const res = await entra.get(
      `/Groups?excludedAttributes=members&${filterQuery(`displayName eq "${name}"`)}`,
    );
    expectListResponse(res, 0);
  });

  it('E11 create: the ADSCIM group schema URN, externalId and meta answer 201, created empty', async () => {
    const res = await entra.post('/Groups', {
      schemas: [GROUP, ADSCIM_GROUP],
      externalId,
      displayName: name,
      meta: { resourceType: 'Group' },
    });
    group = expectResource(res, 201, GROUP);
    expect(group).toMatchObject({ displayName: name, externalId });
    expect(group.members ?? []).toEqual([]);
  });

  it('E10 lookup after create finds the group, without members', async () => {
    const res = await entra.get(
      `/Groups?excludedAttributes=members&${filterQuery(`displayName eq "${name}"`)}`,
    );
    const [found] = expectListResponse(res, 1);
    expect(found).toMatchObject({ id: group.id, displayName: name });
    expect(found).not.toHaveProperty('members');
  });

  it('E12 get: GET /Groups/{id}?excludedAttributes=members answers the group without members', async () => {
    const read = expectResource(
      await entra.get(`/Groups/${group.id}?excludedAttributes=members`),
      200,
      GROUP,
    );
    expect(read).toMatchObject({ id: group.id, displayName: name });
    expect(read).not.toHaveProperty('members');
  });

  it('duplicate create: the same group again answers 409 uniqueness (validator test 8)', async () => {
    const res = await entra.post('/Groups', {
      schemas: [GROUP, ADSCIM_GROUP],
      externalId: randomUUID(),
      displayName: name,
      meta: { resourceType: 'Group' },
    });
    expectScimError(res, 409, 'uniqueness');
  });

  it('E13 rename: Replace displayName answers 204', async () => {
    const res = await entra.patch(`/Groups/${group.id}`, [
      { op: 'Replace', path: 'displayName', value: `${name} EMEA` },
    ]);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    const read = expectResource(await entra.get(`/Groups/${group.id}`), 200, GROUP);
    expect(read.displayName).toBe(`${name} EMEA`);
  });

  it('E14 add members: Add path members with "$ref":null values answers 204', async () => {
    const res = await entra.patch(`/Groups/${group.id}`, [
      {
        op: 'Add',
        path: 'members',
        value: members.map((m) => ({ $ref: null, value: m.id })),
      },
    ]);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    const read = expectResource(await entra.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual(members.map((m) => m.id).sort());
  });

  it('E15 remove members: Remove path members with a value list removes only those (204)', async () => {
    const res = await entra.patch(`/Groups/${group.id}`, [
      { op: 'Remove', path: 'members', value: [{ $ref: null, value: members[0].id }] },
    ]);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    const read = expectResource(await entra.get(`/Groups/${group.id}`), 200, GROUP);
    expect(memberIds(read)).toEqual([members[1].id, members[2].id].sort());
  });

  it('E16 delete: DELETE /Groups/{id} answers 204, then 404', async () => {
    const res = await entra.delete(`/Groups/${group.id}`);
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectScimError(await entra.get(`/Groups/${group.id}`), 404);
  });
});
