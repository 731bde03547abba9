import type { Filter } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import type { QueryContext } from './resource-paths.js';

/** Whether the path is the User `emails`, which `user_emails` indexes. */
export function isEmails(
  target: { schema?: string; attribute: string },
  ctx: QueryContext,
): boolean {
  return ctx.resource === 'User' && target.schema === undefined && target.attribute === 'emails';
}

/**
 * The users with an email equal to `value` (caseExact false), from the `user_emails` index. It is
 * ANDed with the JSON test, which stays the judge: the index only lets the query start small.
 */
export function emailLookup(value: string, ctx: QueryContext): string {
  const alias = ctx.b.alias('ue');
  return `r.id IN (SELECT ${alias}.user_id FROM user_emails AS ${alias} WHERE ${alias}.tenant = ${ctx.b.bind(ctx.tenant)} AND ${alias}.value_lc = ${ctx.b.bind(value.toLowerCase())})`;
}

/** The `value` every element matching an `emails[...]` filter has, if the filter fixes one. */
export function requiredValue(filter: Filter): string | undefined {
  switch (filter.kind) {
    case 'compare': {
      const names =
        filter.path.subAttribute === undefined
          ? [filter.path.attribute]
          : [filter.path.attribute, filter.path.subAttribute];
      const isValue = names.at(-1) === 'value' && (names.length === 1 || names[0] === 'emails');
      return isValue && filter.op === 'eq' && typeof filter.value === 'string'
        ? filter.value
        : undefined;
    }
    case 'and':
      return requiredValue(filter.left) ?? requiredValue(filter.right);
    case 'or':
    case 'not':
    case 'present':
    case 'valuePath':
      return undefined;
    default: {
      const never: never = filter;
      throw new InvalidFilterError(`Unknown filter ${JSON.stringify(never)}`);
    }
  }
}
