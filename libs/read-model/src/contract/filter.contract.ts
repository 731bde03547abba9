import { beforeEach, describe, expect, it } from '@jest/globals';
import type { AttributePath, CompareOperator, Filter, FilterValue } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import type { ListQuery } from '../read-model.port.js';
import { type OpenReadModel, useReadModel } from './contract-setup.js';
import {
  CUSTOM,
  groupFilter,
  groupQuery,
  path,
  seedDirectory,
  userFilter,
  userQuery,
} from './list.fixture.js';

const cmp = (p: AttributePath, op: CompareOperator, value: FilterValue): Filter => ({
  kind: 'compare',
  path: p,
  op,
  value,
});
const valuePath = (attribute: string, filter: Filter): Filter => ({
  kind: 'valuePath',
  path: path(attribute),
  filter,
});

/** RFC 7644 §3.4.2.2 filters, compiled by the adapter into its own query language. */
export function describeFilterQueries(open: OpenReadModel): void {
  const ctx = useReadModel(open);
  beforeEach(async () => seedDirectory(ctx()));

  const userIds = async (filter: string | Filter, extra: Partial<ListQuery> = {}) => {
    const parsed = typeof filter === 'string' ? userFilter(filter) : filter;
    const result = await ctx().model.listUsers('acme', userQuery({ filter: parsed, ...extra }));
    return result.rows.map((row) => row.id);
  };
  const groupIds = async (filter: string) =>
    (await ctx().model.listGroups('acme', groupQuery({ filter: groupFilter(filter) }))).rows.map(
      (row) => row.id,
    );
  const rejects = async (filter: Filter, extra: Partial<ListQuery> = {}) =>
    expect(userIds(filter, extra)).rejects.toBeInstanceOf(InvalidFilterError);

  describe('filters on columns', () => {
    it('compares userName case-insensitively with every string operator (caseExact false)', async () => {
      expect(await userIds('userName eq "ALICE@example.COM"')).toEqual(['u1']);
      expect(await userIds('username Eq "alice@EXAMPLE.com"')).toEqual(['u1']);
      expect(await userIds('userName sw "B"')).toEqual(['u2']);
      expect(await userIds('userName ew "@EXAMPLE.com"')).toEqual(['u1', 'u2']);
      expect(await userIds('userName co "ARO"')).toEqual(['u3']);
      expect(await userIds('userName gt "B"')).toEqual(['u2', 'u3']);
      expect(await userIds('userName ge "bob@example.com"')).toEqual(['u2', 'u3']);
      expect(await userIds('userName lt "bob@example.com"')).toEqual(['u1']);
      expect(await userIds('userName le "bob@example.com"')).toEqual(['u1', 'u2']);
      expect(await userIds('userName ne "carol"')).toEqual(['u1', 'u2']);
      expect(
        await userIds('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "carol"'),
      ).toEqual(['u3']);
    });

    it('compares id and externalId exactly (caseExact true)', async () => {
      expect(await userIds('externalId eq "ext-1"')).toEqual([]);
      expect(await userIds('externalId eq "EXT-1"')).toEqual(['u1']);
      expect(await userIds('externalId sw "EXT"')).toEqual(['u1']);
      expect(await userIds('id eq "u2"')).toEqual(['u2']);
      expect(await userIds('id eq "U2"')).toEqual([]);
    });

    it('filters active with booleans and with the string booleans Entra sends', async () => {
      expect(await userIds('active eq false')).toEqual(['u2']);
      expect(await userIds('active eq "True"')).toEqual(['u1', 'u3']);
      expect(await userIds('active ne true')).toEqual(['u2']);
      expect(await userIds('active pr')).toEqual(['u1', 'u2', 'u3']);
    });

    it('reads an active the IdP removed as no value', async () => {
      const { log, apply } = ctx();
      await apply(log.user('acme', { type: 'UserActiveCleared', data: { userId: 'u3' } }));
      expect(await userIds('active eq true')).toEqual(['u1']);
      expect(await userIds('active ne true')).toEqual(['u2', 'u3']);
      expect(await userIds('active pr')).toEqual(['u1', 'u2']);
      expect(await userIds('active eq null')).toEqual(['u3']);
    });

    it('compares meta.created and meta.lastModified as instants, whatever the offset', async () => {
      // u1 was created at 2024-01-01T00:00:01.000Z.
      expect(await userIds('meta.created eq "2024-01-01T00:00:01Z"')).toEqual(['u1']);
      expect(await userIds('meta.created eq "2024-01-01T02:00:01+02:00"')).toEqual(['u1']);
      expect(await userIds('meta.created gt "2024-01-01T00:00:01Z"')).toEqual(['u2', 'u3']);
      expect(await userIds('meta.lastModified le "2024-01-01T00:00:02.000Z"')).toEqual([
        'u1',
        'u2',
      ]);
      expect(await userIds('meta.lastModified lt "2024-01-01T00:00:01.001Z"')).toEqual(['u1']);
    });

    it('derives meta.resourceType, meta.version and meta.location as GET shows them', async () => {
      const base = 'https://scim.example/scim/v2/acme';
      expect(await userIds('meta.resourceType eq "User"')).toEqual(['u1', 'u2', 'u3']);
      expect(await userIds('meta.resourceType eq "Group"')).toEqual([]);
      expect(await userIds('meta.version eq "W/\\"0\\""')).toEqual(['u1', 'u2', 'u3']);
      expect(await userIds(`meta.location eq "${base}/Users/u2"`, { baseUrl: base })).toEqual([
        'u2',
      ]);
    });

    it('tests presence, negation and ne (a missing attribute is "not equal")', async () => {
      expect(await userIds('externalId pr')).toEqual(['u1', 'u2']);
      expect(await userIds('title pr')).toEqual(['u1']);
      expect(await userIds('nickName pr')).toEqual([]);
      expect(await userIds('emails pr')).toEqual(['u1', 'u2']);
      expect(await userIds('not (userName eq "carol")')).toEqual(['u1', 'u2']);
      expect(await userIds('externalId ne "EXT-1"')).toEqual(['u2', 'u3']);
      expect(await userIds('title eq null')).toEqual(['u2', 'u3']);
      expect(await userIds('title ne null')).toEqual(['u1']);
    });

    it('combines with and, or, not and parentheses (not > and > or)', async () => {
      expect(await userIds('(userName sw "a" or userName sw "b") and active eq true')).toEqual([
        'u1',
      ]);
      expect(
        await userIds('(userName sw "a" or userName sw "b") and not (active eq true)'),
      ).toEqual(['u2']);
      expect(await userIds('id eq "u3" or externalId eq "ext-2"')).toEqual(['u2', 'u3']);
      expect(await userIds('id eq "u3" or id eq "u1" and active eq false')).toEqual(['u3']);
    });
  });

  describe('filters on attributes kept as JSON', () => {
    it('matches any element of a multi-valued attribute, case-insensitively', async () => {
      expect(await userIds('emails.value eq "alice@x.EXAMPLE"')).toEqual(['u1']);
      expect(await userIds('emails.value co "@X."')).toEqual(['u1', 'u2']);
      expect(await userIds('emails.type eq "WORK"')).toEqual(['u1', 'u2']);
      expect(await userIds('emails.value ew ".EXAMPLE" and emails.value sw "BOB"')).toEqual(['u2']);
    });

    it('reads "emails eq" as emails.value and "manager eq" as manager.value', async () => {
      expect(await userIds('emails eq "bob@corp.example"')).toEqual(['u2']);
      expect(await userIds('manager eq "u2"')).toEqual(['u1']);
      expect(await userIds('id eq "u1" and manager eq "u2"')).toEqual(['u1']);
      expect(
        await userIds(
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "u2"',
        ),
      ).toEqual(['u1']);
    });

    it('applies a value filter to one and the same element', async () => {
      expect(await userIds('emails[type eq "work" and value co "@x."]')).toEqual(['u1']);
      expect(await userIds('emails[type eq "home" and value co "corp"]')).toEqual([]);
      expect(await userIds('emails[type eq "work"].value eq "BOB@corp.example"')).toEqual(['u2']);
      expect(await userIds('emails[type eq "home"].value eq "bob@corp.example"')).toEqual([]);
      expect(await userIds('roles[primary eq "True"]')).toEqual(['u1']);
      expect(await userIds('emails[not (type eq "home")]')).toEqual(['u1', 'u2']);
      expect(await userIds('emails[type eq "work"] and not (emails[type eq "home"])')).toEqual([]);
    });

    it('reads sub-attributes of complex and extension attributes', async () => {
      expect(await userIds('name.familyName eq "SMITH"')).toEqual(['u1']);
      expect(await userIds('name.familyName pr')).toEqual(['u1', 'u2']);
      expect(
        await userIds(
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701"',
        ),
      ).toEqual(['u1']);
      expect(await userIds('displayName eq "ALICE ÄRGER"')).toEqual(['u1']);
    });

    it("types a tenant extension's attributes by its schema: numbers, instants, caseExact", async () => {
      expect(await userIds(`${CUSTOM}:level gt 2`)).toEqual(['u1']);
      expect(await userIds(`${CUSTOM}:level le 3`)).toEqual(['u1', 'u2']);
      expect(await userIds(`${CUSTOM}:level eq "1"`)).toEqual(['u2']);
      // u1 was hired at 08:00Z, written as 10:00+02:00; as text it would sort after 08:15.
      expect(await userIds(`${CUSTOM}:hired gt "2020-05-01T08:15:00Z"`)).toEqual(['u2']);
      expect(await userIds(`${CUSTOM}:hired eq "2020-05-01T08:00:00Z"`)).toEqual(['u1']);
      expect(await userIds(`${CUSTOM}:badge eq "AB-1"`)).toEqual(['u1']);
      expect(await userIds(`${CUSTOM}:badge eq "ab-1"`)).toEqual(['u2']);
    });

    it('filters users by the groups they are in', async () => {
      expect(await userIds('groups.value eq "g1"')).toEqual(['u1']);
      expect(await userIds('groups eq "g2"')).toEqual(['u1', 'u2']);
      expect(await userIds('groups[value eq "g2"]')).toEqual(['u1', 'u2']);
      expect(await userIds('groups.display eq "STAFF"')).toEqual(['u1', 'u2']);
      expect(await userIds('groups.type eq "direct"')).toEqual(['u1', 'u2']);
      expect(await userIds('not (groups pr)')).toEqual(['u3']);
    });
  });

  describe('email filters as users change', () => {
    it('follows emails replaced, removed and users deleted', async () => {
      const { log, apply } = ctx();
      const byEmail = (email: string) => userIds(`emails[type eq "work"].value eq "${email}"`);
      await apply(
        log.user('acme', {
          type: 'UserAttributesChanged',
          data: {
            userId: 'u2',
            set: { emails: [{ value: 'Bob@New.example', type: 'work' }] },
            unset: [],
          },
        }),
      );
      expect(await byEmail('bob@corp.example')).toEqual([]);
      expect(await byEmail('BOB@new.example')).toEqual(['u2']);
      expect(await userIds('emails eq "bob@new.example"')).toEqual(['u2']);
      await apply(
        log.user('acme', {
          type: 'UserAttributesChanged',
          data: { userId: 'u2', set: {}, unset: ['emails'] },
        }),
        log.user('acme', {
          type: 'UserDeleted',
          data: { userId: 'u1', userName: 'Alice@Example.com' },
        }),
      );
      expect(await byEmail('bob@new.example')).toEqual([]);
      expect(await userIds('emails eq "alice@x.example"')).toEqual([]);
      expect(await userIds('emails pr')).toEqual([]);
    });
  });

  describe('group filters', () => {
    it('matches id, displayName case-insensitively and externalId exactly', async () => {
      expect(await groupIds('displayName eq "ADMINS"')).toEqual(['g1']);
      expect(await groupIds('id eq "g2"')).toEqual(['g2']);
      expect(await groupIds('externalId eq "G-1"')).toEqual(['g1']);
      expect(await groupIds('externalId eq "g-1"')).toEqual([]);
      expect(await groupIds('meta.resourceType eq "Group"')).toEqual(['g1', 'g2']);
    });

    it('matches members by value, as Entra checks membership', async () => {
      expect(await groupIds('members[value eq "u2"]')).toEqual(['g2']);
      expect(await groupIds('members.value eq "u1"')).toEqual(['g1', 'g2']);
      expect(await groupIds('members eq "u2"')).toEqual(['g2']);
      expect(await groupIds('id eq "g1" and members[value eq "u2"]')).toEqual([]);
      expect(await groupIds('members pr')).toEqual(['g1', 'g2']);
      expect(await groupIds('members[type eq "user" and value eq "u1"]')).toEqual(['g1', 'g2']);
    });
  });

  describe('filters the adapter refuses', () => {
    it('rejects ordering and substring operators on booleans (RFC 7644 §3.4.2.2)', async () => {
      await rejects(cmp(path('active'), 'gt', true));
      await rejects(cmp(path('active'), 'co', 'tr'));
      await rejects(cmp(path('roles', 'primary'), 'lt', true));
    });

    it('rejects type mismatches, unknown attributes, nested value filters and bad names', async () => {
      await rejects(cmp(path('level', undefined, CUSTOM), 'co', 1));
      await rejects(cmp(path('hired', undefined, CUSTOM), 'gt', 'yesterday'));
      await rejects(cmp(path('userName'), 'eq', 5));
      await rejects(cmp(path('meta', 'created'), 'eq', 'yesterday'));
      await rejects(cmp(path('meta', 'shoeSize'), 'eq', 'x'));
      await rejects(cmp(path('shoeSize'), 'eq', 'x'));
      await rejects(valuePath('emails', valuePath('emails', cmp(path('type'), 'eq', 'work'))));
      await rejects(cmp(path('user"Name'), 'eq', 'x'));
      await rejects(cmp(path('userName'), 'gt', null));
      await rejects(cmp(path('meta', 'location'), 'eq', 'https://x/Users/u1'));
    });

    it('rejects member sub-attributes it does not hold', async () => {
      const filter = groupFilter('members.display eq "x"');
      await expect(ctx().model.listGroups('acme', groupQuery({ filter }))).rejects.toThrow(
        /members\.display is not supported/,
      );
    });
  });
}
