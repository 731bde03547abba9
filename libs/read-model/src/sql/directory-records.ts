import type { GroupManager } from '#directory';
import type {
  AppRegistrationRecord,
  BearerTokenRecord,
  ClientSecretRecord,
  GroupRef,
  MemberRow,
  ResourceType,
  TenantGroupRecord,
  TenantTokenRecord,
} from '../read-model.port.js';
import { parseJson } from './resource-rows.js';

/**
 * Rows of the non-resource tables as either driver answers them (flags as 0/1 or booleans, JSON as
 * text or parsed), mapped to the port's records. The column names are the same in every dialect.
 */
type Flag = number | boolean;

export const tokenColumns = 'tenant_id, token_id, label, expires_at, revoked, created';

export interface TokenRow {
  readonly tenant_id: string;
  readonly token_id: string;
  readonly label: string;
  readonly expires_at: string | null;
  readonly revoked: Flag;
  readonly created: string | null;
}

export function bearerTokenRecord(row: TokenRow): BearerTokenRecord {
  const record = { tenantId: row.tenant_id, tokenId: row.token_id, revoked: Boolean(row.revoked) };
  return row.expires_at === null ? record : { ...record, expiresAt: row.expires_at };
}

export function tenantTokenRecord(row: TokenRow): TenantTokenRecord {
  return {
    tokenId: row.token_id,
    label: row.label,
    createdAt: row.created ?? undefined,
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
    revoked: Boolean(row.revoked),
  };
}

export const appColumns =
  'client_id, tenant_id, name, redirect_uris, access_token_lifetime, created';
export const secretColumns = 's.client_id, secret_id, secret_hash, s.created, retires_at, revoked';

export interface AppRow {
  readonly client_id: string;
  readonly tenant_id: string;
  readonly name: string;
  readonly redirect_uris: string | readonly string[];
  readonly access_token_lifetime: number;
  readonly created: string;
}

export interface SecretRow {
  readonly client_id: string;
  readonly secret_id: string;
  readonly secret_hash: string;
  readonly created: string;
  readonly retires_at: string | null;
  readonly revoked: Flag;
}

export function appRegistrationRecord(
  row: AppRow,
  secrets: readonly SecretRow[],
): AppRegistrationRecord {
  return {
    clientId: row.client_id,
    tenantId: row.tenant_id,
    name: row.name,
    redirectUris: parseJson<string[]>(row.redirect_uris),
    accessTokenLifetimeSeconds: row.access_token_lifetime,
    createdAt: row.created,
    secrets: secrets.map(clientSecretRecord),
  };
}

/** The tenant's registrations with their secrets, from one query of each. */
export function appRegistrationRecords(
  apps: readonly AppRow[],
  secrets: readonly SecretRow[],
): AppRegistrationRecord[] {
  const byClient = Map.groupBy(secrets, (secret) => secret.client_id);
  return apps.map((row) => appRegistrationRecord(row, byClient.get(row.client_id) ?? []));
}

function clientSecretRecord(row: SecretRow): ClientSecretRecord {
  return {
    secretId: row.secret_id,
    secretHash: row.secret_hash,
    createdAt: row.created,
    ...(row.retires_at === null ? {} : { retiresAt: row.retires_at }),
    revoked: Boolean(row.revoked),
  };
}

export const tenantGroupColumns = 'id, display_name, managed_by, member_count';

export interface TenantGroupRow {
  readonly id: string;
  readonly display_name: string;
  readonly managed_by: GroupManager;
  readonly member_count: number;
}

export function tenantGroupRecord(row: TenantGroupRow): TenantGroupRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    managedBy: row.managed_by,
    memberCount: row.member_count,
  };
}

export interface MemberRecord {
  readonly value: string;
  readonly type: ResourceType;
  readonly display: string | null;
}

export function memberRow(record: MemberRecord): MemberRow {
  return record.display === null
    ? { value: record.value, type: record.type }
    : { value: record.value, type: record.type, display: record.display };
}

/** `groupsOfUsers` rows (ordered by member, then group) grouped per member. */
export function groupRefsByMember(
  rows: readonly { member: string; value: string; display: string }[],
): Map<string, GroupRef[]> {
  const groups = new Map<string, GroupRef[]>();
  for (const { member, value, display } of rows) {
    const list = groups.get(member) ?? [];
    list.push({ value, display });
    groups.set(member, list);
  }
  return groups;
}

/** The lower-cased string `value`s of `emails`, multi-valued as RFC 7643 says or a single object. */
export function emailValues(attributes: { readonly [key: string]: unknown }): string[] {
  const emails = attributes['emails'];
  const elements = Array.isArray(emails) ? emails : [emails];
  const values = elements.flatMap((element: unknown) => {
    const value = isObject(element) ? element['value'] : undefined;
    return typeof value === 'string' ? [value.toLowerCase()] : [];
  });
  return [...new Set(values)];
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
