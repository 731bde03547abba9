import { describe, expect, it } from '@jest/globals';
import { SchemaRegistry } from '../schema/schema-registry.js';
import { matchesFilter } from './match-filter.js';
import { parseFilter } from './parse-filter.js';

const registry = new SchemaRegistry();
const users = registry.forResource('User');

const babs = {
  schemas: [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  ],
  id: '2819c223',
  externalId: 'Bjensen',
  userName: 'bjensen@example.com',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  roles: [{ value: 'Admin', primary: true }],
  meta: { created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
    employeeNumber: '701984',
    manager: { value: '26118915' },
  },
};

function matches(filter: string): boolean {
  return matchesFilter(babs, parseFilter(filter, users), users);
}

describe('matchesFilter', () => {
  it('compares caseExact=false strings ignoring case (Okta probes userName in upper case)', () => {
    expect(matches('userName eq "BJENSEN@EXAMPLE.COM"')).toBe(true);
    expect(matches('name.familyName co "ens"')).toBe(true);
    expect(matches('name.familyName sw "J"')).toBe(true);
    expect(matches('name.familyName ew "SEN"')).toBe(true);
  });

  it('compares caseExact attributes exactly', () => {
    expect(matches('externalId eq "Bjensen"')).toBe(true);
    expect(matches('externalId eq "bjensen"')).toBe(false);
    expect(matches('id eq "2819C223"')).toBe(false);
  });

  it('matches a multi-valued attribute when any value matches', () => {
    expect(matches('emails eq "babs@jensen.org"')).toBe(true);
    expect(matches('emails.type eq "home"')).toBe(true);
    expect(matches('emails eq "nobody@x"')).toBe(false);
  });

  it('tests value-path conditions on one element', () => {
    expect(matches('emails[type eq "work" and value co "example"]')).toBe(true);
    expect(matches('emails[type eq "home" and value co "example"]')).toBe(false);
    expect(matches('emails[type eq "work"].value eq "bjensen@example.com"')).toBe(true);
    expect(matches('emails[type eq "home"].value eq "bjensen@example.com"')).toBe(false);
    expect(matches('roles[primary eq "True"]')).toBe(true);
  });

  it('compares booleans, dateTimes and extension attributes by type', () => {
    expect(matches('active eq true')).toBe(true);
    expect(matches('active eq "False"')).toBe(false);
    expect(matches('meta.lastModified gt "2011-05-13T04:42:33Z"')).toBe(true);
    expect(matches('meta.lastModified gt "2011-05-13T06:42:34+02:00"')).toBe(false);
    expect(matches('meta.created le "2010-01-23T04:56:22Z"')).toBe(true);
    expect(matches('meta.created eq "2010-01-23T05:56:22+01:00"')).toBe(true);
    expect(
      matches(
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"',
      ),
    ).toBe(true);
    expect(matches('id eq "2819c223" and manager eq "26118915"')).toBe(true);
  });

  it('treats pr, null, ne and not as RFC 7644 describes', () => {
    expect(matches('title pr')).toBe(false);
    expect(matches('emails pr')).toBe(true);
    expect(matches('title eq null')).toBe(true);
    expect(matches('userName ne "bjensen@example.com"')).toBe(false);
    expect(matches('title ne "Boss"')).toBe(true);
    expect(matches('not (active eq true) or userName sw "b"')).toBe(true);
  });
});

describe('matchesFilter across resource types', () => {
  it('reads an attribute the type lacks as having no value (RFC 7644 §3.4.2.2)', () => {
    const groups = registry.forResource('Group');
    const group = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], id: 'g1' };
    const unknownAsAbsent = { unknownAttribute: () => undefined };
    const matchesGroup = (text: string) =>
      matchesFilter(group, parseFilter(text, groups, unknownAsAbsent), groups);
    expect(matchesGroup('userName eq "x"')).toBe(false);
    expect(matchesGroup('userName pr')).toBe(false);
    expect(matchesGroup('userName ne "x"')).toBe(true);
    expect(matchesGroup('userName eq null')).toBe(true);
    expect(matchesGroup('emails[type eq "work"]')).toBe(false);
    expect(matchesGroup('not (emails[type eq "work"].value eq "x")')).toBe(true);
    expect(matchesGroup('userName eq "x" or id eq "g1"')).toBe(true);
  });
});
