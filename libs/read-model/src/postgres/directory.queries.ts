import type pg from 'pg';
import type {
  AppRegistrationRecord,
  BearerTokenRecord,
  GroupRef,
  MemberRow,
  ResourceType,
  TenantGroupRecord,
  TenantProfileRecord,
  TenantTokenRecord,
} from '../read-model.port.js';
import {
  appColumns,
  appRegistrationRecord,
  appRegistrationRecords,
  type AppRow,
  bearerTokenRecord,
  groupRefsByMember,
  type MemberRecord,
  memberRow,
  secretColumns,
  type SecretRow,
  tenantGroupColumns,
  tenantGroupRecord,
  type TenantGroupRow,
  tenantTokenRecord,
  tokenColumns,
  type TokenRow,
} from '../sql/directory-records.js';
import { type StoredTenantProfile, tenantProfileRecord } from '../sql/tenant-profile.fold.js';

/**
 * One page of a group's members after a member id (keyset paging). Display is read at read time
 * by primary key, so a renamed user or group shows its new name at once.
 */
export const memberPage = `SELECT m.member_id AS value, m.member_type AS type,
    CASE m.member_type
      WHEN 'User' THEN (SELECT coalesce(u.attributes ->> 'displayName', u.user_name) FROM users AS u
                        WHERE u.tenant = m.tenant AND u.id = m.member_id)
      ELSE (SELECT g.display_name FROM groups AS g WHERE g.tenant = m.tenant AND g.id = m.member_id)
    END AS display
  FROM group_members AS m
  WHERE m.tenant = $1 AND m.group_id = $2 AND m.member_id > $3
  ORDER BY m.member_id LIMIT $4`;

/** The SCIM groups of some members, by member then displayName. */
export const scimGroupsOf = `SELECT m.member_id AS member, g.id AS value, g.display_name AS display
  FROM group_members AS m
  JOIN groups AS g ON g.tenant = m.tenant AND g.id = m.group_id AND g.managed_by = 'scim'
  WHERE m.tenant = $1 AND m.member_id = ANY($2::text[])
  ORDER BY m.member_id, g.display_name_lc, g.id`;

/**
 * The PostgreSQL reads besides resource lists: memberships through the group_members indexes,
 * tokens, app registrations, tenant groups and profiles. Rows map to records as in SQLite.
 */
export class PostgresDirectoryQueries {
  constructor(
    private readonly pool: pg.Pool,
    private readonly memberPageSize: number,
  ) {}

  /** Keyset paging by member id: memory stays at one page however large the group. */
  async *groupMembers(tenant: string, groupId: string): AsyncGenerator<MemberRow> {
    let after = '';
    for (;;) {
      const page = await this.rows<MemberRecord>(memberPage, [
        tenant,
        groupId,
        after,
        this.memberPageSize,
      ]);
      for (const record of page) yield memberRow(record);
      const last = page.at(-1);
      if (last === undefined || page.length < this.memberPageSize) return;
      after = last.value;
    }
  }

  async membersPresent(
    tenant: string,
    groupId: string,
    ids: readonly string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.rows<{ member_id: string }>(
      'SELECT member_id FROM group_members WHERE tenant = $1 AND group_id = $2 AND member_id = ANY($3::text[])',
      [tenant, groupId, ids],
    );
    return new Set(rows.map((row) => row.member_id));
  }

  // existingResources and groupsOf* answer SCIM: a local group is neither a resource it can name
  // as a member nor one of a user's `groups` until it is adopted.

  async existingResources(
    tenant: string,
    ids: readonly string[],
  ): Promise<Map<string, ResourceType>> {
    if (ids.length === 0) return new Map();
    const rows = await this.rows<{ id: string; type: ResourceType }>(
      `SELECT id, 'User' AS type FROM users WHERE tenant = $1 AND id = ANY($2::text[])
       UNION ALL
       SELECT id, 'Group' AS type FROM groups WHERE tenant = $1 AND managed_by = 'scim' AND id = ANY($2::text[])`,
      [tenant, ids],
    );
    return new Map(rows.map((row) => [row.id, row.type]));
  }

  async groupsOfUser(tenant: string, userId: string): Promise<GroupRef[]> {
    return (await this.groupsOfUsers(tenant, [userId])).get(userId) ?? [];
  }

  /** One query for a page of users (a list answer), instead of one per user. */
  async groupsOfUsers(
    tenant: string,
    userIds: readonly string[],
  ): Promise<Map<string, GroupRef[]>> {
    if (userIds.length === 0) return new Map();
    return groupRefsByMember(
      await this.rows<{ member: string; value: string; display: string }>(scimGroupsOf, [
        tenant,
        userIds,
      ]),
    );
  }

  async tenantGroups(tenant: string): Promise<TenantGroupRecord[]> {
    const rows = await this.rows<TenantGroupRow>(
      `SELECT ${tenantGroupColumns} FROM groups WHERE tenant = $1 ORDER BY display_name_lc, id`,
      [tenant],
    );
    return rows.map(tenantGroupRecord);
  }

  async tenantGroup(tenant: string, groupId: string): Promise<TenantGroupRecord | undefined> {
    const [row] = await this.rows<TenantGroupRow>(
      `SELECT ${tenantGroupColumns} FROM groups WHERE tenant = $1 AND id = $2`,
      [tenant, groupId],
    );
    return row === undefined ? undefined : tenantGroupRecord(row);
  }

  async findBearerToken(tokenHash: string): Promise<BearerTokenRecord | undefined> {
    const [row] = await this.rows<TokenRow>(
      `SELECT ${tokenColumns} FROM bearer_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return row === undefined ? undefined : bearerTokenRecord(row);
  }

  async tenantTokens(tenant: string): Promise<TenantTokenRecord[]> {
    const rows = await this.rows<TokenRow>(
      `SELECT ${tokenColumns} FROM bearer_tokens WHERE tenant_id = $1 ORDER BY created, token_id`,
      [tenant],
    );
    return rows.map(tenantTokenRecord);
  }

  async appRegistration(clientId: string): Promise<AppRegistrationRecord | undefined> {
    const [row] = await this.rows<AppRow>(
      `SELECT ${appColumns} FROM app_registrations WHERE client_id = $1`,
      [clientId],
    );
    if (row === undefined) return undefined;
    const secrets = await this.rows<SecretRow>(
      `SELECT ${secretColumns} FROM client_secrets AS s WHERE s.client_id = $1 ORDER BY s.created, secret_id`,
      [clientId],
    );
    return appRegistrationRecord(row, secrets);
  }

  async tenantAppRegistrations(tenant: string): Promise<AppRegistrationRecord[]> {
    const [apps, secrets] = await Promise.all([
      this.rows<AppRow>(
        `SELECT ${appColumns} FROM app_registrations WHERE tenant_id = $1 ORDER BY created, client_id`,
        [tenant],
      ),
      this.rows<SecretRow>(
        `SELECT ${secretColumns} FROM client_secrets AS s
         JOIN app_registrations AS a ON a.client_id = s.client_id
         WHERE a.tenant_id = $1 ORDER BY s.created, secret_id`,
        [tenant],
      ),
    ]);
    return appRegistrationRecords(apps, secrets);
  }

  async tenantProfile(tenant: string): Promise<TenantProfileRecord | undefined> {
    const [row] = await this.rows<StoredTenantProfile & { name: string; tenant_id: string | null }>(
      `SELECT t.name, p.tenant_id, p.idp_preset, p.schema_extensions, p.revision,
         p.provisioning_enabled, p.deletion_policy, p.seat_limit, p.role_rule, p.group_matching
       FROM tenants AS t LEFT JOIN tenant_profiles AS p ON p.tenant_id = t.id
       WHERE t.id = $1`,
      [tenant],
    );
    if (row === undefined) return undefined;
    return tenantProfileRecord(tenant, row.name, row.tenant_id === null ? undefined : row);
  }

  private async rows<Row extends pg.QueryResultRow>(
    text: string,
    values: readonly unknown[],
  ): Promise<Row[]> {
    return (await this.pool.query<Row>(text, [...values])).rows;
  }
}
