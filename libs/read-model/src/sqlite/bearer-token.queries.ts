import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { BearerTokenRecord, TenantTokenRecord } from '../read-model.port.js';

interface TokenRow {
  readonly tenant_id: string;
  readonly token_id: string;
  readonly label: string;
  readonly expires_at: string | null;
  readonly revoked: number;
  readonly created: string | null;
}

/** Reads of `bearer_tokens`: by hash for every SCIM request, by tenant for the admin API. */
export class BearerTokenQueries {
  private readonly byHash: StatementSync;
  private readonly byTenant: StatementSync;

  constructor(db: DatabaseSync) {
    const columns = 'tenant_id, token_id, label, expires_at, revoked, created';
    this.byHash = db.prepare(`SELECT ${columns} FROM bearer_tokens WHERE token_hash = ?`);
    this.byTenant = db.prepare(
      `SELECT ${columns} FROM bearer_tokens WHERE tenant_id = ? ORDER BY created, token_id`,
    );
  }

  findBearerToken(tokenHash: string): BearerTokenRecord | undefined {
    const row = this.byHash.get(tokenHash) as TokenRow | undefined;
    if (row === undefined) return undefined;
    const record = { tenantId: row.tenant_id, tokenId: row.token_id, revoked: row.revoked === 1 };
    return row.expires_at === null ? record : { ...record, expiresAt: row.expires_at };
  }

  tenantTokens(tenant: string): TenantTokenRecord[] {
    return (this.byTenant.all(tenant) as unknown as TokenRow[]).map((row) => ({
      tokenId: row.token_id,
      label: row.label,
      createdAt: row.created ?? undefined,
      ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
      revoked: row.revoked === 1,
    }));
  }
}
