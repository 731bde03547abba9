import { describe, expect, it } from '@jest/globals';
import type { Filter } from '#scim';
import { groupResolver, userFilter, userResolver } from '../contract/list.fixture.js';
import { InvalidFilterError } from '../read-model.errors.js';
import { filterToSql } from '../sql/filter-to-sql.js';
import type { FilterResource, QueryContext } from '../sql/resource-paths.js';
import { NamedSqlBuilder } from './sql-builder.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { sortToSql } from '../sql/sort-to-sql.js';

const hostile = `x' OR '1'='1' --`;

function context(
  resource: FilterResource = 'User',
  b = new NamedSqlBuilder(),
): QueryContext & { b: NamedSqlBuilder } {
  return {
    tenant: 't',
    resource,
    resolver: resource === 'User' ? userResolver : groupResolver,
    b,
    dialect: sqliteDialect,
  };
}

function compile(
  filter: Filter,
  resource: FilterResource = 'User',
): { sql: string; params: Record<string, unknown> } {
  const ctx = context(resource);
  return { sql: filterToSql(filter, ctx), params: ctx.b.params };
}

describe('filterToSql', () => {
  it('binds every value as a parameter and never writes it into the SQL text', () => {
    const { sql, params } = compile(
      userFilter(`userName eq "${hostile}" or emails.value co "${hostile}"`),
    );
    expect(sql).not.toContain(hostile.toLowerCase());
    expect(sql).not.toContain('1=1');
    expect(Object.values(params)).toContain(hostile.toLowerCase());
  });

  it('compares userName on its lower-cased, indexed column and externalId as stored', () => {
    const user = compile(userFilter('userName eq "Alice"'));
    expect(user.sql).toBe('r.user_name_lc = $f0');
    expect(user.params).toEqual({ f0: 'alice' });
    const external = compile(userFilter('externalId eq "AbC"'));
    expect(external.params).toEqual({ f0: 'AbC' });
  });

  it('compares group displayName on its column, and a user displayName in the JSON', () => {
    const displayName: Filter = {
      kind: 'compare',
      path: { attribute: 'displayName' },
      op: 'eq',
      value: 'Admins',
    };
    expect(compile(displayName, 'Group').sql).toContain('r.display_name_lc');
    expect(compile(displayName).sql).toContain('json_each');
  });

  it('throws InvalidFilterError with a clear detail for unsupported combinations', () => {
    expect(() =>
      compile({ kind: 'compare', path: { attribute: 'active' }, op: 'ge', value: true }),
    ).toThrow(new InvalidFilterError('active is a boolean: only eq, ne and pr apply'));
    expect(() =>
      compile(
        {
          kind: 'compare',
          path: { attribute: 'members', subAttribute: 'display' },
          op: 'eq',
          value: 'x',
        },
        'Group',
      ),
    ).toThrow(/members\.display is not supported/);
  });
});

describe('sortToSql', () => {
  it('falls back to creation order, and breaks ties by it', () => {
    expect(sortToSql(undefined, undefined, context())).toBe('r.created, r.id');
    expect(sortToSql({ attribute: 'userName' }, 'descending', context())).toBe(
      '(r.user_name_lc) IS NULL, (r.user_name_lc) DESC, r.created, r.id',
    );
  });
});
