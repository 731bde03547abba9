import { beforeEach, describe, expect, it } from '@jest/globals';
import type { AttributePath, CompareOperator, Filter, FilterValue } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import type { ListQuery } from '../read-model.port.js';
import { type ContractContext, type OpenReadModel, useReadModel } from './contract-setup.js';
import { users } from './recorded-events.fixture.js';

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const custom = 'urn:example:params:scim:schemas:extension:custom:1.0:User';

export const path = (attribute: string, subAttribute?: string, schema?: string): AttributePath => ({
  attribute,
  subAttribute,
  schema,
});
export const cmp = (
  p: AttributePath | string,
  op: CompareOperator,
  value: FilterValue,
): Filter => ({
  kind: 'compare',
  path: typeof p === 'string' ? path(p) : p,
  op,
  value,
});
const pr = (p: AttributePath | string): Filter => ({
  kind: 'present',
  path: typeof p === 'string' ? path(p) : p,
});
const and = (left: Filter, right: Filter): Filter => ({ kind: 'and', left, right });
const or = (left: Filter, right: Filter): Filter => ({ kind: 'or', left, right });
const not = (filter: Filter): Filter => ({ kind: 'not', filter });
const valuePath = (attribute: string, filter: Filter): Filter => ({
  kind: 'valuePath',
  path: path(attribute),
  filter,
});

/** Three users and two groups every filter test reads; created in the order u1, u2, u3, g1, g2. */
async function seed(c: ContractContext): Promise<void> {
  const { log, apply } = c;
  await apply(
    log.provision('acme', 'u1', 'Alice@Example.com', {
      externalId: 'EXT-1',
      displayName: 'Alice Ärger',
      title: 'Engineer',
      name: { givenName: 'Alice', familyName: 'Smith' },
      emails: [
        { value: 'Alice@X.example', type: 'work', primary: true },
        { value: 'alice@home.example', type: 'home' },
      ],
      roles: [{ value: 'admin', primary: true }],
      [enterprise]: { employeeNumber: '701', manager: { value: 'u2' } },
      [custom]: { level: 3 },
    }),
    log.provision(
      'acme',
      'u2',
      'bob@example.com',
      {
        externalId: 'ext-2',
        name: { familyName: 'Jones' },
        emails: [
          { value: 'bob@x.example', type: 'home' },
          { value: 'bob@corp.example', type: 'work' },
        ],
        [custom]: { level: 1 },
      },
      false,
    ),
    log.provision('acme', 'u3', 'carol', { nickName: '' }),
    log.provision('globex', 'u9', 'alice@example.com'),
    log.createGroup('acme', 'g1', 'Admins', { externalId: 'G-1' }),
    log.createGroup('acme', 'g2', 'Staff'),
    log.addMembers('acme', 'g1', users('u1')),
    log.addMembers('acme', 'g2', users('u1', 'u2')),
  );
}

export function describeFilterQueries(open: OpenReadModel): void {
  const ctx = useReadModel(open);
  beforeEach(async () => seed(ctx()));

  const userIds = async (filter?: Filter, extra: Partial<ListQuery> = {}): Promise<string[]> => {
    const result = await ctx().model.listUsers('acme', {
      filter,
      startIndex: 1,
      count: 50,
      ...extra,
    });
    return result.rows.map((row) => row.id);
  };
  const groupIds = async (filter?: Filter): Promise<string[]> =>
    (await ctx().model.listGroups('acme', { filter, startIndex: 1, count: 50 })).rows.map(
      (row) => row.id,
    );
  const rejects = async (filter: Filter): Promise<void> => {
    await expect(userIds(filter)).rejects.toBeInstanceOf(InvalidFilterError);
  };

  describe('filters on columns', () => {
    it('compares userName case-insensitively with every string operator (caseExact false)', async () => {
      expect(await userIds(cmp('userName', 'eq', 'ALICE@example.COM'))).toEqual(['u1']);
      expect(await userIds(cmp('userName', 'sw', 'B'))).toEqual(['u2']);
      expect(await userIds(cmp('userName', 'ew', '@EXAMPLE.com'))).toEqual(['u1', 'u2']);
      expect(await userIds(cmp('userName', 'co', 'ARO'))).toEqual(['u3']);
      expect(await userIds(cmp('userName', 'gt', 'B'))).toEqual(['u2', 'u3']);
      expect(await userIds(cmp('userName', 'le', 'bob@example.com'))).toEqual(['u1', 'u2']);
      expect(
        await userIds(
          cmp(
            path('userName', undefined, 'urn:ietf:params:scim:schemas:core:2.0:User'),
            'eq',
            'carol',
          ),
        ),
      ).toEqual(['u3']);
    });

    it('compares id and externalId exactly (caseExact true)', async () => {
      expect(await userIds(cmp('externalId', 'eq', 'ext-1'))).toEqual([]);
      expect(await userIds(cmp('externalId', 'eq', 'EXT-1'))).toEqual(['u1']);
      expect(await userIds(cmp('id', 'eq', 'u2'))).toEqual(['u2']);
      expect(await userIds(cmp('id', 'eq', 'U2'))).toEqual([]);
    });

    it('filters active with booleans and with the string booleans Entra sends', async () => {
      expect(await userIds(cmp('active', 'eq', false))).toEqual(['u2']);
      expect(await userIds(cmp('active', 'eq', 'True'))).toEqual(['u1', 'u3']);
      expect(await userIds(cmp('active', 'ne', true))).toEqual(['u2']);
    });

    it('compares meta.created and meta.lastModified as times', async () => {
      const u1 = await ctx().model.getUser('acme', 'u1');
      const seconds = u1!.created.replace('.000Z', 'Z');
      expect(await userIds(cmp(path('meta', 'created'), 'eq', seconds))).toEqual(['u1']);
      expect(await userIds(cmp(path('meta', 'created'), 'gt', seconds))).toEqual(['u2', 'u3']);
      expect(await userIds(cmp(path('meta', 'lastModified'), 'le', seconds))).toEqual(['u1']);
    });

    it('tests presence, negation and ne (a missing attribute is "not equal")', async () => {
      expect(await userIds(pr('externalId'))).toEqual(['u1', 'u2']);
      expect(await userIds(pr('title'))).toEqual(['u1']);
      expect(await userIds(pr('nickName'))).toEqual([]);
      expect(await userIds(pr('emails'))).toEqual(['u1', 'u2']);
      expect(await userIds(not(cmp('userName', 'eq', 'carol')))).toEqual(['u1', 'u2']);
      expect(await userIds(cmp('externalId', 'ne', 'EXT-1'))).toEqual(['u2', 'u3']);
      expect(await userIds(cmp('title', 'eq', null))).toEqual(['u2', 'u3']);
    });

    it('combines with and, or and not', async () => {
      const aOrB = or(cmp('userName', 'sw', 'a'), cmp('userName', 'sw', 'b'));
      expect(await userIds(and(aOrB, cmp('active', 'eq', true)))).toEqual(['u1']);
      expect(await userIds(and(aOrB, not(cmp('active', 'eq', true))))).toEqual(['u2']);
      expect(await userIds(or(cmp('id', 'eq', 'u3'), cmp('externalId', 'eq', 'ext-2')))).toEqual([
        'u2',
        'u3',
      ]);
    });
  });

  describe('filters on JSON attributes', () => {
    it('matches any element of a multi-valued attribute, case-insensitively', async () => {
      expect(await userIds(cmp(path('emails', 'value'), 'eq', 'alice@x.EXAMPLE'))).toEqual(['u1']);
      expect(await userIds(cmp(path('emails', 'value'), 'co', '@X.'))).toEqual(['u1', 'u2']);
      expect(await userIds(cmp(path('emails', 'type'), 'eq', 'WORK'))).toEqual(['u1', 'u2']);
    });

    it('reads "emails eq" as emails.value and "manager eq" as manager.value', async () => {
      expect(await userIds(cmp('emails', 'eq', 'bob@corp.example'))).toEqual(['u2']);
      expect(await userIds(cmp(path('manager', undefined, enterprise), 'eq', 'u2'))).toEqual([
        'u1',
      ]);
    });

    it('applies a value filter to one and the same element', async () => {
      const workAtX = valuePath(
        'emails',
        and(cmp('type', 'eq', 'work'), cmp('value', 'co', '@x.')),
      );
      expect(await userIds(workAtX)).toEqual(['u1']);
      const qualified = valuePath(
        'emails',
        and(
          cmp(path('emails', 'type'), 'eq', 'work'),
          cmp(path('emails', 'value'), 'ew', 'corp.example'),
        ),
      );
      expect(await userIds(qualified)).toEqual(['u2']);
      expect(await userIds(valuePath('roles', cmp('primary', 'eq', 'True')))).toEqual(['u1']);
      expect(await userIds(valuePath('emails', not(cmp('type', 'eq', 'home'))))).toEqual([
        'u1',
        'u2',
      ]);
    });

    it('reads sub-attributes of complex and extension attributes', async () => {
      expect(await userIds(cmp(path('name', 'familyName'), 'eq', 'SMITH'))).toEqual(['u1']);
      expect(
        await userIds(cmp(path('employeeNumber', undefined, enterprise), 'eq', '701')),
      ).toEqual(['u1']);
      expect(await userIds(cmp('displayName', 'eq', 'ALICE ÄRGER'))).toEqual(['u1']);
    });

    it('compares numbers as numbers', async () => {
      expect(await userIds(cmp(path('level', undefined, custom), 'gt', 2))).toEqual(['u1']);
      expect(await userIds(cmp(path('level', undefined, custom), 'le', 3))).toEqual(['u1', 'u2']);
    });

    it('filters users by group membership', async () => {
      expect(await userIds(cmp(path('groups', 'value'), 'eq', 'g1'))).toEqual(['u1']);
      expect(await userIds(valuePath('groups', cmp('value', 'eq', 'g2')))).toEqual(['u1', 'u2']);
    });
  });

  describe('group filters', () => {
    it('matches displayName case-insensitively and externalId exactly', async () => {
      expect(await groupIds(cmp('displayName', 'eq', 'ADMINS'))).toEqual(['g1']);
      expect(await groupIds(cmp('externalId', 'eq', 'G-1'))).toEqual(['g1']);
      expect(await groupIds(cmp('externalId', 'eq', 'g-1'))).toEqual([]);
    });

    it('matches members by value, as Entra checks membership', async () => {
      expect(await groupIds(valuePath('members', cmp('value', 'eq', 'u2')))).toEqual(['g2']);
      expect(await groupIds(cmp(path('members', 'value'), 'eq', 'u1'))).toEqual(['g1', 'g2']);
      expect(
        await groupIds(and(cmp('id', 'eq', 'g1'), valuePath('members', cmp('value', 'eq', 'u2')))),
      ).toEqual([]);
      expect(await groupIds(pr('members'))).toEqual(['g1', 'g2']);
    });
  });

  describe('invalid filters', () => {
    it('rejects ordering and substring operators on booleans (RFC 7644 §3.4.2.2)', async () => {
      await rejects(cmp('active', 'gt', true));
      await rejects(cmp('active', 'co', 'tr'));
      await rejects(cmp(path('roles', 'primary'), 'lt', true));
    });

    it('rejects type mismatches, unknown meta attributes, nested value filters and bad names', async () => {
      await rejects(cmp(path('level', undefined, custom), 'co', 1));
      await rejects(cmp('userName', 'eq', 5));
      await rejects(cmp(path('meta', 'created'), 'eq', 'yesterday'));
      await rejects(cmp(path('meta', 'version'), 'eq', 'W/"1"'));
      await rejects(valuePath('emails', valuePath('emails', cmp('type', 'eq', 'work'))));
      await rejects(cmp('user"Name', 'eq', 'x'));
      await rejects(cmp('userName', 'gt', null));
    });
  });

  describe('paging and sorting', () => {
    it('pages in a stable creation order with 1-based startIndex', async () => {
      const page = (startIndex: number, count: number) =>
        ctx().model.listUsers('acme', { startIndex, count });
      expect(await page(1, 2)).toMatchObject({
        totalResults: 3,
        rows: [{ id: 'u1' }, { id: 'u2' }],
      });
      expect(await page(3, 2)).toMatchObject({ totalResults: 3, rows: [{ id: 'u3' }] });
      expect((await page(0, 1)).rows.map((r) => r.id)).toEqual(['u1']);
      expect(await page(9, 5)).toEqual({ totalResults: 3, rows: [] });
      expect(await page(1, 0)).toEqual({ totalResults: 3, rows: [] });
    });

    it('counts matches of a filter across pages', async () => {
      const result = await ctx().model.listUsers('acme', {
        filter: cmp('userName', 'co', 'example'),
        startIndex: 2,
        count: 1,
      });
      expect(result).toMatchObject({ totalResults: 2, rows: [{ id: 'u2' }] });
    });

    it('sorts by columns and attributes, missing values last in both directions', async () => {
      expect(
        await userIds(undefined, { sortBy: path('userName'), sortOrder: 'descending' }),
      ).toEqual(['u3', 'u2', 'u1']);
      expect(await userIds(undefined, { sortBy: path('name', 'familyName') })).toEqual([
        'u2',
        'u1',
        'u3',
      ]);
      expect(
        await userIds(undefined, { sortBy: path('name', 'familyName'), sortOrder: 'descending' }),
      ).toEqual(['u1', 'u2', 'u3']);
      // Multi-valued: the primary value (alice@x) or else the first one (bob@x).
      expect(
        await userIds(undefined, { sortBy: path('emails', 'value'), sortOrder: 'descending' }),
      ).toEqual(['u2', 'u1', 'u3']);
      expect(await groupIds(undefined)).toEqual(['g1', 'g2']);
    });

    it('rejects sorting by membership', async () => {
      await expect(userIds(undefined, { sortBy: path('groups', 'value') })).rejects.toBeInstanceOf(
        InvalidFilterError,
      );
    });
  });
}
