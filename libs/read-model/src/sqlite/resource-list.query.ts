import type { DatabaseSync } from 'node:sqlite';
import type { ListQuery } from '../read-model.port.js';
import type { FilterResource } from '../sql/resource-paths.js';
import { ResourceListSql } from '../sql/resource-list.js';
import { NamedSqlBuilder } from './sql-builder.js';
import { sqliteDialect } from './sqlite-dialect.js';

/**
 * One page of a filtered list plus the total (RFC 7644 §3.4.2.4). Each statement is compiled with
 * its own builder because node:sqlite rejects bound names a statement does not use.
 */
export function listResources<Row>(
  db: DatabaseSync,
  resource: FilterResource,
  tenant: string,
  query: ListQuery,
): { totalResults: number; records: Row[] } {
  const list = new ResourceListSql(resource, tenant, query, sqliteDialect);
  const counting = new NamedSqlBuilder();
  const total = db
    .prepare(`SELECT count(*) AS n FROM ${list.table} AS r WHERE ${list.where(counting)}`)
    .get(counting.params) as { n: number };
  if (list.count === 0 || list.offset >= total.n) return { totalResults: total.n, records: [] };

  const paging = new NamedSqlBuilder();
  const where = list.where(paging);
  const order = list.orderBy(paging);
  const records = db
    .prepare(
      `SELECT ${list.columns} FROM ${list.table} AS r WHERE ${where} ORDER BY ${order} LIMIT $limit OFFSET $offset`,
    )
    .all({ ...paging.params, limit: list.count, offset: list.offset }) as Row[];
  return { totalResults: total.n, records };
}
