import type pg from 'pg';

/** Bumped whenever a table changes shape; an older schema must be rebuilt (docs/postgresql.md). */
export const postgresReadModelSchemaVersion = 2;

/**
 * Ids, lower-cased names and times are `COLLATE "C"`: byte order is code point order in UTF-8, so
 * comparisons, sorting and keyset paging agree with SQLite and JavaScript whatever the database's
 * locale, and btree indexes serve them. Times are RFC 3339 text normalised by toISOString, so the
 * text order is the time order (as in SQLite).
 */
const ddl = `
CREATE TABLE IF NOT EXISTS users (
  tenant text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  user_name text NOT NULL,
  user_name_lc text COLLATE "C" NOT NULL,
  external_id text COLLATE "C",
  active smallint NOT NULL,
  attributes jsonb NOT NULL,
  revision integer NOT NULL,
  created text COLLATE "C" NOT NULL,
  last_modified text COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant, id)
);
-- Not UNIQUE: uniqueness of userName is enforced by the write model's reservation streams.
CREATE INDEX IF NOT EXISTS users_by_user_name ON users (tenant, user_name_lc);
CREATE INDEX IF NOT EXISTS users_by_external_id ON users (tenant, external_id);
CREATE INDEX IF NOT EXISTS users_by_created ON users (tenant, created, id);

CREATE TABLE IF NOT EXISTS groups (
  tenant text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  display_name text NOT NULL,
  display_name_lc text COLLATE "C" NOT NULL,
  external_id text COLLATE "C",
  attributes jsonb NOT NULL,
  revision integer NOT NULL,
  created text COLLATE "C" NOT NULL,
  last_modified text COLLATE "C" NOT NULL,
  member_count integer NOT NULL,
  -- 'scim', or 'local' for a group made in the application that SCIM must not see until it adopts it.
  managed_by text NOT NULL DEFAULT 'scim',
  PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS groups_by_display_name ON groups (tenant, display_name_lc);
CREATE INDEX IF NOT EXISTS groups_by_external_id ON groups (tenant, external_id);
CREATE INDEX IF NOT EXISTS groups_by_created ON groups (tenant, created, id);

-- One row per membership: a change to a group of 100,000 touches only its delta. The primary key
-- serves group -> members (and keyset paging by member id), the second index member -> groups.
CREATE TABLE IF NOT EXISTS group_members (
  tenant text COLLATE "C" NOT NULL,
  group_id text COLLATE "C" NOT NULL,
  member_id text COLLATE "C" NOT NULL,
  member_type text NOT NULL,
  PRIMARY KEY (tenant, group_id, member_id)
);
CREATE INDEX IF NOT EXISTS group_members_by_member ON group_members (tenant, member_id);

-- Every user's emails.value, lower-cased: Entra and PingOne match users by email.
CREATE TABLE IF NOT EXISTS user_emails (
  tenant text COLLATE "C" NOT NULL,
  value_lc text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant, value_lc, user_id)
);
CREATE INDEX IF NOT EXISTS user_emails_by_user ON user_emails (tenant, user_id);

CREATE TABLE IF NOT EXISTS tenants (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  created text COLLATE "C" NOT NULL
);

CREATE TABLE IF NOT EXISTS bearer_tokens (
  token_hash text COLLATE "C" PRIMARY KEY,
  tenant_id text COLLATE "C" NOT NULL,
  token_id text COLLATE "C" NOT NULL,
  label text NOT NULL,
  expires_at text,
  revoked boolean NOT NULL DEFAULT FALSE,
  created text COLLATE "C"
);
CREATE INDEX IF NOT EXISTS bearer_tokens_by_id ON bearer_tokens (tenant_id, token_id);

CREATE TABLE IF NOT EXISTS tenant_profiles (
  tenant_id text COLLATE "C" PRIMARY KEY,
  idp_preset text NOT NULL,
  schema_extensions jsonb NOT NULL,
  provisioning_enabled boolean NOT NULL,
  deletion_policy text NOT NULL,
  seat_limit integer,
  role_rule jsonb,
  group_matching text,
  revision integer NOT NULL
);

CREATE TABLE IF NOT EXISTS app_registrations (
  client_id text COLLATE "C" PRIMARY KEY,
  tenant_id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  redirect_uris jsonb NOT NULL,
  access_token_lifetime integer NOT NULL,
  created text COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS app_registrations_by_tenant ON app_registrations (tenant_id, created);
CREATE TABLE IF NOT EXISTS client_secrets (
  client_id text COLLATE "C" NOT NULL,
  secret_id text COLLATE "C" NOT NULL,
  secret_hash text NOT NULL,
  created text COLLATE "C" NOT NULL,
  retires_at text,
  revoked boolean NOT NULL DEFAULT FALSE,
  PRIMARY KEY (client_id, secret_id)
);

-- How many users and SCIM groups each tenant holds: the totalResults of an unfiltered list (an
-- IdP's import pages through every user) without counting a million rows per page. Kept by the
-- statement triggers below, whichever statement inserts or deletes the rows.
CREATE TABLE IF NOT EXISTS resource_counts (
  tenant text COLLATE "C" NOT NULL,
  resource text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (tenant, resource)
);

CREATE TABLE IF NOT EXISTS checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL
);
INSERT INTO checkpoints (name, position) VALUES ('directory', 0) ON CONFLICT (name) DO NOTHING;

CREATE TABLE IF NOT EXISTS schema_version (
  singleton boolean PRIMARY KEY DEFAULT TRUE CHECK (singleton),
  version integer NOT NULL
);

-- An RFC 3339 text as an instant, NULL for anything else: a bad value in one user's JSON must
-- make a filter false, never fail the query. PostgreSQL's own cast also reads words like 'now'.
CREATE OR REPLACE FUNCTION scim_instant(value text) RETURNS timestamptz
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $fn$
BEGIN
  IF value !~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}' THEN
    RETURN NULL;
  END IF;
  RETURN value::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$fn$;
`;

/** The schema the services use unless told otherwise. */
export const defaultReadModelSchema = 'read_model';

/** The NOTIFY channel carrying the schema's new checkpoint after each projector commit. */
export const positionChannel = (schema: string): string => `scim_read_model_position.${schema}`;

/**
 * Created with a fresh schema only: creating triggers locks their tables, which no service start
 * should do to a live model. The functions find `resource_counts` beside the table that fired
 * them (TG_TABLE_SCHEMA: its name now, so they follow the schema through a rebuild's rename), not
 * through the session's search_path.
 */
const countTriggers = `
-- Rows inserted (+1) or deleted (-1) by one statement; groups only while SCIM sees them.
CREATE FUNCTION scim_count_rows() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format(
    'INSERT INTO %I.resource_counts AS c (tenant, resource, n)
     SELECT tenant, %L, %s FROM changed %s GROUP BY tenant
     ON CONFLICT (tenant, resource) DO UPDATE SET n = c.n + excluded.n',
    TG_TABLE_SCHEMA, TG_ARGV[0],
    CASE TG_OP WHEN 'DELETE' THEN '-count(*)' ELSE 'count(*)' END,
    CASE TG_ARGV[0] WHEN 'Group' THEN 'WHERE managed_by = ''scim''' ELSE '' END);
  RETURN NULL;
END
$fn$;
-- A local group counts once adopted: an UPDATE of managed_by.
CREATE FUNCTION scim_count_adopted_groups() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format(
    'INSERT INTO %I.resource_counts AS c (tenant, resource, n)
     SELECT tenant, ''Group'', sum(delta) FROM (
       SELECT tenant, 1 AS delta FROM after_rows WHERE managed_by = ''scim''
       UNION ALL
       SELECT tenant, -1 FROM before_rows WHERE managed_by = ''scim''
     ) AS moved GROUP BY tenant HAVING sum(delta) <> 0
     ON CONFLICT (tenant, resource) DO UPDATE SET n = c.n + excluded.n',
    TG_TABLE_SCHEMA);
  RETURN NULL;
END
$fn$;
CREATE TRIGGER users_counted_insert AFTER INSERT ON users REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION scim_count_rows('User');
CREATE TRIGGER users_counted_delete AFTER DELETE ON users REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION scim_count_rows('User');
CREATE TRIGGER groups_counted_insert AFTER INSERT ON groups REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION scim_count_rows('Group');
CREATE TRIGGER groups_counted_delete AFTER DELETE ON groups REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION scim_count_rows('Group');
CREATE TRIGGER groups_counted_update AFTER UPDATE ON groups
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION scim_count_adopted_groups();
`;

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name as an SQL identifier; only plain lower-case names are accepted. */
export function schemaIdentifier(schema: string): string {
  if (!schemaName.test(schema))
    throw new Error(`PostgreSQL read model schema "${schema}" must match ${schemaName.source}`);
  return `"${schema}"`;
}

/**
 * Creates the schema and its tables when missing. Idempotent; an advisory lock serialises
 * processes that open the read model at once (CREATE ... IF NOT EXISTS alone races on the
 * catalogs). A schema of another version must be rebuilt, not silently reused.
 */
export async function migrateReadModelSchema(client: pg.ClientBase, schema: string): Promise<void> {
  const identifier = schemaIdentifier(schema);
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('scim-read-model'), hashtext($1))`, [
      schema,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${identifier}`);
    await client.query(`SET LOCAL search_path TO ${identifier}`);
    const fresh = await client.query<{ found: string | null }>(
      `SELECT to_regclass('schema_version') AS found`,
    );
    await client.query(ddl);
    if (fresh.rows[0]?.found == null) await client.query(countTriggers);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const version = rows[0]?.version;
    if (version !== undefined && version !== postgresReadModelSchemaVersion)
      throw new Error(
        `The PostgreSQL read model in schema ${schema} has version ${version}, this release needs ${postgresReadModelSchemaVersion}: drop the schema and run "npm run projection:rebuild"`,
      );
    await client.query(
      `INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT (singleton) DO NOTHING`,
      [postgresReadModelSchemaVersion],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
