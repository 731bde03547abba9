import { describe, expect, it } from '@jest/globals';
import { ScimError } from '../errors/scim-error.js';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { document360UserSchema } from '../schema/document360-user.schema.js';
import { parseFilter } from './parse-filter.js';

const registry = new SchemaRegistry({
  extensions: [{ resourceType: 'User', schema: document360UserSchema }],
});
const users = registry.forResource('User');
const groups = registry.forResource('Group');
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

function failure(text: string, resolver = users): ScimError {
  try {
    parseFilter(text, resolver);
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}

describe('parseFilter', () => {
  it('parses the filters Entra, Okta and PingOne send', () => {
    expect(parseFilter('userName eq "test.user@okta.local"', users)).toEqual({
      kind: 'compare',
      path: { attribute: 'userName' },
      op: 'eq',
      value: 'test.user@okta.local',
    });
    expect(parseFilter('externalId eq "00u1"', users)).toEqual({
      kind: 'compare',
      path: { attribute: 'externalId' },
      op: 'eq',
      value: '00u1',
    });
    expect(parseFilter('displayName eq "Sales"', groups)).toEqual({
      kind: 'compare',
      path: { attribute: 'displayName' },
      op: 'eq',
      value: 'Sales',
    });
    // PingOne: mixed-case attribute and capitalised operator.
    expect(parseFilter('username Eq "a@x"', users)).toEqual({
      kind: 'compare',
      path: { attribute: 'userName' },
      op: 'eq',
      value: 'a@x',
    });
  });

  it('reads `emails eq` and `manager eq` as comparisons on their value', () => {
    expect(parseFilter('emails eq "a@x"', users)).toEqual({
      kind: 'compare',
      path: { attribute: 'emails', subAttribute: 'value' },
      op: 'eq',
      value: 'a@x',
    });
    expect(parseFilter('id eq "u1" and manager eq "m1"', users)).toEqual({
      kind: 'and',
      left: { kind: 'compare', path: { attribute: 'id' }, op: 'eq', value: 'u1' },
      right: {
        kind: 'compare',
        path: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
        op: 'eq',
        value: 'm1',
      },
    });
  });

  it('parses value paths with full inner paths, and Entra\'s `emails[type eq "work"].value eq`', () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]', users)).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'and',
        left: {
          kind: 'compare',
          path: { attribute: 'emails', subAttribute: 'type' },
          op: 'eq',
          value: 'work',
        },
        right: {
          kind: 'compare',
          path: { attribute: 'emails', subAttribute: 'value' },
          op: 'co',
          value: '@x',
        },
      },
    });
    expect(parseFilter('emails[type eq "work"].value eq "a@x"', users)).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'and',
        left: {
          kind: 'compare',
          path: { attribute: 'emails', subAttribute: 'type' },
          op: 'eq',
          value: 'work',
        },
        right: {
          kind: 'compare',
          path: { attribute: 'emails', subAttribute: 'value' },
          op: 'eq',
          value: 'a@x',
        },
      },
    });
  });

  it('gives not precedence over and, and and over or', () => {
    const filter = parseFilter('title pr or not (userType eq "A") and active eq true', users);
    expect(filter).toEqual({
      kind: 'or',
      left: { kind: 'present', path: { attribute: 'title' } },
      right: {
        kind: 'and',
        left: {
          kind: 'not',
          filter: { kind: 'compare', path: { attribute: 'userType' }, op: 'eq', value: 'A' },
        },
        right: { kind: 'compare', path: { attribute: 'active' }, op: 'eq', value: true },
      },
    });
    expect(parseFilter('(title pr or nickName pr) and active eq false', users).kind).toBe('and');
    expect(parseFilter('title pr AND nickName pr OR userType pr', users).kind).toBe('or');
  });

  it('resolves URN-qualified names, including sub-attributes of extension attributes', () => {
    expect(parseFilter(`${ENTERPRISE}:employeeNumber eq "42"`, users)).toEqual({
      kind: 'compare',
      path: { schema: ENTERPRISE, attribute: 'employeeNumber' },
      op: 'eq',
      value: '42',
    });
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "m1"`, users)).toMatchObject({
      path: { schema: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
    });
    expect(
      parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName sw "J"', users),
    ).toMatchObject({
      path: { attribute: 'name', subAttribute: 'familyName' },
      op: 'sw',
    });
  });

  it('types literals by the attribute: string booleans, numbers, dateTimes and null', () => {
    expect(parseFilter('roles[primary eq "True"]', users)).toMatchObject({
      filter: { value: true },
    });
    expect(parseFilter('active eq FALSE', users)).toMatchObject({ value: false });
    expect(
      parseFilter(
        'urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount eq "false"',
        users,
      ),
    ).toMatchObject({
      value: false,
    });
    // One spelling per instant, whatever offset the client wrote.
    expect(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"', users)).toMatchObject({
      op: 'gt',
      value: '2011-05-13T04:42:34.000Z',
    });
    expect(parseFilter('meta.created ge "2011-05-13T06:42:34.5+02:00"', users)).toMatchObject({
      value: '2011-05-13T04:42:34.500Z',
    });
    expect(parseFilter('meta.created lt "2011-05-13T04:42:34"', users)).toMatchObject({
      value: '2011-05-13T04:42:34.000Z',
    });
    expect(parseFilter('title eq null', users)).toMatchObject({ value: null });
    expect(parseFilter('externalId eq 42', users)).toMatchObject({ value: '42' });
  });

  it('decodes JSON string escapes', () => {
    expect(parseFilter('displayName eq "say \\"hi\\" \\u00e9\\\\"', users)).toMatchObject({
      value: 'say "hi" é\\',
    });
  });

  it('refuses an unquoted string value, as the grammar has none (an old Entra sample sent one)', () => {
    expect(failure('externalId eq jyoung').detail).toBe(
      'Unexpected "jyoung" at character 15 of the filter; expected a value (a "string", number, true, false or null)',
    );
  });

  it('accepts not without parentheses, binding tighter than and', () => {
    expect(parseFilter('not title pr and active eq true', users)).toEqual({
      kind: 'and',
      left: { kind: 'not', filter: { kind: 'present', path: { attribute: 'title' } } },
      right: { kind: 'compare', path: { attribute: 'active' }, op: 'eq', value: true },
    });
  });

  it('parses member filters on groups', () => {
    expect(parseFilter('members[value eq "u1"]', groups)).toEqual({
      kind: 'valuePath',
      path: { attribute: 'members' },
      filter: {
        kind: 'compare',
        path: { attribute: 'members', subAttribute: 'value' },
        op: 'eq',
        value: 'u1',
      },
    });
  });

  it('refuses bad string escapes', () => {
    expect(failure('userName eq "a\\q"').detail).toMatch(/expected a JSON string escape/);
  });

  it('names an unknown attribute in a 400 invalidFilter', () => {
    const error = failure('shoeSize eq "42"');
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toBe('Unknown attribute "shoeSize" at character 1 of the filter');
    expect(failure('emails[kind eq "work"]').detail).toContain(
      'Unknown attribute "kind" of emails',
    );
  });

  it('points at the position of a syntax error', () => {
    expect(failure('userName eq "a" xyz').detail).toBe(
      'Unexpected "xyz" at character 17 of the filter; expected and, or or the end',
    );
    expect(failure('userName zz "a"').detail).toMatch(
      /^Unexpected "zz" at character 10 of the filter/,
    );
    expect(failure('userName eq').detail).toMatch(/^Unexpected end of the filter at character 12/);
    expect(failure('(userName eq "a"').detail).toMatch(
      /^Unexpected end of the filter at character 17; expected and, or or "\)"/,
    );
    expect(failure('userName eq "abc').detail).toMatch(
      /^Unexpected ""abc" at character 13 of the filter; expected a closing quote/,
    );
    expect(failure('userName eq "a" & x').detail).toMatch(/^Unexpected "&" at character 17/);
    expect(failure('userName eq 12ab').detail).toMatch(/^Unexpected "12ab" at character 13/);
    expect(failure('').detail).toMatch(/^Unexpected end of the filter at character 1/);
  });

  it('refuses comparisons the attribute type does not allow', () => {
    expect(failure('active gt true').detail).toContain(
      '"gt" is not defined for the boolean attribute active',
    );
    expect(failure('active eq "maybe"').scimType).toBe('invalidFilter');
    expect(failure('meta.created gt "yesterday"').detail).toContain('not an xsd:dateTime');
    expect(failure('meta.created gt "1"').detail).toContain('not an xsd:dateTime');
    expect(failure('meta.created co "2011"').detail).toContain(
      '"co" compares text; created is a dateTime, use gt, ge, lt or le',
    );
    expect(failure('active le false').detail).toContain(
      '"le" is not defined for the boolean attribute active',
    );
    expect(failure('name eq "x"').detail).toContain('name is complex');
    expect(failure('title gt null').scimType).toBe('invalidFilter');
    expect(failure('password eq "secret"').detail).toContain('password cannot be used in a filter');
    expect(failure('userName[value eq "x"]').detail).toContain('userName has no sub-attributes');
  });

  it('refuses filters nested too deeply', () => {
    const deep = `${'('.repeat(40)}title pr${')'.repeat(40)}`;
    expect(failure(deep).detail).toContain('nested parentheses');
  });
});
