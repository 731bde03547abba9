import { describe, expect, it } from '@jest/globals';
import type { Filter } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import { filterToSql } from './filter-to-sql.js';
import { SqlBuilder } from './sql-builder.js';
import { sortToSql } from './sort-to-sql.js';

const hostile = `x' OR '1'='1' --`;

function compile(
  filter: Filter,
  resource: 'User' | 'Group' = 'User',
): { sql: string; params: Record<string, unknown> } {
  const b = new SqlBuilder();
  return { sql: filterToSql(filter, resource, b), params: b.params };
}

describe('filterToSql', () => {
  it('binds every value as a parameter and never writes it into the SQL text', () => {
    const filter: Filter = {
      kind: 'or',
      left: { kind: 'compare', path: { attribute: 'userName' }, op: 'eq', value: hostile },
      right: {
        kind: 'compare',
        path: { attribute: 'emails', subAttribute: 'value' },
        op: 'co',
        value: hostile,
      },
    };
    const { sql, params } = compile(filter);
    expect(sql).not.toContain(hostile.toLowerCase());
    expect(sql).not.toContain('1=1');
    expect(Object.values(params)).toContain(hostile.toLowerCase());
  });

  it('compares userName on its lower-cased, indexed column and externalId as stored', () => {
    const user = compile({
      kind: 'compare',
      path: { attribute: 'userName' },
      op: 'eq',
      value: 'Alice',
    });
    expect(user.sql).toContain('r.user_name_lc = $f0');
    expect(user.params).toEqual({ f0: 'alice' });
    const external = compile({
      kind: 'compare',
      path: { attribute: 'externalId' },
      op: 'eq',
      value: 'AbC',
    });
    expect(external.params).toEqual({ f0: 'AbC' });
  });

  it('compares group displayName case-insensitively, and userName on a group is JSON (no column)', () => {
    expect(
      compile(
        { kind: 'compare', path: { attribute: 'displayName' }, op: 'eq', value: 'Admins' },
        'Group',
      ).sql,
    ).toContain('r.display_name_lc');
    expect(
      compile({ kind: 'compare', path: { attribute: 'displayName' }, op: 'eq', value: 'A' }).sql,
    ).toContain('json_each');
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
    const b = new SqlBuilder();
    expect(sortToSql(undefined, undefined, 'User', b)).toBe('r.created, r.id');
    expect(sortToSql({ attribute: 'userName' }, 'descending', 'User', b)).toBe(
      '(r.user_name_lc) IS NULL, (r.user_name_lc) DESC, r.created, r.id',
    );
  });
});
