import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import { withSecureDelete } from '#platform';
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
import { AppRegistrationQueries } from './app-registration.queries.js';
import { BearerTokenQueries } from './bearer-token.queries.js';
import { DirectoryProjection } from './directory.projection.js';
import { MembershipQueries } from './membership.queries.js';
import { PositionWaiters } from '../sql/position-waiters.js';
import { prepareReadModelDatabase } from './read-model.schema.js';
import { listResources } from './resource-list.query.js';
import { TenantGroupQueries } from './tenant-groups.queries.js';
import { TenantProfileQueries } from './tenant-profile.queries.js';
import {
  type GroupRecord,
  groupColumns,
  toGroupRow,
  toUserRow,
  type UserRecord,
  userColumns,
} from '../sql/resource-rows.js';

export interface SqliteReadModelOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
  readonly busyTimeoutMs?: number;
  /** Members read per query while streaming a group. Default 1000. */
  readonly memberPageSize?: number;
  /**
   * Set when another process (a separate directory-projector) writes this file: waiters then
   * re-read the checkpoint at this interval, since no in-process commit will wake them.
   */
  readonly externalWriterPollMs?: number;
}

/** The events whose projection deletes a user's rows. */
const userRowDeletions = new Set(['UserDeleted', 'UserHiddenByDeletionPolicy']);

/** The embedded read model on `node:sqlite`: queries for the gateway, writes for the projector. */
export class SqliteReadModel implements ReadModelAdapter {
  private readonly db: DatabaseSync;
  private readonly projection: DirectoryProjection;
  private readonly memberships: MembershipQueries;
  private readonly tenantProfiles: TenantProfileQueries;
  private readonly tenantGroupQueries: TenantGroupQueries;
  private readonly tokens: BearerTokenQueries;
  private readonly appRegistrations: AppRegistrationQueries;
  private readonly waiters = new PositionWaiters();
  private readonly statements: {
    readonly user: StatementSync;
    readonly group: StatementSync;
    readonly groupRevision: StatementSync;
    readonly tenant: StatementSync;
  };
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly options: SqliteReadModelOptions) {
    this.db = new DatabaseSync(options.path);
    prepareReadModelDatabase(this.db, options.busyTimeoutMs ?? 5000);
    this.projection = new DirectoryProjection(this.db);
    this.memberships = new MembershipQueries(this.db, options.memberPageSize ?? 1000);
    this.tenantProfiles = new TenantProfileQueries(this.db);
    this.tenantGroupQueries = new TenantGroupQueries(this.db);
    this.tokens = new BearerTokenQueries(this.db);
    this.appRegistrations = new AppRegistrationQueries(this.db);
    this.statements = {
      user: this.db.prepare(
        `SELECT ${userColumns} FROM users AS r WHERE r.tenant = ? AND r.id = ?`,
      ),
      group: this.db.prepare(
        `SELECT ${groupColumns} FROM groups AS r WHERE r.tenant = ? AND r.id = ? AND r.managed_by = 'scim'`,
      ),
      groupRevision: this.db.prepare('SELECT revision FROM groups WHERE tenant = ? AND id = ?'),
      tenant: this.db.prepare('SELECT 1 AS found FROM tenants WHERE id = ?'),
    };
  }

  async getUser(tenant: string, id: string): Promise<UserRow | undefined> {
    const record = this.statements.user.get(tenant, id) as UserRecord | undefined;
    return record === undefined ? undefined : toUserRow(record);
  }

  async listUsers(tenant: string, query: ListQuery): Promise<ListResult<UserRow>> {
    const { totalResults, records } = listResources<UserRecord>(this.db, 'User', tenant, query);
    return { totalResults, rows: records.map(toUserRow) };
  }

  async getGroup(tenant: string, id: string): Promise<GroupRow | undefined> {
    const record = this.statements.group.get(tenant, id) as GroupRecord | undefined;
    return record === undefined ? undefined : toGroupRow(record);
  }

  async listGroups(tenant: string, query: ListQuery): Promise<ListResult<GroupRow>> {
    const { totalResults, records } = listResources<GroupRecord>(this.db, 'Group', tenant, query);
    return { totalResults, rows: records.map(toGroupRow) };
  }

  groupMembers(tenant: string, groupId: string): AsyncIterable<MemberRow> {
    return this.memberships.groupMembers(tenant, groupId);
  }

  async membersPresent(
    tenant: string,
    groupId: string,
    ids: readonly string[],
  ): Promise<Set<string>> {
    return this.memberships.membersPresent(tenant, groupId, ids);
  }

  async existingResources(
    tenant: string,
    ids: readonly string[],
  ): Promise<Map<string, ResourceType>> {
    return this.memberships.existingResources(tenant, ids);
  }

  async groupsOfUser(tenant: string, userId: string): Promise<GroupRef[]> {
    return this.memberships.groupsOfUser(tenant, userId);
  }

  async groupsOfUsers(
    tenant: string,
    userIds: readonly string[],
  ): Promise<Map<string, GroupRef[]>> {
    return this.memberships.groupsOfUsers(tenant, userIds);
  }

  async tenantGroups(tenant: string): Promise<TenantGroupRecord[]> {
    return this.tenantGroupQueries.tenantGroups(tenant);
  }

  async tenantGroup(tenant: string, groupId: string): Promise<TenantGroupRecord | undefined> {
    return this.tenantGroupQueries.tenantGroup(tenant, groupId);
  }

  async groupRevision(tenant: string, groupId: string): Promise<number | undefined> {
    const row = this.statements.groupRevision.get(tenant, groupId) as
      { revision: number } | undefined;
    return row?.revision;
  }

  async findBearerToken(tokenHash: string): Promise<BearerTokenRecord | undefined> {
    return this.tokens.findBearerToken(tokenHash);
  }

  async tenantTokens(tenant: string): Promise<TenantTokenRecord[]> {
    return this.tokens.tenantTokens(tenant);
  }

  async tenantExists(tenant: string): Promise<boolean> {
    return this.statements.tenant.get(tenant) !== undefined;
  }

  async appRegistration(clientId: string): Promise<AppRegistrationRecord | undefined> {
    return this.appRegistrations.appRegistration(clientId);
  }

  async tenantAppRegistrations(tenant: string): Promise<AppRegistrationRecord[]> {
    return this.appRegistrations.tenantAppRegistrations(tenant);
  }

  async tenantProfile(tenant: string): Promise<TenantProfileRecord | undefined> {
    return this.tenantProfiles.tenantProfile(tenant);
  }

  async position(): Promise<number> {
    return this.projection.checkpoint();
  }

  async waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    if (this.projection.checkpoint() >= position) return true;
    const reached = this.waiters.wait(position, timeoutMs);
    this.startPolling();
    return reached;
  }

  async applyEvents(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const apply = () => this.projection.applyEvents(events);
    // A user leaving SCIM takes its rows with it: zero everything those deletes free (ADR 0010).
    this.waiters.reached(
      events.some((event) => userRowDeletions.has(event.type))
        ? withSecureDelete(this.db, apply)
        : apply(),
    );
    // After an erasure, the log may still hold earlier copies of the user's deleted rows: fold it
    // into the file and empty it (ADR 0010). A reader in another process can hold that back; the
    // log's reuse overwrites them then.
    if (events.some((event) => event.type === 'UserErased'))
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  async advanceCheckpoint(position: number): Promise<void> {
    this.waiters.reached(this.projection.advanceCheckpoint(position));
  }

  async checkpoint(): Promise<number> {
    return this.projection.checkpoint();
  }

  async close(): Promise<void> {
    this.stopPolling();
    this.waiters.cancelAll();
    if (this.db.isOpen) this.db.close();
  }

  private startPolling(): void {
    const interval = this.options.externalWriterPollMs;
    if (interval === undefined || this.poller !== undefined) return;
    this.poller = setInterval(() => {
      this.waiters.reached(this.projection.checkpoint());
      if (this.waiters.size === 0) this.stopPolling();
    }, interval);
  }

  private stopPolling(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }
}

/** Opens (creating when missing) the SQLite read model. */
export function openSqliteReadModel(options: SqliteReadModelOptions): SqliteReadModel {
  return new SqliteReadModel(options);
}
