import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isTenantProfileEvent, type TenantEvent } from '#directory';
import type { EventContext } from '../sql/projection-context.js';
import { TenantProfileRows } from './tenant-profile.projection.js';

/**
 * Writes `tenants` and `bearer_tokens` (token hashes only; tokens are never stored), and through
 * TenantProfileRows each tenant's preset, extension schemas, provisioning switch and deletion
 * policy.
 */
export class TenantRowsProjection {
  private readonly profiles: TenantProfileRows;
  private readonly insertTenant: StatementSync;
  private readonly insertToken: StatementSync;
  private readonly revokeToken: StatementSync;

  constructor(db: DatabaseSync) {
    this.profiles = new TenantProfileRows(db);
    this.insertTenant = db.prepare(
      'INSERT OR IGNORE INTO tenants (id, name, created) VALUES (?, ?, ?)',
    );
    this.insertToken = db.prepare(
      // A revoked token may be issued again (SCIM_BOOTSTRAP_TOKEN at the next start): the row then
      // belongs to the new token id, active again.
      `INSERT INTO bearer_tokens (token_hash, tenant_id, token_id, label, expires_at, revoked, created)
       VALUES (?, ?, ?, ?, ?, 0, ?)
       ON CONFLICT (token_hash) DO UPDATE SET tenant_id = excluded.tenant_id,
         token_id = excluded.token_id, label = excluded.label, expires_at = excluded.expires_at,
         revoked = 0, created = excluded.created`,
    );
    this.revokeToken = db.prepare(
      'UPDATE bearer_tokens SET revoked = 1 WHERE tenant_id = ? AND token_id = ?',
    );
  }

  apply(event: TenantEvent, ctx: EventContext): void {
    if (isTenantProfileEvent(event)) return this.profiles.apply(event, ctx);
    switch (event.type) {
      case 'TenantRegistered':
        this.insertTenant.run(event.data.tenantId, event.data.name, ctx.time);
        return;
      case 'BearerTokenIssued': {
        const { tokenHash, tenantId, tokenId, label, expiresAt } = event.data;
        this.insertToken.run(tokenHash, tenantId, tokenId, label, expiresAt ?? null, ctx.time);
        return;
      }
      case 'BearerTokenRevoked':
        this.revokeToken.run(event.data.tenantId, event.data.tokenId);
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled tenant event ${JSON.stringify(never)}`);
      }
    }
  }
}
