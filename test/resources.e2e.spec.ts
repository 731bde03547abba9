import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

let t: TestService;

beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.stop();
});

describe('User bodies checked against the schemas', () => {
  it('accepts a PUT of the GET body Okta AIW echoes back, ignoring id, meta and groups', async () => {
    const { body: created } = await t.scim.createUser('aiw@example.com', {
      displayName: 'Aiw',
      password: 'initial-Secret-1',
    });
    const { body: group } = await t.scim.createGroup('AIW group', [created.id]);
    const { body: read } = await t.scim.request('GET', `/Users/${created.id}`);
    expect(read.groups).toEqual([expect.objectContaining({ value: group.id })]);

    const unchanged = await t.scim.request('PUT', `/Users/${created.id}`, read);
    expect(unchanged.status).toBe(200);
    expect(unchanged.headers.get('etag')).toBe(read.meta.version);
    expect(unchanged.body).toEqual(read);

    const renamed = await t.scim.request('PUT', `/Users/${created.id}`, {
      ...read,
      displayName: 'Aiw Renamed',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe('Aiw Renamed');
    expect(renamed.headers.get('etag')).toBe(renamed.body.meta.version);
    expect(renamed.body.meta.version).not.toBe(read.meta.version);
  });

  it('ignores a different id in a PUT body: the URL names the resource (RFC 7644 §3.5.1)', async () => {
    const { body: user } = await t.scim.createUser('other-id@example.com');
    const put = await t.scim.request('PUT', `/Users/${user.id}`, {
      ...user,
      id: 'someone-else',
      nickName: 'Nick',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: user.id, nickName: 'Nick' });
  });

  it('never returns the password and keeps it across a PUT that leaves it out', async () => {
    const created = await t.scim.createUser('secret@example.com', { password: 'Original-Pass-1' });
    expect(created.body.password).toBeUndefined();
    const { body: read } = await t.scim.request('GET', `/Users/${created.body.id}`);
    expect(read.password).toBeUndefined();

    const withoutPassword = await t.scim.request('PUT', `/Users/${read.id}`, {
      ...read,
      title: 'Engineer',
    });
    expect(withoutPassword.body.password).toBeUndefined();
    // The stored hash still matches the original password: sending it again changes nothing.
    const samePassword = await t.scim.request('PUT', `/Users/${read.id}`, {
      ...withoutPassword.body,
      password: 'Original-Pass-1',
    });
    expect(samePassword.body.meta.version).toBe(withoutPassword.body.meta.version);
    const newPassword = await t.scim.request('PUT', `/Users/${read.id}`, {
      ...withoutPassword.body,
      password: 'Another-Pass-2',
    });
    expect(newPassword.status).toBe(200);
    expect(newPassword.body.password).toBeUndefined();
    expect(newPassword.body.meta.version).not.toBe(withoutPassword.body.meta.version);

    const patched = await t.scim.patch(`/Users/${read.id}`, [
      { op: 'replace', path: 'password', value: 'Third-Pass-3' },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.body.password).toBeUndefined();
  });

  it('clears on PUT the readWrite attributes the body leaves out', async () => {
    const { body: user } = await t.scim.createUser('put-clears@example.com', {
      title: 'Boss',
      emails: [{ value: 'put-clears@example.com', type: 'work', primary: true }],
      [ENTERPRISE]: { department: 'R&D' },
    });
    const put = await t.scim.request('PUT', `/Users/${user.id}`, {
      schemas: [USER],
      userName: 'put-clears@example.com',
    });
    expect(put.status).toBe(200);
    expect(put.body.title).toBeUndefined();
    expect(put.body.emails).toBeUndefined();
    expect(put.body[ENTERPRISE]).toBeUndefined();
    expect(put.body.schemas).toEqual([USER]);
    expect(put.body.active).toBe(true);
  });

  it('refuses an unknown attribute with a detail that tells the admin what to do', async () => {
    const response = await t.scim.createUser('unknown-attr@example.com', { shoeSize: 42 });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      schemas: [ERROR],
      status: '400',
      scimType: 'invalidSyntax',
    });
    expect(response.body.detail).toContain('"shoeSize"');
    expect(response.body.detail).toContain('register the extension schema');
    const urn = await t.scim.createUser('unknown-urn@example.com', {
      'urn:example:custom:2.0:User': { level: 3 },
    });
    expect(urn.status).toBe(400);
    expect(urn.body.detail).toContain('urn:example:custom:2.0:User');
  });

  it('takes the Entra create body: nulls as unset, "False" as false, extension not in schemas', async () => {
    const response = await t.scim.request('POST', '/Users', {
      schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      externalId: 'entra-1',
      userName: 'entra.user@contoso.com',
      active: 'False',
      addresses: null,
      phoneNumbers: null,
      title: null,
      manager: null,
      roles: [],
      emails: [{ primary: 'True', type: 'work', value: 'entra.user@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Given Family', familyName: 'Family', givenName: 'Given' },
      [ENTERPRISE]: { employeeNumber: '42', manager: null },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      schemas: [USER, ENTERPRISE],
      active: false,
      emails: [{ primary: true, type: 'work', value: 'entra.user@contoso.com' }],
      [ENTERPRISE]: { employeeNumber: '42' },
    });
    for (const unset of ['addresses', 'phoneNumbers', 'title', 'manager', 'roles'])
      expect(response.body[unset]).toBeUndefined();

    const enabled = await t.scim.patch(`/Users/${response.body.id}`, [
      { op: 'Replace', path: 'active', value: 'True' },
    ]);
    expect(enabled.body.active).toBe(true);
  });

  it('answers 400 invalidValue for wrong types and two primary values', async () => {
    const wrongType = await t.scim.createUser('types@example.com', { active: 'maybe' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ scimType: 'invalidValue' });
    expect(wrongType.body.detail).toContain('active must be true or false');

    const twoPrimaries = await t.scim.createUser('primaries@example.com', {
      emails: [
        { value: 'a@example.com', primary: true },
        { value: 'b@example.com', primary: true },
      ],
    });
    expect(twoPrimaries.status).toBe(400);
    expect(twoPrimaries.body.detail).toContain('primary');

    const { body: user } = await t.scim.createUser('patch-primaries@example.com');
    const patched = await t.scim.patch(`/Users/${user.id}`, [
      {
        op: 'replace',
        path: 'emails',
        value: [
          { value: 'a@example.com', primary: true },
          { value: 'b@example.com', primary: true },
        ],
      },
    ]);
    expect(patched.status).toBe(400);
    expect(patched.body.scimType).toBe('invalidValue');
  });

  it('adds, replaces and removes an extension through its root URN, with a schemas key inside', async () => {
    const { body: user } = await t.scim.createUser('ext-root@example.com');
    const value = { schemas: [ENTERPRISE], employeeNumber: '7', costCenter: 'C1' };
    const added = await t.scim.patch(`/Users/${user.id}`, [{ op: 'add', path: ENTERPRISE, value }]);
    expect(added.status).toBe(200);
    expect(added.body[ENTERPRISE]).toEqual({ employeeNumber: '7', costCenter: 'C1' });
    expect(added.body.schemas).toEqual([USER, ENTERPRISE]);
    const read = await t.scim.request('GET', `/Users/${user.id}`);
    expect(read.body[ENTERPRISE]).toEqual({ employeeNumber: '7', costCenter: 'C1' });

    const removed = await t.scim.patch(`/Users/${user.id}`, [
      { op: 'remove', path: `${ENTERPRISE}:employeeNumber` },
      { op: 'remove', path: `${ENTERPRISE}:costCenter` },
    ]);
    expect(removed.body[ENTERPRISE]).toBeUndefined();
    expect(removed.body.schemas).toEqual([USER]);
  });
});

describe('Group bodies, members and the answers of the generic preset', () => {
  let ada: { id: string; meta: { location: string } };
  let bob: { id: string; meta: { location: string } };

  beforeAll(async () => {
    ada = (await t.scim.createUser('ada.members@example.com', { displayName: 'Ada L' })).body;
    bob = (await t.scim.createUser('bob.members@example.com')).body;
  });

  it('fills in members $ref and type, and display when asked for (generic preset)', async () => {
    const { body: inner } = await t.scim.createGroup('Inner', []);
    const created = await t.scim.request('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Outer',
      members: [
        { value: ada.id, display: 'whatever the client says', $ref: null },
        { value: bob.id },
        { value: inner.id, type: 'Group' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(created.body.meta.location);
    expect(created.headers.get('etag')).toBe(created.body.meta.version);
    // members.display is `returned: "request"` on the generic preset: answers echo what was sent.
    expect(created.body.members).toEqual(
      expect.arrayContaining([
        { value: ada.id, type: 'User', $ref: ada.meta.location },
        { value: bob.id, type: 'User', $ref: bob.meta.location },
        { value: inner.id, type: 'Group', $ref: inner.meta.location },
      ]),
    );
    expect(created.body.members).toHaveLength(3);

    const withDisplay = await t.scim.request(
      'GET',
      `/Groups/${created.body.id}?attributes=members,members.display`,
    );
    expect(withDisplay.body.members).toEqual(
      expect.arrayContaining([
        { value: ada.id, display: 'Ada L', type: 'User', $ref: ada.meta.location },
        {
          value: bob.id,
          display: 'bob.members@example.com',
          type: 'User',
          $ref: bob.meta.location,
        },
        { value: inner.id, display: 'Inner', type: 'Group', $ref: inner.meta.location },
      ]),
    );
  });

  it('skips member ids that name nothing in the tenant instead of failing', async () => {
    const created = await t.scim.request('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'With a ghost',
      members: [{ value: ada.id }, { value: 'fake-member-id' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.members.map((m: { value: string }) => m.value)).toEqual([ada.id]);

    // scim-sanity phase 3
    const added = await t.scim.patch(`/Groups/${created.body.id}`, [
      { op: 'add', path: 'members', value: [{ value: 'fake-member-id' }] },
    ]);
    expect(added.status).toBe(200);
    expect(added.body.members.map((m: { value: string }) => m.value)).toEqual([ada.id]);
    const removedAll = await t.scim.patch(`/Groups/${created.body.id}`, [
      { op: 'remove', path: 'members' },
    ]);
    expect(removedAll.status).toBe(200);
    expect(removedAll.body.members ?? []).toEqual([]);
  });

  it('still refuses malformed member entries with invalidValue', async () => {
    const response = await t.scim.request('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Malformed',
      members: [{ display: 'no value' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    expect(response.body.detail).toContain('members[0]');
  });

  it('answers a group PATCH with 200 and the group, honouring excludedAttributes', async () => {
    const { body: group } = await t.scim.createGroup('Patched', [ada.id]);
    const patched = await t.scim.patch(`/Groups/${group.id}`, [
      { op: 'replace', path: 'displayName', value: 'Patched 2' },
      { op: 'add', path: 'members', value: [{ value: bob.id }] },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe(patched.body.meta.version);
    expect(patched.body).toMatchObject({
      schemas: [GROUP],
      id: group.id,
      displayName: 'Patched 2',
    });
    expect(patched.body.members).toHaveLength(2);

    const light = await t.scim.patch(`/Groups/${group.id}?excludedAttributes=members`, [
      { op: 'remove', path: `members[value eq "${bob.id}"]` },
    ]);
    expect(light.status).toBe(200);
    expect(light.body.members).toBeUndefined();
    expect(light.body.displayName).toBe('Patched 2');
    const read = await t.scim.request('GET', `/Groups/${group.id}`);
    expect(read.body.members.map((m: { value: string }) => m.value)).toEqual([ada.id]);
  });

  it('replaces the membership with a PUT of the whole list and echoes the GET body (Okta AIW)', async () => {
    const { body: group } = await t.scim.createGroup('AIW Push', [ada.id]);
    const { body: read } = await t.scim.request('GET', `/Groups/${group.id}`);
    const put = await t.scim.request('PUT', `/Groups/${group.id}`, {
      ...read,
      members: [...read.members, { value: bob.id, display: 'bob' }],
    });
    expect(put.status).toBe(200);
    expect(put.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [ada.id, bob.id].sort(),
    );
    const echoed = await t.scim.request('PUT', `/Groups/${group.id}`, put.body);
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get('etag')).toBe(put.body.meta.version);

    const renameWithoutMembers = await t.scim.request('PUT', `/Groups/${group.id}`, {
      schemas: [GROUP],
      displayName: 'AIW Push renamed',
      'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group': null,
    });
    expect(renameWithoutMembers.status).toBe(200);
    expect(renameWithoutMembers.body.members ?? []).toEqual([]);
  });

  it('runs the scim-sanity group sequence: PUT without meta, PATCH rename, fake member', async () => {
    const { body: created } = await t.scim.createGroup('Sanity', []);
    const { meta: _meta, ...withoutMeta } = created;
    const put = await t.scim.request('PUT', `/Groups/${created.id}`, {
      ...withoutMeta,
      displayName: 'Sanity 2',
    });
    expect(put.status).toBe(200);
    const rename = await t.scim.patch(`/Groups/${created.id}`, [
      { op: 'replace', path: 'displayName', value: 'Sanity 3' },
    ]);
    expect(rename.status).toBe(200);
    expect(rename.body.displayName).toBe('Sanity 3');
  });

  it('accepts the Entra group create body with its ADSCIM schema URN', async () => {
    const response = await t.scim.request('POST', '/Groups', {
      schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      externalId: 'entra-group-1',
      displayName: 'Entra Sales',
      meta: { resourceType: 'Group' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ schemas: [GROUP], externalId: 'entra-group-1' });
  });
});

describe('Bad input never answers 500', () => {
  const deepArray = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
  const deepObject = `{"schemas":["${USER}"],"userName":"deep","name":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;

  it.each([
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"user"'],
    ['null', 'null'],
    ['deeply nested arrays', deepArray],
    ['a deeply nested object', deepObject],
    ['schemas as an object', JSON.stringify({ schemas: { a: 1 }, userName: 'x' })],
    ['userName as an object', JSON.stringify({ schemas: [USER], userName: { a: 1 } })],
    [
      'emails as an object',
      JSON.stringify({ schemas: [USER], userName: 'x', emails: { value: 1 } }),
    ],
    ['name as an array', JSON.stringify({ schemas: [USER], userName: 'x', name: [[['a']]] })],
    [
      'an extension as a string',
      JSON.stringify({ schemas: [USER], userName: 'x', [ENTERPRISE]: 'x' }),
    ],
    ['a __proto__ key', `{"schemas":["${USER}"],"userName":"p","__proto__":{"admin":true}}`],
  ])('POST /Users with %s answers 4xx', async (_name, body) => {
    const response = await t.scim.request('POST', '/Users', body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body.schemas).toEqual([ERROR]);
  });

  it('stores a 1 MB value as sent, and refuses a body past the size limit with 413', async () => {
    const title = 'x'.repeat(1_000_000);
    const large = await t.scim.createUser('large@example.com', { title });
    expect(large.status).toBe(201);
    expect(large.body.title).toBe(title);
    const huge = await t.scim.createUser('huge@example.com', { title: 'y'.repeat(50_000_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.schemas).toEqual([ERROR]);
  });

  it('answers 4xx for wrong types in PUT and PATCH of users and groups', async () => {
    const { body: user } = await t.scim.createUser('fuzz@example.com');
    const { body: group } = await t.scim.createGroup('Fuzz', [user.id]);
    const odd: unknown[] = [null, 7, 'x', true, [], {}, [[{}]], { value: { value: {} } }];
    const requests: [string, string, unknown][] = [];
    for (const value of odd) {
      requests.push(['PUT', `/Users/${user.id}`, value]);
      requests.push(['PUT', `/Users/${user.id}`, { schemas: [USER], userName: value }]);
      requests.push([
        'PUT',
        `/Users/${user.id}`,
        { schemas: [USER], userName: 'f', emails: value },
      ]);
      requests.push([
        'PUT',
        `/Groups/${group.id}`,
        { schemas: [GROUP], displayName: 'F', members: value },
      ]);
      requests.push([
        'PUT',
        `/Groups/${group.id}`,
        { schemas: [GROUP], displayName: 'F', members: [value] },
      ]);
      requests.push(['PATCH', `/Users/${user.id}`, value]);
      requests.push([
        'PATCH',
        `/Users/${user.id}`,
        { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: value },
      ]);
      for (const path of [
        'emails',
        'name',
        'active',
        `${ENTERPRISE}:manager`,
        ENTERPRISE,
        'emails[type eq "work"].value',
      ])
        requests.push([
          'PATCH',
          `/Users/${user.id}`,
          {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'add', path, value }],
          },
        ]);
      for (const path of ['members', 'displayName', 'members[value eq "x"]', undefined])
        requests.push([
          'PATCH',
          `/Groups/${group.id}`,
          {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', path, value }],
          },
        ]);
    }
    for (const [method, path, body] of requests) {
      const response = await t.scim.request(method, path, body);
      if (response.status >= 500)
        throw new Error(`${method} ${path} ${JSON.stringify(body)} answered ${response.status}`);
    }
  });
});

describe('Answers of the entra preset', () => {
  let entra: TestService;

  beforeAll(async () => {
    entra = await startTestService({ SCIM_BOOTSTRAP_PRESET: 'entra' });
  });
  afterAll(async () => {
    await entra.stop();
  });

  it('answers a group PATCH with 204 and no body, a user PATCH with 200 and the user', async () => {
    const { body: user } = await entra.scim.createUser('entra.preset@contoso.com');
    const { body: group } = await entra.scim.createGroup('Entra preset');
    const members = await entra.scim.patch(`/Groups/${group.id}`, [
      { op: 'Add', path: 'members', value: [{ $ref: null, value: user.id }] },
    ]);
    expect(members.status).toBe(204);
    expect(members.body).toBeUndefined();
    expect(members.headers.get('etag')).toBe('W/"1"');
    const rename = await entra.scim.patch(`/Groups/${group.id}`, [
      { op: 'Replace', path: 'displayName', value: 'Entra preset 2' },
    ]);
    expect(rename.status).toBe(204);
    const read = await entra.scim.request('GET', `/Groups/${group.id}`);
    // The IdP presets return members.display with every group (generic: on request).
    expect(read.body).toMatchObject({
      displayName: 'Entra preset 2',
      members: [{ value: user.id, display: 'entra.preset@contoso.com', type: 'User' }],
    });
    const schema = await entra.scim.request(
      'GET',
      '/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group',
    );
    const membersAttribute = schema.body.attributes.find(
      (a: { name: string }) => a.name === 'members',
    );
    expect(
      membersAttribute.subAttributes.find((a: { name: string }) => a.name === 'display').returned,
    ).toBe('default');

    const disabled = await entra.scim.patch(`/Users/${user.id}`, [
      { op: 'Replace', path: 'active', value: 'False' },
    ]);
    expect(disabled.status).toBe(200);
    expect(disabled.body.active).toBe(false);
  });
});
