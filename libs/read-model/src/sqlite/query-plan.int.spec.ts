import { describe, expect, it } from '@jest/globals';
import { DatabaseSync } from 'node:sqlite';
import { groupFilter, groupResolver, userFilter, userResolver } from '../contract/list.fixture.js';
import { prepareReadModelDatabase } from './read-model.schema.js';
import { filterToSql } from '../sql/filter-to-sql.js';
import type { FilterResource, QueryContext } from '../sql/resource-paths.js';
import { NamedSqlBuilder } from './sql-builder.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { sortToSql } from '../sql/sort-to-sql.js';

/**
 * Filters must be answered from an index, not by scanning the tenant. The statements are the ones
 * the list query runs, compiled from filters as IdPs send them.
 */
describe('read-model query plans on a fresh database', () => {
  const db = new DatabaseSync(':memory:');
  prepareReadModelDatabase(db, 1000);

  const plan = (resource: FilterResource, filter: string | undefined): string => {
    const ctx: QueryContext & { b: NamedSqlBuilder } = {
      tenant: 't',
      resource,
      resolver: resource === 'User' ? userResolver : groupResolver,
      b: new NamedSqlBuilder(),
      dialect: sqliteDialect,
    };
    const parse = resource === 'User' ? userFilter : groupFilter;
    const where = filter === undefined ? 'TRUE' : filterToSql(parse(filter), ctx);
    const table = resource === 'User' ? 'users' : 'groups';
    const sql = `SELECT r.id FROM ${table} AS r WHERE r.tenant = $tenant AND ${where} ORDER BY ${sortToSql(undefined, undefined, ctx)} LIMIT 100 OFFSET 0`;
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...ctx.b.params, tenant: 't' }) as {
      detail: string;
    }[];
    return rows.map((row) => row.detail).join('; ');
  };

  it.each([
    ['User', 'userName eq "Alice@Example.com"', 'USING INDEX users_by_user_name'],
    ['User', 'externalId eq "00u1"', 'USING INDEX users_by_external_id'],
    [
      'User',
      'id eq "0190a1b2-0000-7000-8000-000000000001"',
      'USING INDEX sqlite_autoindex_users_1',
    ],
    ['Group', 'displayName eq "Sales"', 'USING INDEX groups_by_display_name'],
    ['Group', 'externalId eq "g-1"', 'USING INDEX groups_by_external_id'],
    ['Group', 'id eq "g1" and members[value eq "u1"]', 'USING INDEX sqlite_autoindex_groups_1'],
  ] as const)('answers %s filter %s from an index', (resource, filter, index) => {
    const detail = plan(resource, filter);
    expect(detail).toContain(index);
    expect(detail).not.toMatch(/SCAN r\b/);
  });

  it.each([
    ['Group', 'members[value eq "u1"]', 'groups'],
    ['Group', 'members.value eq "u1"', 'groups'],
    ['User', 'groups.value eq "g1"', 'users'],
  ] as const)('starts %s filter %s from the membership index', (resource, filter, table) => {
    const detail = plan(resource, filter);
    expect(detail).toMatch(/SEARCH m\d+ USING (PRIMARY KEY|(COVERING )?INDEX group_members)/);
    expect(detail).toContain(`USING INDEX sqlite_autoindex_${table}_1 (tenant=? AND id=?)`);
  });

  it.each(['emails[type eq "work"].value eq "A@x.example"', 'emails eq "a@x.example"'])(
    'starts the email match %s from the user_emails index',
    (filter) => {
      const detail = plan('User', filter);
      expect(detail).toMatch(/SEARCH ue\d+ USING PRIMARY KEY \(tenant=\? AND value_lc=\?\)/);
      expect(detail).toContain('USING INDEX sqlite_autoindex_users_1 (tenant=? AND id=?)');
    },
  );

  it('pages an unfiltered list in creation order without sorting the tenant', () => {
    const unfiltered = plan('User', undefined);
    expect(unfiltered).toContain('users_by_created');
    expect(unfiltered).not.toContain('TEMP B-TREE');
  });
});
