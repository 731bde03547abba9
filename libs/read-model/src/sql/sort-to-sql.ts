import type { AttributeDefinition, AttributePath } from '#scim';
import { InvalidFilterError, InvalidSortError } from '../read-model.errors.js';
import type { SortOrder } from '../read-model.port.js';
import { scimGroup } from './membership-filter.sql.js';
import { pathText, type PathTarget, type QueryContext, resolvePath } from './resource-paths.js';

/**
 * Ties and unsorted lists fall back to creation order, then id (unique), so every page of a
 * paged walk sees the same order (Okta imports page by 100).
 */
const stableOrder = 'r.created, r.id';

/**
 * The ORDER BY list for `sortBy`/`sortOrder` (RFC 7644 §3.4.2.3). Strings sort case-insensitively
 * unless caseExact, dateTimes as instants; a multi-valued attribute sorts by its primary value,
 * else its first. Resources without the attribute come last in both directions.
 */
export function sortToSql(
  sortBy: AttributePath | undefined,
  order: SortOrder | undefined,
  ctx: QueryContext,
): string {
  if (sortBy === undefined) return stableOrder;
  const key = sortKey(sortBy, ctx);
  return `(${key}) IS NULL, (${key}) ${order === 'descending' ? 'DESC' : 'ASC'}, ${stableOrder}`;
}

function sortKey(sortBy: AttributePath, ctx: QueryContext): string {
  let target: PathTarget;
  try {
    target = resolvePath(sortBy, ctx);
  } catch (error) {
    if (error instanceof InvalidFilterError) throw new InvalidSortError(error.message);
    throw error;
  }
  switch (target.kind) {
    case 'column': {
      const { column } = target;
      if (column.kind === 'text' && column.fold === 'sql') return ctx.dialect.lower(column.expr);
      // A removed value sorts with the missing ones, last.
      if (column.kind === 'boolean' && column.absent !== undefined)
        return `nullif(${column.expr}, ${column.absent})`;
      return column.expr;
    }
    case 'json':
      return jsonSortKey(target, sortBy, ctx);
    case 'membership':
      return membershipSortKey(target.attribute, target.subAttribute, sortBy);
    default: {
      const never: never = target;
      throw new InvalidSortError(`Unknown target ${JSON.stringify(never)}`);
    }
  }
}

function jsonSortKey(
  target: PathTarget & { kind: 'json' },
  sortBy: AttributePath,
  ctx: QueryContext,
): string {
  const { b } = ctx;
  let sub = target.subAttribute;
  let definition: AttributeDefinition | undefined = target.definition;
  if (sub === undefined && definition.type === 'complex') {
    if (!definition.multiValued)
      throw new InvalidSortError(
        `${pathText(sortBy)} is complex; sort by one of its sub-attributes`,
      );
    sub = 'value';
    definition = definition.subAttributes?.find((d) => d.name === 'value');
    if (definition === undefined)
      throw new InvalidSortError(`${pathText(sortBy)} has no value to sort by`);
  }
  const alias = b.alias('s');
  const key = ctx.dialect.jsonSortKey(ctx.dialect.elementOperand(alias, sub, b), definition);
  const elements = ctx.dialect.jsonElements(target.jsonKeys, alias, b);
  return `SELECT ${key} FROM ${elements} ORDER BY ${ctx.dialect.primaryFirst(alias, b)} LIMIT 1`;
}

/**
 * `members` and `groups` have no primary value, so the "first" one (RFC 7644 §3.4.2.3) is the
 * smallest id: read from the membership index, never the whole member list.
 */
function membershipSortKey(
  attribute: string,
  subAttribute: string | undefined,
  sortBy: AttributePath,
): string {
  if (subAttribute !== undefined && subAttribute !== 'value')
    throw new InvalidSortError(`Cannot sort by "${pathText(sortBy)}"; sort by ${attribute}.value`);
  return attribute === 'members'
    ? 'SELECT min(m.member_id) FROM group_members AS m WHERE m.tenant = r.tenant AND m.group_id = r.id'
    : `SELECT min(m.group_id) FROM group_members AS m WHERE m.tenant = r.tenant AND m.member_id = r.id AND ${scimGroup('m.tenant', 'm.group_id')}`;
}
