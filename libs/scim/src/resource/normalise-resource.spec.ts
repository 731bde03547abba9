import { describe, expect, it } from '@jest/globals';
import { ScimError } from '../errors/scim-error.js';
import type { JsonObject } from '../json/json.js';
import { attribute, complex, type SchemaDefinition } from '../schema/attribute-definition.js';
import { document360UserSchema } from '../schema/document360-user.schema.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { normaliseResource, type ResourceRules } from './normalise-resource.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const D360 = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';
const BADGE = 'urn:example:params:scim:schemas:extension:badge:2.0:User';

const badgeSchema: SchemaDefinition = {
  id: BADGE,
  name: 'Badge',
  description: 'Badge data',
  attributes: [
    attribute('badgeId', 'string', { mutability: 'immutable' }),
    attribute('floor', 'integer'),
    attribute('weight', 'decimal'),
    attribute('issuedAt', 'dateTime'),
    attribute('photo', 'binary'),
    complex('card', [
      attribute('serial', 'string', { mutability: 'immutable', required: true }),
      attribute('color'),
    ]),
  ],
};

const registry = new SchemaRegistry({
  extensions: [
    { resourceType: 'User', schema: document360UserSchema },
    { resourceType: 'User', schema: badgeSchema },
  ],
});

function normalise(body: unknown, rules: Partial<ResourceRules> = {}): JsonObject {
  return normaliseResource(body, { registry, resourceType: 'User', input: 'create', ...rules });
}

function failure(body: unknown, rules: Partial<ResourceRules> = {}): ScimError {
  try {
    normalise(body, rules);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

const user = (extra: JsonObject = {}): JsonObject => ({
  schemas: [USER],
  userName: 'ada@example.com',
  ...extra,
});

describe('normaliseResource: names, types and unset values', () => {
  it('spells attribute and sub-attribute names as the schema does, keeping values as sent', () => {
    expect(
      normalise({
        SCHEMAS: [USER],
        USERNAME: 'Ada@Example.com',
        Name: { GivenName: 'Ada', familyname: 'Lovelace' },
        emails: [{ VALUE: 'Ada@Example.com', Type: 'Work', PRIMARY: true }],
        externalid: 'okta-00u1',
      }),
    ).toEqual({
      schemas: [USER],
      userName: 'Ada@Example.com',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'Ada@Example.com', type: 'Work', primary: true }],
      externalId: 'okta-00u1',
    });
  });

  it('treats the nulls, empty arrays and empty strings Entra sends as not set (E4)', () => {
    expect(
      normalise(
        user({
          addresses: null,
          phoneNumbers: null,
          title: null,
          manager: null,
          roles: [],
          nickName: '',
          name: { givenName: 'Ada', middleName: null },
          emails: [null, { value: 'a@x.org', display: null }],
        }),
      ),
    ).toEqual({
      ...user(),
      name: { givenName: 'Ada' },
      emails: [{ value: 'a@x.org' }],
    });
  });

  it('stores the JSON-encoded roles of Entra (E6) as the roles they carry', () => {
    const admin = JSON.stringify({ id: 'guid-1', value: 'Admin', displayName: 'Admin' });
    const writer = JSON.stringify({ id: 'guid-2', value: 'Writer', primary: 'True' });
    const result = normalise({
      schemas: [USER],
      userName: 'roles@example.com',
      roles: [{ value: admin }, { value: writer }, { value: '{plain' }, { value: 'Reader' }],
    });
    expect(result['roles']).toEqual([
      { value: 'Admin', display: 'Admin' },
      { value: 'Writer', primary: true },
      { value: '{plain' },
      { value: 'Reader' },
    ]);
  });

  it('refuses a JSON-encoded role whose sub-attributes are wrong, naming them', () => {
    const role = JSON.stringify({ value: 'Admin', primary: 'maybe' });
    expect(() =>
      normalise({ schemas: [USER], userName: 'r@example.com', roles: [{ value: role }] }),
    ).toThrow(/roles\[0\]\.primary/);
  });

  it('stores the string booleans Entra sends as booleans', () => {
    const result = normalise(
      user({
        active: 'False',
        emails: [{ value: 'a@x.org', primary: 'True' }],
        [D360]: { isTeamAccount: 'true' },
      }),
    );
    expect(result).toMatchObject({
      active: false,
      emails: [{ value: 'a@x.org', primary: true }],
      [D360]: { isTeamAccount: true },
    });
  });

  it('checks integers, decimals, date-times and binary, converting numeric strings', () => {
    const result = normalise(
      user({
        [BADGE]: {
          floor: '3',
          weight: 72.5,
          issuedAt: '2024-02-29T23:59:60.5+05:30',
          photo: 'aGVsbG8=',
        },
      }),
    );
    expect(result[BADGE]).toEqual({
      floor: 3,
      weight: 72.5,
      issuedAt: '2024-02-29T23:59:60.5+05:30',
      photo: 'aGVsbG8=',
    });
  });

  it.each([
    ['active', 'maybe', 'active must be true or false, not "maybe"'],
    ['userName', 42, 'userName must be a string, not 42'],
    ['name', 'Ada Lovelace', 'name must be an object with the sub-attributes formatted'],
    ['emails', { value: 'a@x.org' }, 'emails is multi-valued: send an array'],
    ['displayName', ['a', 'b'], 'displayName is single-valued'],
    ['emails', ['a@x.org'], 'emails[0] must be an object with the sub-attributes value'],
    ['x509Certificates', [{ value: 'not base64!' }], 'x509Certificates[0].value must be base64'],
  ])('rejects %s = %j with invalidValue and says what it expects', (name, value, detail) => {
    const error = failure(user({ [name]: value }));
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
    expect(error.detail).toContain(detail);
  });

  it.each([
    ['floor', 1.5, 'an integer'],
    ['floor', '12abc', 'an integer'],
    ['weight', 'heavy', 'a number'],
    ['issuedAt', '2024-02-30T00:00:00Z', 'an RFC 3339 date-time'],
    ['issuedAt', 'yesterday', 'an RFC 3339 date-time'],
    ['issuedAt', 1715575354, 'an RFC 3339 date-time'],
  ])('rejects the extension value %s = %j, naming it by its full path', (name, value, expected) => {
    const error = failure(user({ [BADGE]: { [name]: value } }));
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(`${BADGE}:${name} must be ${expected}`);
  });

  it('does not enforce canonical values and keeps huge strings as sent', () => {
    const long = 'x'.repeat(100_000);
    const result = normalise(user({ emails: [{ value: 'a@x.org', type: 'pager' }], title: long }));
    expect(result['emails']).toEqual([{ value: 'a@x.org', type: 'pager' }]);
    expect(result['title']).toBe(long);
  });

  it('shortens a huge wrong value in the error detail', () => {
    const error = failure(user({ active: 'y'.repeat(10_000) }));
    expect(error.detail.length).toBeLessThan(200);
  });
});

describe('normaliseResource: schemas and extensions', () => {
  it('requires schemas to name the core schema', () => {
    expect(failure({ userName: 'a' })).toMatchObject({
      scimType: 'invalidSyntax',
      detail: expect.stringContaining(USER),
    });
    expect(failure({ schemas: [GROUP], userName: 'a' }).scimType).toBe('invalidSyntax');
    expect(failure({ schemas: 'nope', userName: 'a' }).scimType).toBe('invalidSyntax');
    expect(failure(['not', 'an', 'object']).scimType).toBe('invalidSyntax');
  });

  it('accepts extension data whose URN is not in schemas and lists it in the result (Entra)', () => {
    const result = normalise(user({ [ENTERPRISE]: { employeeNumber: '42' } }));
    expect(result['schemas']).toEqual([USER, ENTERPRISE]);
    expect(result[ENTERPRISE]).toEqual({ employeeNumber: '42' });
  });

  it('accepts an extension object carrying its own schemas key (scim2-tester)', () => {
    const result = normalise(user({ [ENTERPRISE]: { schemas: [ENTERPRISE], department: 'R&D' } }));
    expect(result[ENTERPRISE]).toEqual({ department: 'R&D' });
  });

  it('matches extension URNs case-insensitively and stores them as registered', () => {
    const result = normalise(user({ [ENTERPRISE.toUpperCase()]: { DEPARTMENT: 'R&D' } }));
    expect(result[ENTERPRISE]).toEqual({ department: 'R&D' });
  });

  it('accepts URN-qualified attribute names at the top level', () => {
    const result = normalise({
      schemas: [USER],
      [`${USER}:userName`]: 'ada',
      [`${ENTERPRISE}:costCenter`]: 'C1',
    });
    expect(result).toEqual({
      schemas: [USER, ENTERPRISE],
      userName: 'ada',
      [ENTERPRISE]: { costCenter: 'C1' },
    });
  });

  it('leaves out extensions that hold no data, and ignores unknown URNs listed in schemas', () => {
    const result = normalise({
      schemas: [USER, ENTERPRISE, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      userName: 'ada',
      [ENTERPRISE]: { manager: null },
    });
    expect(result).toEqual({ schemas: [USER], userName: 'ada' });
    expect(
      normaliseResource(
        {
          schemas: [
            GROUP,
            'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
          ],
          displayName: 'Sales',
          meta: { resourceType: 'Group' },
        },
        { registry, resourceType: 'Group', input: 'create' },
      ),
    ).toEqual({ schemas: [GROUP], displayName: 'Sales' });
  });

  it('refuses unknown attributes with a detail naming them and how to fix it', () => {
    const unknown = failure(user({ shoeSize: 42 }));
    expect([unknown.status, unknown.scimType]).toEqual([400, 'invalidSyntax']);
    expect(unknown.detail).toContain('"shoeSize"');
    expect(unknown.detail).toContain('register the extension schema');

    const unknownUrn = failure(user({ 'urn:example:custom:2.0:User': { level: 3 } }));
    expect(unknownUrn.scimType).toBe('invalidSyntax');
    expect(unknownUrn.detail).toContain('Register the extension schema');

    const misplaced = failure(user({ employeeNumber: '42' }));
    expect(misplaced.detail).toContain(`send it inside "${ENTERPRISE}"`);

    expect(failure(user({ [ENTERPRISE]: { shoeSize: '42' } })).detail).toContain('"shoeSize"');
    expect(failure(user({ name: { nick: 'x' } })).detail).toContain('name.nick');
  });

  it('ignores unknown attributes that carry no value', () => {
    expect(normalise(user({ shoeSize: null, name: { nick: null } }))).toEqual(user());
  });

  it('refuses an attribute given twice in different cases', () => {
    expect(failure(user({ username: 'other' }))).toMatchObject({
      scimType: 'invalidSyntax',
      detail: expect.stringContaining('twice'),
    });
  });
});

describe('normaliseResource: mutability and required attributes', () => {
  it('ignores readOnly attributes as Okta echoes them from a GET (id, meta, groups)', () => {
    expect(
      normalise(
        user({
          id: 'u1',
          meta: { resourceType: 'User', version: 'W/"3"' },
          groups: [{ value: 'g1', display: 'Sales' }],
          [ENTERPRISE]: { manager: { value: 'm1', displayName: 'Boss' } },
        }),
      ),
    ).toEqual({
      ...user(),
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: { manager: { value: 'm1' } },
    });
  });

  it('keeps the writeOnly password for the caller', () => {
    expect(normalise(user({ password: 's3cret!' }))['password']).toBe('s3cret!');
  });

  it('requires userName and a group displayName (invalidValue)', () => {
    expect(failure({ schemas: [USER], userName: '   '.trim() })).toMatchObject({
      scimType: 'invalidValue',
      detail: expect.stringContaining('userName is required'),
    });
    expect(() =>
      normaliseResource({ schemas: [GROUP] }, { registry, resourceType: 'Group', input: 'create' }),
    ).toThrow(
      expect.objectContaining({
        scimType: 'invalidValue',
        detail: expect.stringContaining('displayName'),
      }),
    );
  });

  it('requires required sub-attributes when their attribute is given', () => {
    expect(failure(user({ [BADGE]: { card: { color: 'red' } } })).detail).toContain(
      `${BADGE}:card.serial is required`,
    );
  });

  it('refuses more than one primary value', () => {
    const error = failure(
      user({
        emails: [
          { value: 'a@x.org', primary: true },
          { value: 'b@x.org', primary: 'True' },
        ],
      }),
    );
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain('emails has 2 values with "primary": true');
  });

  it('on PUT, keeps immutable values that are left out and refuses changed ones (RFC 7644 §3.5.1)', () => {
    const current = {
      ...user(),
      [BADGE]: { badgeId: 'B-1', card: { serial: 'S-1', color: 'red' } },
    };
    const kept = normalise(user({ [BADGE]: { card: { color: 'blue' } } }), {
      input: 'replace',
      current,
    });
    expect(kept[BADGE]).toEqual({ card: { color: 'blue', serial: 'S-1' }, badgeId: 'B-1' });

    const echoed = normalise(current, { input: 'replace', current });
    expect(echoed[BADGE]).toEqual(current[BADGE]);

    const changed = failure(user({ [BADGE]: { badgeId: 'B-2' } }), { input: 'replace', current });
    expect([changed.status, changed.scimType]).toEqual([400, 'mutability']);
    expect(changed.detail).toContain(`${BADGE}:badgeId is immutable`);
    expect(
      failure(user({ [BADGE]: { card: { serial: 'S-9' } } }), { input: 'replace', current }).detail,
    ).toContain(`${BADGE}:card.serial is immutable`);
  });

  it('sets an immutable value that was never set', () => {
    const result = normalise(user({ [BADGE]: { badgeId: 'B-1' } }), {
      input: 'replace',
      current: user(),
    });
    expect(result[BADGE]).toEqual({ badgeId: 'B-1' });
  });

  it('reports problems of a PATCH result as invalidValue, saying so', () => {
    const error = failure(
      {
        schemas: [USER],
        userName: 'a',
        emails: [
          { value: 'a', primary: true },
          { value: 'b', primary: true },
        ],
      },
      { input: 'patchResult' },
    );
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toMatch(/^After this PATCH, emails has 2 values/);
  });
});

describe('normaliseResource: never anything but a ScimError for bad input', () => {
  const deepArray = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) as unknown;
  const deepObject = JSON.parse(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`) as unknown;
  const odd: unknown[] = [null, 42, -1.5, 'text', true, [], {}, [[1]], deepArray, deepObject];
  const places = [
    'userName',
    'name',
    'emails',
    'active',
    'x509Certificates',
    'groups',
    'schemas',
    ENTERPRISE,
    `${ENTERPRISE}:manager`,
    BADGE,
  ];

  it('answers a 400 ScimError or accepts, whatever the value and wherever it is', () => {
    for (const value of odd) {
      expect(() => normalise(value)).toThrow(ScimError);
      for (const place of places) {
        for (const body of [
          user({ [place]: value as never }),
          user({ emails: [{ [place]: value as never }] }),
          user({ [BADGE]: { card: { serial: value as never } } }),
        ]) {
          for (const input of ['create', 'replace', 'patchResult'] as const) {
            try {
              normalise(body, { input, current: user() });
            } catch (error) {
              expect(error).toBeInstanceOf(ScimError);
              expect((error as ScimError).status).toBe(400);
            }
          }
        }
      }
    }
  });
});
