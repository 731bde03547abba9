import type { ListQuery } from '../read-model.port.js';
import { filterToSql } from './filter-to-sql.js';
import type { FilterResource, QueryContext } from './resource-paths.js';
import { groupColumns, userColumns } from './resource-rows.js';
import type { SqlBuilder, SqlDialect } from './sql-dialect.js';
import { sortToSql } from './sort-to-sql.js';

/** `scope`: the rows SCIM sees at all; local groups stay out of every SCIM list and filter. */
const tables: Readonly<
  Record<
    FilterResource,
    { readonly table: string; readonly columns: string; readonly scope: string }
  >
> = {
  User: { table: 'users', columns: userColumns, scope: 'TRUE' },
  Group: { table: 'groups', columns: groupColumns, scope: `r.managed_by = 'scim'` },
};

/** A list query (RFC 7644 §3.4.2.4) made ready for one dialect; the SQL is written per statement. */
export class ResourceListSql {
  readonly table: string;
  readonly columns: string;
  /** Rows to answer; 0 answers `totalResults` only. */
  readonly count: number;
  /** Rows to skip: the 1-based `startIndex` minus one. */
  readonly offset: number;

  constructor(
    private readonly resource: FilterResource,
    private readonly tenant: string,
    private readonly query: ListQuery,
    private readonly dialect: SqlDialect,
  ) {
    if (query.resolver.resourceType !== resource)
      throw new Error(
        `A ${resource} list needs the ${resource} resolver, not ${query.resolver.resourceType}`,
      );
    ({ table: this.table, columns: this.columns } = tables[resource]);
    this.count = Math.max(0, Math.trunc(query.count));
    this.offset = Math.max(1, Math.trunc(query.startIndex)) - 1;
    // Compiled up front so a bad sortBy is refused also when the page turns out empty.
    sortToSql(query.sortBy, query.sortOrder, this.context(new ProbeBuilder()));
  }

  /** The WHERE condition: the tenant, SCIM's scope and the filter, bound through `b`. */
  where(b: SqlBuilder): string {
    const ctx = this.context(b);
    const filter = this.query.filter === undefined ? 'TRUE' : filterToSql(this.query.filter, ctx);
    return `r.tenant = ${b.bind(this.tenant)} AND ${tables[this.resource].scope} AND ${filter}`;
  }

  /** The ORDER BY list (RFC 7644 §3.4.2.3). */
  orderBy(b: SqlBuilder): string {
    return sortToSql(this.query.sortBy, this.query.sortOrder, this.context(b));
  }

  private context(b: SqlBuilder): QueryContext {
    return {
      tenant: this.tenant,
      resource: this.resource,
      resolver: this.query.resolver,
      b,
      dialect: this.dialect,
      ...(this.query.baseUrl === undefined ? {} : { baseUrl: this.query.baseUrl }),
    };
  }
}

/** Binds nothing: for compiling only to see whether the query is valid. */
class ProbeBuilder implements SqlBuilder {
  private next = 0;
  bind(): string {
    return '?';
  }
  alias(prefix: string): string {
    return `${prefix}${this.next++}`;
  }
}
