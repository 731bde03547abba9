import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { BearerTokenRecord, TenantTokenRecord } from '../read-model.port.js';
import {
  bearerTokenRecord,
  tenantTokenRecord,
  tokenColumns,
  type TokenRow,
} from '../sql/directory-records.js';

/** Reads of `bearer_tokens`: by hash for every SCIM request, by tenant for the admin API. */
export class BearerTokenQueries {
  private readonly byHash: StatementSync;
  private readonly byTenant: StatementSync;

  constructor(db: DatabaseSync) {
    this.byHash = db.prepare(`SELECT ${tokenColumns} FROM bearer_tokens WHERE token_hash = ?`);
    this.byTenant = db.prepare(
      `SELECT ${tokenColumns} FROM bearer_tokens WHERE tenant_id = ? ORDER BY created, token_id`,
    );
  }

  findBearerToken(tokenHash: string): BearerTokenRecord | undefined {
    const row = this.byHash.get(tokenHash) as TokenRow | undefined;
    return row === undefined ? undefined : bearerTokenRecord(row);
  }

  tenantTokens(tenant: string): TenantTokenRecord[] {
    return (this.byTenant.all(tenant) as unknown as TokenRow[]).map(tenantTokenRecord);
  }
}
