import type pg from 'pg';
import { type AppRegistrationEvent, isTenantProfileEvent, type TenantEvent } from '#directory';
import type { EventContext } from '../sql/projection-context.js';
import {
  foldTenantProfile,
  type StoredTenantProfile,
  storedProfileState,
  type TenantProfileEvent,
} from '../sql/tenant-profile.fold.js';

/**
 * Writes `tenants`, `bearer_tokens` (hashes only), `tenant_profiles`, `app_registrations` and
 * `client_secrets` (hashes only) for PostgreSQL, inside the projector's transaction.
 */
export class TenantRowsProjection {
  constructor(private readonly sql: pg.ClientBase) {}

  async applyTenant(event: TenantEvent, ctx: EventContext): Promise<void> {
    if (isTenantProfileEvent(event)) return this.applyProfile(event, ctx);
    switch (event.type) {
      case 'TenantRegistered':
        await this.sql.query(
          'INSERT INTO tenants (id, name, created) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
          [event.data.tenantId, event.data.name, ctx.time],
        );
        return;
      case 'BearerTokenIssued': {
        const { tokenHash, tenantId, tokenId, label, expiresAt } = event.data;
        // A revoked token may be issued again (SCIM_BOOTSTRAP_TOKEN at the next start): the row
        // then belongs to the new token id, active again.
        await this.sql.query(
          `INSERT INTO bearer_tokens (token_hash, tenant_id, token_id, label, expires_at, revoked, created)
           VALUES ($1, $2, $3, $4, $5, FALSE, $6)
           ON CONFLICT (token_hash) DO UPDATE SET tenant_id = excluded.tenant_id,
             token_id = excluded.token_id, label = excluded.label, expires_at = excluded.expires_at,
             revoked = FALSE, created = excluded.created`,
          [tokenHash, tenantId, tokenId, label, expiresAt ?? null, ctx.time],
        );
        return;
      }
      case 'BearerTokenRevoked':
        await this.sql.query(
          'UPDATE bearer_tokens SET revoked = TRUE WHERE tenant_id = $1 AND token_id = $2',
          [event.data.tenantId, event.data.tokenId],
        );
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled tenant event ${JSON.stringify(never)}`);
      }
    }
  }

  /** Guarded by the tenant stream's revision, so a replayed event changes nothing. */
  private async applyProfile(event: TenantProfileEvent, ctx: EventContext): Promise<void> {
    const tenantId = event.data.tenantId;
    const { rows } = await this.sql.query<StoredTenantProfile>(
      `SELECT idp_preset, schema_extensions, provisioning_enabled, deletion_policy, seat_limit,
         role_rule, group_matching, revision
       FROM tenant_profiles WHERE tenant_id = $1`,
      [tenantId],
    );
    const row = rows[0];
    if (row !== undefined && (row.revision ?? 0) >= ctx.revision) return;
    const next = foldTenantProfile(storedProfileState(row), event);
    await this.sql.query(
      `INSERT INTO tenant_profiles AS p (tenant_id, idp_preset, schema_extensions, provisioning_enabled,
         deletion_policy, seat_limit, role_rule, group_matching, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant_id) DO UPDATE SET idp_preset = excluded.idp_preset,
         schema_extensions = excluded.schema_extensions,
         provisioning_enabled = excluded.provisioning_enabled,
         deletion_policy = excluded.deletion_policy, seat_limit = excluded.seat_limit,
         role_rule = excluded.role_rule, group_matching = excluded.group_matching,
         revision = excluded.revision
       WHERE excluded.revision > p.revision`,
      [
        tenantId,
        next.idpPreset,
        JSON.stringify(next.schemaExtensions),
        next.provisioningEnabled,
        next.deletionPolicy,
        next.seatLimit,
        next.roleRule === null ? null : JSON.stringify(next.roleRule),
        next.groupMatching,
        ctx.revision,
      ],
    );
  }

  /** A deleted registration loses its rows: the OAuth server then knows no such client. */
  async applyAppRegistration(event: AppRegistrationEvent, ctx: EventContext): Promise<void> {
    switch (event.type) {
      case 'AppRegistrationCreated': {
        const { clientId, tenantId, name, redirectUris, accessTokenLifetimeSeconds } = event.data;
        await this.sql.query(
          `INSERT INTO app_registrations (client_id, tenant_id, name, redirect_uris, access_token_lifetime, created)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id) DO NOTHING`,
          [
            clientId,
            tenantId,
            name,
            JSON.stringify(redirectUris),
            accessTokenLifetimeSeconds,
            ctx.time,
          ],
        );
        return;
      }
      case 'AppRegistrationChanged': {
        const { clientId, name, redirectUris, accessTokenLifetimeSeconds } = event.data;
        await this.sql.query(
          `UPDATE app_registrations SET name = $2, redirect_uris = $3, access_token_lifetime = $4
           WHERE client_id = $1`,
          [clientId, name, JSON.stringify(redirectUris), accessTokenLifetimeSeconds],
        );
        return;
      }
      case 'ClientSecretAdded': {
        const { clientId, secretId, secretHash } = event.data;
        await this.sql.query(
          `INSERT INTO client_secrets (client_id, secret_id, secret_hash, created)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [clientId, secretId, secretHash, ctx.time],
        );
        return;
      }
      case 'ClientSecretRetirementScheduled':
        await this.sql.query(
          'UPDATE client_secrets SET retires_at = $3 WHERE client_id = $1 AND secret_id = $2',
          [event.data.clientId, event.data.secretId, event.data.retiresAt],
        );
        return;
      case 'ClientSecretRevoked':
        await this.sql.query(
          'UPDATE client_secrets SET revoked = TRUE WHERE client_id = $1 AND secret_id = $2',
          [event.data.clientId, event.data.secretId],
        );
        return;
      case 'AppRegistrationConsentGranted':
        // History for auditors; nothing an OAuth client lookup needs.
        return;
      case 'AppRegistrationDeleted':
        await this.sql.query('DELETE FROM client_secrets WHERE client_id = $1', [
          event.data.clientId,
        ]);
        await this.sql.query('DELETE FROM app_registrations WHERE client_id = $1', [
          event.data.clientId,
        ]);
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled app registration event ${JSON.stringify(never)}`);
      }
    }
  }
}
