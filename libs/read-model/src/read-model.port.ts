import type {
  DeletionPolicy,
  GroupManager,
  GroupMatchingPolicy,
  IdpPreset,
  RoleRule,
  TenantSchemaExtension,
} from '#directory';
import type { RecordedEvent } from '#event-store';
import type { AttributePath, AttributeResolver, Filter } from '#scim';

/**
 * The read model port: what the SCIM gateway and the write model query. Two adapters implement
 * it, SQLite (embedded) and PostgreSQL (production); both run `describeReadModelContract`.
 * Every resource query is tenant-scoped and takes the tenant first. Local groups (made in the
 * application, not by SCIM) are seen only by `tenantGroups`, `tenantGroup`, `groupMembers`,
 * `membersPresent` and `groupRevision`: every other query answers for SCIM groups alone.
 */

export type JsonObject = { readonly [key: string]: unknown };

export interface UserRow {
  readonly id: string;
  readonly userName: string;
  /** The SCIM `active`; undefined once the IdP removed it (the account is enabled then). */
  readonly active: boolean | undefined;
  /** The SCIM attributes map of the user events (externalId, name, emails, extensions by URN). */
  readonly attributes: JsonObject;
  /** Stream revision of the last applied event: the SCIM ETag (`W/"<revision>"`). */
  readonly revision: number;
  /** RFC 3339, from the metadata `occurredAt` of the first event. */
  readonly created: string;
  /** RFC 3339, from the metadata `occurredAt` of the last event. */
  readonly lastModified: string;
}

export interface GroupRow {
  readonly id: string;
  readonly displayName: string;
  /** Attributes other than id, displayName, members and meta (e.g. externalId). */
  readonly attributes: JsonObject;
  readonly revision: number;
  readonly created: string;
  readonly lastModified: string;
  readonly memberCount: number;
}

export type SortOrder = 'ascending' | 'descending';

export interface ListQuery {
  readonly filter?: Filter;
  /** 1-based (RFC 7644 §3.4.2.4); values below 1 are treated as 1. */
  readonly startIndex: number;
  /** Page size; 0 answers `totalResults` only. */
  readonly count: number;
  readonly sortBy?: AttributePath;
  readonly sortOrder?: SortOrder;
  /**
   * The caller's schemas for the listed resource type (its tenant's extensions included): the
   * type and `caseExact` of every attribute the filter or sortBy names.
   */
  readonly resolver: AttributeResolver;
  /** `{origin}/scim/v2/{tenant}`: the base of `meta.location`, for filters that compare it. */
  readonly baseUrl?: string;
}

export interface ListResult<Row> {
  readonly totalResults: number;
  readonly rows: readonly Row[];
}

export type ResourceType = 'User' | 'Group';

export interface MemberRow {
  readonly value: string;
  readonly type: ResourceType;
  /** The member user's displayName attribute (else its userName), or the member group's displayName. */
  readonly display?: string;
}

export interface GroupRef {
  readonly value: string;
  readonly display: string;
}

/** A group as an admin lists it: SCIM groups and local ones (which SCIM does not see) alike. */
export interface TenantGroupRecord {
  readonly id: string;
  readonly displayName: string;
  readonly managedBy: GroupManager;
  readonly memberCount: number;
}

export interface BearerTokenRecord {
  readonly tenantId: string;
  readonly tokenId: string;
  readonly expiresAt?: string;
  readonly revoked: boolean;
}

/** A token as an admin lists it: never the token, nor its hash. */
export interface TenantTokenRecord {
  readonly tokenId: string;
  readonly label: string;
  /** RFC 3339; undefined for tokens projected before creation times were kept (a rebuild fills it). */
  readonly createdAt: string | undefined;
  readonly expiresAt?: string;
  readonly revoked: boolean;
}

/** An OAuth client of a tenant, as the OAuth server and the admin API read it. */
export interface AppRegistrationRecord {
  readonly clientId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly redirectUris: readonly string[];
  readonly accessTokenLifetimeSeconds: number;
  /** RFC 3339. */
  readonly createdAt: string;
  /** Every secret ever added, oldest first, revoked and retired ones included. */
  readonly secrets: readonly ClientSecretRecord[];
}

export interface ClientSecretRecord {
  readonly secretId: string;
  /** SHA-256 (hex) of the secret; never shown to anyone. */
  readonly secretHash: string;
  readonly createdAt: string;
  /** RFC 3339: the end of a rotation's overlap window. */
  readonly retiresAt?: string;
  readonly revoked: boolean;
}

/** What a tenant configured for its SCIM surface. */
export interface TenantProfileRecord {
  readonly tenantId: string;
  readonly name: string;
  readonly idpPreset: IdpPreset;
  /** In registration order, every attribute characteristic filled in. */
  readonly schemaExtensions: readonly TenantSchemaExtension[];
  /** False while an administrator has switched the tenant's SCIM provisioning off. */
  readonly provisioningEnabled: boolean;
  /** What SCIM DELETE /Users/{id} does in the tenant. */
  readonly deletionPolicy: DeletionPolicy;
  /** What SCIM POST /Groups does with a local group of the same displayName. */
  readonly groupMatching: GroupMatchingPolicy;
  /** The most users the tenant may hold (ADR 0005); `null` for no limit. */
  readonly seatLimit: number | null;
  /** How users' roles are derived from a boolean extension attribute; `null` for no rule. */
  readonly roleRule: RoleRule | null;
  /**
   * Tenant stream revision of the last change of preset, extensions or settings (0 before any): equal
   * revisions mean an equal profile, so a cache can compare revisions instead of contents.
   */
  readonly revision: number;
}

/** Queries. Adapters may be remote (PostgreSQL), so every answer is asynchronous. */
export interface DirectoryReadModel {
  getUser(tenant: string, id: string): Promise<UserRow | undefined>;
  /**
   * Stable order by default (created, then id). Throws `InvalidFilterError` for unsupported filters
   * and `InvalidSortError` for an unsupported sortBy.
   */
  listUsers(tenant: string, query: ListQuery): Promise<ListResult<UserRow>>;
  getGroup(tenant: string, id: string): Promise<GroupRow | undefined>;
  listGroups(tenant: string, query: ListQuery): Promise<ListResult<GroupRow>>;
  /** Streams the members page by page (ordered by member id); never holds the whole group. */
  groupMembers(tenant: string, groupId: string): AsyncIterable<MemberRow>;
  /** The subset of `ids` that are direct members of the group. */
  membersPresent(tenant: string, groupId: string, ids: readonly string[]): Promise<Set<string>>;
  /** Which of `ids` exist in the tenant, and as which resource type. */
  existingResources(tenant: string, ids: readonly string[]): Promise<Map<string, ResourceType>>;
  /** Groups the user is a direct member of (the User `groups` attribute, RFC 7643 §4.1.2). */
  groupsOfUser(tenant: string, userId: string): Promise<GroupRef[]>;
  /** `groupsOfUser` for a page of users in one query; users without groups are absent. */
  groupsOfUsers(tenant: string, userIds: readonly string[]): Promise<Map<string, GroupRef[]>>;
  /** Every group of the tenant, local ones included, by displayName (the admin API). */
  tenantGroups(tenant: string): Promise<TenantGroupRecord[]>;
  /** One group of the tenant, local or SCIM (the admin API); undefined when absent. */
  tenantGroup(tenant: string, groupId: string): Promise<TenantGroupRecord | undefined>;
  /**
   * Stream revision of the group as applied in the read model, local groups included; undefined
   * when absent.
   */
  groupRevision(tenant: string, groupId: string): Promise<number | undefined>;
  findBearerToken(tokenHash: string): Promise<BearerTokenRecord | undefined>;
  /** Every token issued to the tenant, revoked and expired ones included, oldest first. */
  tenantTokens(tenant: string): Promise<TenantTokenRecord[]>;
  tenantExists(tenant: string): Promise<boolean>;
  /** The registration of an OAuth client id; undefined when unknown or deleted. */
  appRegistration(clientId: string): Promise<AppRegistrationRecord | undefined>;
  /** The tenant's application registrations, oldest first. */
  tenantAppRegistrations(tenant: string): Promise<AppRegistrationRecord[]>;
  /** The tenant's preset and extension schemas; undefined for a tenant that does not exist. */
  tenantProfile(tenant: string): Promise<TenantProfileRecord | undefined>;
  /** Global event-store position the read model has applied (0 when empty). */
  position(): Promise<number>;
  /**
   * Resolves true once the read model has applied `position` (read-your-writes, DESIGN.md §5),
   * false when `timeoutMs` passes first.
   */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
}

/** The writing side, used by the directory projector and the rebuild command. */
export interface DirectoryProjectionTarget {
  /**
   * Applies a batch of recorded events (position order) in one transaction together with the
   * checkpoint. Idempotent: events at or below the checkpoint are skipped. Events of types the
   * projection does not know still advance the checkpoint.
   */
  applyEvents(events: readonly RecordedEvent[]): Promise<void>;
  /** Advances the checkpoint over events the subscription filtered out. Never moves it back. */
  advanceCheckpoint(position: number): Promise<void>;
  /** The stored checkpoint: the position to resume the subscription after. */
  checkpoint(): Promise<number>;
}

export interface ReadModelAdapter extends DirectoryReadModel, DirectoryProjectionTarget {
  close(): Promise<void>;
}
