import { InvalidFilterError } from '../read-model.errors.js';
import type { QueryContext } from './resource-paths.js';
import { type LeafTest, testColumn } from './sql-compare.js';

/**
 * Group `members` rows of the group, or User `groups` rows naming the user. Written as `r.id IN`
 * an uncorrelated subquery, so `members[value eq "<id>"]` starts from the membership index
 * instead of probing every group of the tenant.
 */
export function membershipExists(
  attribute: string,
  alias: string,
  condition: string,
  ctx: QueryContext,
): string {
  const owner = attribute === 'members' ? `${alias}.group_id` : `${alias}.member_id`;
  // A user's memberships of local groups are not among its SCIM `groups`.
  const scimGroupsOnly =
    attribute === 'groups' ? ` AND ${scimGroup(`${alias}.tenant`, `${alias}.group_id`)}` : '';
  return `r.id IN (SELECT ${owner} FROM group_members AS ${alias} WHERE ${alias}.tenant = ${ctx.b.bind(ctx.tenant)} AND ${condition}${scimGroupsOnly})`;
}

/** The group is a SCIM one; a primary-key probe per membership row. */
export function scimGroup(tenant: string, groupId: string): string {
  return `NOT EXISTS (SELECT 1 FROM groups AS lg WHERE lg.tenant = ${tenant} AND lg.id = ${groupId} AND lg.managed_by = 'local')`;
}

export function membershipTest(
  attribute: string,
  sub: string,
  alias: string,
  test: LeafTest,
  ctx: QueryContext,
  label: string,
): string {
  const text = (expr: string, fold: 'none' | 'sql'): string =>
    testColumn({ kind: 'text', expr, fold, required: true }, test, ctx, label);
  // RFC 7643 §4.1.2 and §4.2: members.value / groups.value are resource ids (caseExact).
  if (sub === 'value')
    return text(`${alias}.${attribute === 'members' ? 'member_id' : 'group_id'}`, 'none');
  if (attribute === 'members' && sub === 'type') return text(`${alias}.member_type`, 'sql');
  // The read model holds direct memberships only, as GET shows them.
  if (attribute === 'groups' && sub === 'type') return text(`'direct'`, 'sql');
  if (attribute === 'groups' && sub === 'display') {
    const group = `(SELECT g.display_name FROM groups AS g WHERE g.tenant = ${alias}.tenant AND g.id = ${alias}.group_id)`;
    return `coalesce(${text(group, 'sql')}, FALSE)`;
  }
  throw new InvalidFilterError(
    `Filtering on ${attribute}.${sub} is not supported; use ${attribute}.value`,
  );
}
