import pg from 'pg';
import type { RecordedEvent } from '#event-store';
import type {
  AppRegistrationRecord,
  BearerTokenRecord,
  GroupRef,
  GroupRow,
  ListQuery,
  ListResult,
  MemberRow,
  ReadModelAdapter,
  ResourceType,
  TenantGroupRecord,
  TenantProfileRecord,
  TenantTokenRecord,
  UserRow,
} from '../read-model.port.js';
import { directoryCheckpoint } from '../sql/directory-batch.js';
import type { FilterResource } from '../sql/resource-paths.js';
import { ResourceListSql } from '../sql/resource-list.js';
import {
  type GroupRecord,
  groupColumns,
  toGroupRow,
  toUserRow,
  type UserRecord,
  userColumns,
} from '../sql/resource-rows.js';
import { PostgresDirectoryProjection } from './directory.projection.js';
import { PostgresDirectoryQueries } from './directory.queries.js';
import { PositionalSqlBuilder, postgresDialect } from './postgres-dialect.js';
import {
  defaultReadModelSchema,
  migrateReadModelSchema,
  positionChannel,
  schemaIdentifier,
} from './postgres.schema.js';
import { PositionListener } from './position-listener.js';

export interface PostgresReadModelOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  readonly connectionString: string;
  /** Schema holding the tables, created when missing. Default `read_model`. */
  readonly schema?: string;
  /** Members read per query while streaming a group. Default 1000. */
  readonly memberPageSize?: number;
  /** Pool size. Default 10. */
  readonly maxConnections?: number;
  /** How often waiters re-read the checkpoint besides LISTEN/NOTIFY. Default 500 ms. */
  readonly positionPollMs?: number;
}

/**
 * The production read model on PostgreSQL: queries for the gateway replicas, writes for the
 * projector, possibly all in different processes. Behaves as the SQLite adapter does
 * (`describeReadModelContract`).
 */
export class PostgresReadModel implements ReadModelAdapter {
  private readonly queries: PostgresDirectoryQueries;
  private readonly projection: PostgresDirectoryProjection;
  private readonly positions: PositionListener;

  private constructor(
    private readonly pool: pg.Pool,
    connection: pg.ClientConfig,
    schema: string,
    options: PostgresReadModelOptions,
  ) {
    // One channel per schema: test schemas and side-by-side rebuilds do not wake each other.
    const channel = positionChannel(schema);
    this.queries = new PostgresDirectoryQueries(pool, options.memberPageSize ?? 1000);
    this.projection = new PostgresDirectoryProjection(pool, channel);
    this.positions = new PositionListener(
      connection,
      channel,
      () => this.position(),
      options.positionPollMs ?? 500,
    );
  }

  static async open(options: PostgresReadModelOptions): Promise<PostgresReadModel> {
    const schema = options.schema ?? defaultReadModelSchema;
    const connection: pg.ClientConfig = {
      connectionString: options.connectionString,
      options: `-c search_path=${schemaIdentifier(schema)}`,
    };
    const pool = new pg.Pool({ ...connection, max: options.maxConnections ?? 10 });
    // An idle client that loses its connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migrateReadModelSchema(client, schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresReadModel(pool, connection, schema, options);
  }

  async getUser(tenant: string, id: string): Promise<UserRow | undefined> {
    const { rows } = await this.pool.query<UserRecord>(
      `SELECT ${userColumns} FROM users AS r WHERE r.tenant = $1 AND r.id = $2`,
      [tenant, id],
    );
    return rows[0] === undefined ? undefined : toUserRow(rows[0]);
  }

  async listUsers(tenant: string, query: ListQuery): Promise<ListResult<UserRow>> {
    const { totalResults, records } = await this.list<UserRecord>('User', tenant, query);
    return { totalResults, rows: records.map(toUserRow) };
  }

  async getGroup(tenant: string, id: string): Promise<GroupRow | undefined> {
    const { rows } = await this.pool.query<GroupRecord>(
      `SELECT ${groupColumns} FROM groups AS r WHERE r.tenant = $1 AND r.id = $2 AND r.managed_by = 'scim'`,
      [tenant, id],
    );
    return rows[0] === undefined ? undefined : toGroupRow(rows[0]);
  }

  async listGroups(tenant: string, query: ListQuery): Promise<ListResult<GroupRow>> {
    const { totalResults, records } = await this.list<GroupRecord>('Group', tenant, query);
    return { totalResults, rows: records.map(toGroupRow) };
  }

  groupMembers(tenant: string, groupId: string): AsyncIterable<MemberRow> {
    return this.queries.groupMembers(tenant, groupId);
  }

  membersPresent(tenant: string, groupId: string, ids: readonly string[]): Promise<Set<string>> {
    return this.queries.membersPresent(tenant, groupId, ids);
  }

  existingResources(tenant: string, ids: readonly string[]): Promise<Map<string, ResourceType>> {
    return this.queries.existingResources(tenant, ids);
  }

  groupsOfUser(tenant: string, userId: string): Promise<GroupRef[]> {
    return this.queries.groupsOfUser(tenant, userId);
  }

  groupsOfUsers(tenant: string, userIds: readonly string[]): Promise<Map<string, GroupRef[]>> {
    return this.queries.groupsOfUsers(tenant, userIds);
  }

  tenantGroups(tenant: string): Promise<TenantGroupRecord[]> {
    return this.queries.tenantGroups(tenant);
  }

  tenantGroup(tenant: string, groupId: string): Promise<TenantGroupRecord | undefined> {
    return this.queries.tenantGroup(tenant, groupId);
  }

  async groupRevision(tenant: string, groupId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ revision: number }>(
      'SELECT revision FROM groups WHERE tenant = $1 AND id = $2',
      [tenant, groupId],
    );
    return rows[0]?.revision;
  }

  findBearerToken(tokenHash: string): Promise<BearerTokenRecord | undefined> {
    return this.queries.findBearerToken(tokenHash);
  }

  tenantTokens(tenant: string): Promise<TenantTokenRecord[]> {
    return this.queries.tenantTokens(tenant);
  }

  async tenantExists(tenant: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM tenants WHERE id = $1', [tenant]);
    return (rowCount ?? 0) > 0;
  }

  appRegistration(clientId: string): Promise<AppRegistrationRecord | undefined> {
    return this.queries.appRegistration(clientId);
  }

  tenantAppRegistrations(tenant: string): Promise<AppRegistrationRecord[]> {
    return this.queries.tenantAppRegistrations(tenant);
  }

  tenantProfile(tenant: string): Promise<TenantProfileRecord | undefined> {
    return this.queries.tenantProfile(tenant);
  }

  async position(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position FROM checkpoints WHERE name = $1',
      [directoryCheckpoint],
    );
    return Number(rows[0]?.position ?? 0);
  }

  async waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    if ((await this.position()) >= position) return true;
    return this.positions.wait(position, timeoutMs);
  }

  async applyEvents(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.positions.waiters.reached(await this.projection.applyEvents(events));
  }

  async advanceCheckpoint(position: number): Promise<void> {
    this.positions.waiters.reached(await this.projection.advanceCheckpoint(position));
  }

  checkpoint(): Promise<number> {
    return this.position();
  }

  async close(): Promise<void> {
    await this.positions.close();
    await this.pool.end();
  }

  /** One page and the total (RFC 7644 §3.4.2.4), the filter compiled once for both statements. */
  private async list<Row extends pg.QueryResultRow>(
    resource: FilterResource,
    tenant: string,
    query: ListQuery,
  ): Promise<{ totalResults: number; records: Row[] }> {
    const list = new ResourceListSql(resource, tenant, query, postgresDialect);
    const b = new PositionalSqlBuilder();
    const where = list.where(b);
    // Unfiltered, the total is the tenant's maintained count: an import paging through a million
    // users must not count them on every page.
    const counted =
      query.filter === undefined
        ? await this.pool.query<{ n: string }>(
            'SELECT n FROM resource_counts WHERE tenant = $1 AND resource = $2',
            [tenant, resource],
          )
        : await this.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${list.table} AS r WHERE ${where}`,
            b.params,
          );
    const totalResults = Number(counted.rows[0]?.n ?? 0);
    if (list.count === 0 || list.offset >= totalResults) return { totalResults, records: [] };
    const { rows } = await this.pool.query<Row>(pageSql(list, b, where), b.params);
    return { totalResults, records: rows };
  }
}

/**
 * One page of a list. The rows to skip are found by id alone and only the page's rows are read
 * whole: in creation order the ids come from an index-only scan of `(tenant, created, id)`, so
 * page 5,000 of an import skips index entries, not 500,000 table rows.
 */
export function pageSql(list: ResourceListSql, b: PositionalSqlBuilder, where: string): string {
  const order = list.orderBy(b);
  const page = `SELECT r.id FROM ${list.table} AS r WHERE ${where} ORDER BY ${order} LIMIT ${b.bind(list.count)} OFFSET ${b.bind(list.offset)}`;
  return `SELECT ${list.columns} FROM ${list.table} AS r JOIN (${page}) AS page ON page.id = r.id
    WHERE ${where} ORDER BY ${order}`;
}

/** Opens the PostgreSQL read model, creating or checking its schema first. */
export function openPostgresReadModel(
  options: PostgresReadModelOptions,
): Promise<PostgresReadModel> {
  return PostgresReadModel.open(options);
}
