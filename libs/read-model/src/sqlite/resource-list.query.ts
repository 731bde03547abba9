import type { DatabaseSync } from 'node:sqlite';
import type { ListQuery } from '../read-model.port.js';
import { filterToSql } from './filter-to-sql.js';
import type { FilterResource, QueryContext } from './resource-paths.js';
import { SqlBuilder } from './sql-builder.js';
import { sortToSql } from './sort-to-sql.js';
import { groupColumns, userColumns } from './resource-rows.js';

/** `scope`: the rows SCIM sees at all; local groups stay out of every SCIM list and filter. */
const tables: Readonly<
  Record<
    FilterResource,
    { readonly table: string; readonly columns: string; readonly scope: string }
  >
> = {
  User: { table: 'users', columns: userColumns, scope: '1' },
  Group: { table: 'groups', columns: groupColumns, scope: `r.managed_by = 'scim'` },
};

/**
 * One page of a filtered list plus the total (RFC 7644 §3.4.2.4). The filter is compiled once per
 * statement because node:sqlite rejects bound names a statement does not use.
 */
export function listResources<Row>(
  db: DatabaseSync,
  resource: FilterResource,
  tenant: string,
  query: ListQuery,
): { totalResults: number; records: Row[] } {
  if (query.resolver.resourceType !== resource)
    throw new Error(
      `A ${resource} list needs the ${resource} resolver, not ${query.resolver.resourceType}`,
    );
  const { table, columns, scope } = tables[resource];
  const context = (): QueryContext => ({
    tenant,
    resource,
    resolver: query.resolver,
    b: new SqlBuilder(),
    ...(query.baseUrl === undefined ? {} : { baseUrl: query.baseUrl }),
  });

  // Compiled up front so a bad sortBy is refused also when the page turns out empty.
  sortToSql(query.sortBy, query.sortOrder, context());
  const counting = context();
  const countWhere = query.filter === undefined ? '1' : filterToSql(query.filter, counting);
  const total = db
    .prepare(
      `SELECT count(*) AS n FROM ${table} AS r WHERE r.tenant = $tenant AND ${scope} AND ${countWhere}`,
    )
    .get({ ...counting.b.params, tenant }) as { n: number };
  const count = Math.max(0, Math.trunc(query.count));
  const offset = Math.max(1, Math.trunc(query.startIndex)) - 1;
  if (count === 0 || offset >= total.n) return { totalResults: total.n, records: [] };

  const paging = context();
  const where = query.filter === undefined ? '1' : filterToSql(query.filter, paging);
  const order = sortToSql(query.sortBy, query.sortOrder, paging);
  const records = db
    .prepare(
      `SELECT ${columns} FROM ${table} AS r WHERE r.tenant = $tenant AND ${scope} AND ${where} ORDER BY ${order} LIMIT $limit OFFSET $offset`,
    )
    .all({ ...paging.b.params, tenant, limit: count, offset }) as Row[];
  return { totalResults: total.n, records };
}
