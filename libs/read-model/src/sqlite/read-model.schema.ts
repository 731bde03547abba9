import type { DatabaseSync } from 'node:sqlite';

/** Bumped whenever a table changes shape; an older file must be rebuilt (`npm run projection:rebuild`). */
export const readModelSchemaVersion = 3;

const ddl = `
CREATE TABLE IF NOT EXISTS users (
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  user_name_lc TEXT NOT NULL,
  external_id TEXT,
  active INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  revision INTEGER NOT NULL,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  PRIMARY KEY (tenant, id)
);
-- Not UNIQUE: uniqueness of userName is enforced by the write model's reservation streams.
CREATE INDEX IF NOT EXISTS users_by_user_name ON users (tenant, user_name_lc);
CREATE INDEX IF NOT EXISTS users_by_external_id ON users (tenant, external_id);
CREATE INDEX IF NOT EXISTS users_by_created ON users (tenant, created, id);

CREATE TABLE IF NOT EXISTS groups (
  tenant TEXT NOT NULL,
  id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  display_name_lc TEXT NOT NULL,
  external_id TEXT,
  attributes TEXT NOT NULL,
  revision INTEGER NOT NULL,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  member_count INTEGER NOT NULL,
  -- 'scim', or 'local' for a group made in the application that SCIM must not see until it adopts
  -- it: every SCIM query filters on it. Added in schema version 3.
  managed_by TEXT NOT NULL DEFAULT 'scim',
  PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS groups_by_display_name ON groups (tenant, display_name_lc);
CREATE INDEX IF NOT EXISTS groups_by_external_id ON groups (tenant, external_id);
CREATE INDEX IF NOT EXISTS groups_by_created ON groups (tenant, created, id);

-- One row per membership (DESIGN.md §6): a change to a group of 100,000 touches only its delta.
CREATE TABLE IF NOT EXISTS group_members (
  tenant TEXT NOT NULL,
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  member_type TEXT NOT NULL,
  PRIMARY KEY (tenant, group_id, member_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS group_members_by_member ON group_members (tenant, member_id);

-- Every user's emails.value, lower-cased (caseExact false): Entra and PingOne match users by
-- email (emails[type eq "work"].value eq "x", emails eq "x"), which the JSON answers only
-- by scanning the tenant. Added in schema version 2.
CREATE TABLE IF NOT EXISTS user_emails (
  tenant TEXT NOT NULL,
  value_lc TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (tenant, value_lc, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS user_emails_by_user ON user_emails (tenant, user_id);

CREATE TABLE IF NOT EXISTS tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS bearer_tokens (
  token_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  token_id TEXT NOT NULL,
  label TEXT NOT NULL,
  expires_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0,
  created TEXT
);
CREATE INDEX IF NOT EXISTS bearer_tokens_by_id ON bearer_tokens (tenant_id, token_id);

-- A tenant's SCIM profile: IdP preset, extension schemas (a JSON array in registration order),
-- provisioning switch and deletion policy. No row: the defaults. Added without a version bump:
-- files written before it hold no profile events.
CREATE TABLE IF NOT EXISTS tenant_profiles (
  tenant_id TEXT PRIMARY KEY,
  idp_preset TEXT NOT NULL,
  schema_extensions TEXT NOT NULL,
  provisioning_enabled INTEGER NOT NULL,
  deletion_policy TEXT NOT NULL,
  seat_limit INTEGER,
  role_rule TEXT,
  group_matching TEXT,
  revision INTEGER NOT NULL
);

-- OAuth clients of application registrations and their secrets (hashes only). Added without a
-- version bump: files written before it hold no application registration events.
CREATE TABLE IF NOT EXISTS app_registrations (
  client_id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  name TEXT NOT NULL,
  redirect_uris TEXT NOT NULL,
  access_token_lifetime INTEGER NOT NULL,
  created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS app_registrations_by_tenant ON app_registrations (tenant_id, created);
CREATE TABLE IF NOT EXISTS client_secrets (
  client_id TEXT NOT NULL,
  secret_id TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created TEXT NOT NULL,
  retires_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (client_id, secret_id)
);

CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
`;

/**
 * WAL lets the gateway read while the projector writes. synchronous=NORMAL may lose the last
 * commits on power loss; that is fine here because the read model is derived data: the
 * checkpoint is lost together with the rows, so the projector simply re-applies those events
 * from the event store (which runs with FULL).
 */
export function prepareReadModelDatabase(db: DatabaseSync, busyTimeoutMs: number): void {
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  // Overwritten rows are zeroed in the pages SQLite writes anyway, and a user's deletion zeroes
  // everything it frees (SqliteReadModel.applyEvents), so an erased user's old rows do not stay
  // readable in the file (ADR 0010).
  db.exec('PRAGMA secure_delete = FAST');
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  const version = row?.user_version ?? 0;
  if (version !== 0 && version !== readModelSchemaVersion) {
    throw new Error(
      `The read model has schema version ${version}, this release needs ${readModelSchemaVersion}: run "npm run projection:rebuild"`,
    );
  }
  db.exec(ddl);
  addColumnsAddedLater(db);
  addTokenCreatedColumn(db);
  db.exec(`PRAGMA user_version = ${readModelSchemaVersion}`);
  seedPlannerStatistics(db);
  // Unicode-aware lower-casing, identical to the JS `toLowerCase` used for stored and bound values
  // (SQLite's own lower() folds ASCII only).
  db.function('scim_lower', { deterministic: true }, (value) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
}

/**
 * The shape of the data, told to SQLite's planner up front: a tenant holds many rows, while a
 * userName, externalId, displayName or member id selects about one. Without statistics a fresh
 * database prefers the creation-order index (it saves a sort) and scans the whole tenant for
 * `userName eq "x"`: 40 ms at 100,000 users instead of 0.2 ms. Hand-written sqlite_stat1 rows
 * are the documented way to fix plans (sqlite.org/lang_analyze.html); a real ANALYZE would
 * describe an empty database at start-up and be just as wrong.
 */
const plannerStatistics: readonly [table: string, index: string, stat: string][] = [
  ['users', 'sqlite_autoindex_users_1', '1000000 100000 1'],
  ['users', 'users_by_user_name', '1000000 100000 1'],
  ['users', 'users_by_external_id', '1000000 100000 1'],
  ['users', 'users_by_created', '1000000 100000 1 1'],
  ['groups', 'sqlite_autoindex_groups_1', '100000 10000 1'],
  ['groups', 'groups_by_display_name', '100000 10000 1'],
  ['groups', 'groups_by_external_id', '100000 10000 1'],
  ['groups', 'groups_by_created', '100000 10000 1 1'],
  ['group_members', 'group_members', '10000000 1000000 1000 1'],
  ['group_members', 'group_members_by_member', '10000000 1000000 10'],
  ['user_emails', 'user_emails', '2000000 200000 1 1'],
  ['user_emails', 'user_emails_by_user', '2000000 200000 2'],
];

function seedPlannerStatistics(db: DatabaseSync): void {
  // ANALYZE of a tiny table creates sqlite_stat1, which cannot be created with CREATE TABLE.
  db.exec('ANALYZE checkpoints');
  const insert = db.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
  db.exec('BEGIN');
  try {
    db.exec(
      `DELETE FROM sqlite_stat1 WHERE tbl IN ('users', 'groups', 'group_members', 'user_emails')`,
    );
    for (const [table, index, stat] of plannerStatistics) insert.run(table, index, stat);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  db.exec('ANALYZE sqlite_schema');
}

/**
 * `tenant_profiles.seat_limit` (ADR 0005) and `role_rule` came after the table; a file written
 * before gets them here, NULL (no limit, no rule) for every tenant, which is what those have.
 */
function addColumnsAddedLater(db: DatabaseSync): void {
  const columns = db.prepare('PRAGMA table_info(tenant_profiles)').all() as { name: string }[];
  for (const [name, type] of [
    ['seat_limit', 'INTEGER'],
    ['role_rule', 'TEXT'],
  ] as const) {
    if (!columns.some((column) => column.name === name)) {
      db.exec(`ALTER TABLE tenant_profiles ADD COLUMN ${name} ${type}`);
    }
  }
}

/**
 * `bearer_tokens.created` came after the table; tokens of a file written before keep NULL (shown
 * without a creation time) until `npm run projection:rebuild` fills it from the events.
 */
function addTokenCreatedColumn(db: DatabaseSync): void {
  const columns = db.prepare('PRAGMA table_info(bearer_tokens)').all() as { name: string }[];
  if (!columns.some((column) => column.name === 'created')) {
    db.exec('ALTER TABLE bearer_tokens ADD COLUMN created TEXT');
  }
}
