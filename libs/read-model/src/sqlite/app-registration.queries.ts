import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AppRegistrationRecord } from '../read-model.port.js';
import {
  appColumns,
  appRegistrationRecord,
  appRegistrationRecords,
  type AppRow,
  secretColumns,
  type SecretRow,
} from '../sql/directory-records.js';

/** Reads of application registrations: by client id for the OAuth server, by tenant for admins. */
export class AppRegistrationQueries {
  private readonly byClientId: StatementSync;
  private readonly byTenant: StatementSync;
  private readonly secretsOf: StatementSync;
  private readonly secretsOfTenant: StatementSync;

  constructor(db: DatabaseSync) {
    this.byClientId = db.prepare(`SELECT ${appColumns} FROM app_registrations WHERE client_id = ?`);
    this.byTenant = db.prepare(
      `SELECT ${appColumns} FROM app_registrations WHERE tenant_id = ? ORDER BY created, client_id`,
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
    return appRegistrationRecord(row, this.secretsOf.all(clientId) as unknown as SecretRow[]);
  }

  tenantAppRegistrations(tenant: string): AppRegistrationRecord[] {
    return appRegistrationRecords(
      this.byTenant.all(tenant) as unknown as AppRow[],
      this.secretsOfTenant.all(tenant) as unknown as SecretRow[],
    );
  }
}
