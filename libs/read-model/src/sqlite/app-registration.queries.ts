import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AppRegistrationRecord, ClientSecretRecord } from '../read-model.port.js';

interface AppRow {
  readonly client_id: string;
  readonly tenant_id: string;
  readonly name: string;
  readonly redirect_uris: string;
  readonly access_token_lifetime: number;
  readonly created: string;
}

interface SecretRow {
  readonly client_id: string;
  readonly secret_id: string;
  readonly secret_hash: string;
  readonly created: string;
  readonly retires_at: string | null;
  readonly revoked: number;
}

/** Reads of application registrations: by client id for the OAuth server, by tenant for admins. */
export class AppRegistrationQueries {
  private readonly byClientId: StatementSync;
  private readonly byTenant: StatementSync;
  private readonly secretsOf: StatementSync;
  private readonly secretsOfTenant: StatementSync;

  constructor(db: DatabaseSync) {
    const columns = 'client_id, tenant_id, name, redirect_uris, access_token_lifetime, created';
    const secretColumns = 's.client_id, secret_id, secret_hash, s.created, retires_at, revoked';
    this.byClientId = db.prepare(`SELECT ${columns} FROM app_registrations WHERE client_id = ?`);
    this.byTenant = db.prepare(
      `SELECT ${columns} FROM app_registrations WHERE tenant_id = ? ORDER BY created, client_id`,
    );
    this.secretsOf = db.prepare(
      `SELECT ${secretColumns} FROM client_secrets AS s WHERE s.client_id = ?
       ORDER BY s.created, secret_id`,
    );
    this.secretsOfTenant = db.prepare(
      `SELECT ${secretColumns} FROM client_secrets AS s
       JOIN app_registrations AS a ON a.client_id = s.client_id
       WHERE a.tenant_id = ? ORDER BY s.created, secret_id`,
    );
  }

  appRegistration(clientId: string): AppRegistrationRecord | undefined {
    const row = this.byClientId.get(clientId) as AppRow | undefined;
    if (row === undefined) return undefined;
    return toRecord(row, this.secretsOf.all(clientId) as unknown as SecretRow[]);
  }

  tenantAppRegistrations(tenant: string): AppRegistrationRecord[] {
    const secrets = Map.groupBy(
      this.secretsOfTenant.all(tenant) as unknown as SecretRow[],
      (secret) => secret.client_id,
    );
    return (this.byTenant.all(tenant) as unknown as AppRow[]).map((row) =>
      toRecord(row, secrets.get(row.client_id) ?? []),
    );
  }
}

function toRecord(row: AppRow, secrets: readonly SecretRow[]): AppRegistrationRecord {
  return {
    clientId: row.client_id,
    tenantId: row.tenant_id,
    name: row.name,
    redirectUris: JSON.parse(row.redirect_uris) as string[],
    accessTokenLifetimeSeconds: row.access_token_lifetime,
    createdAt: row.created,
    secrets: secrets.map(toSecret),
  };
}

function toSecret(row: SecretRow): ClientSecretRecord {
  return {
    secretId: row.secret_id,
    secretHash: row.secret_hash,
    createdAt: row.created,
    ...(row.retires_at === null ? {} : { retiresAt: row.retires_at }),
    revoked: row.revoked === 1,
  };
}
