import type { AttributePath } from '#scim';
import type { SortOrder } from '../read-model.port.js';
import { InvalidFilterError } from '../read-model.errors.js';
import { elementPath, jsonElements, jsonOperand } from './json-elements.js';
import { type FilterResource, pathText, resolvePath } from './resource-paths.js';
import type { SqlBuilder } from './sql-builder.js';

/** Ties and unsorted lists fall back to creation order, so paging is stable (Okta imports page by 100). */
const stableOrder = 'r.created, r.id';

/**
 * The ORDER BY list for `sortBy`/`sortOrder` (RFC 7644 §3.4.2.3). Strings sort case-insensitively
 * unless caseExact; a multi-valued attribute sorts by its primary value, else its first. Resources
 * without the attribute come last in both directions.
 */
export function sortToSql(
  sortBy: AttributePath | undefined,
  order: SortOrder | undefined,
  resource: FilterResource,
  b: SqlBuilder,
): string {
  if (sortBy === undefined) return stableOrder;
  const key = sortKey(sortBy, resource, b);
  return `(${key}) IS NULL, (${key}) ${order === 'descending' ? 'DESC' : 'ASC'}, ${stableOrder}`;
}

function sortKey(sortBy: AttributePath, resource: FilterResource, b: SqlBuilder): string {
  const target = resolvePath(sortBy, resource);
  switch (target.kind) {
    case 'column': {
      const { column } = target;
      return column.kind === 'text' && column.fold === 'sql'
        ? `scim_lower(${column.expr})`
        : column.expr;
    }
    case 'json': {
      const alias = b.alias('s');
      const operand = jsonOperand(elementPath(alias, target.subAttribute, b, true));
      const primary = jsonOperand(`(${alias}.p || '."primary"')`);
      return (
        `SELECT CASE WHEN ${operand.type} = 'text' THEN scim_lower(${operand.value}) ELSE ${operand.value} END` +
        ` FROM ${jsonElements(target.jsonPath, alias, b)} ORDER BY ${primary.type} = 'true' DESC, ${alias}.k LIMIT 1`
      );
    }
    case 'membership':
      throw new InvalidFilterError(`Cannot sort by "${pathText(sortBy)}"`);
    default: {
      const never: never = target;
      throw new InvalidFilterError(`Unknown target ${JSON.stringify(never)}`);
    }
  }
}
