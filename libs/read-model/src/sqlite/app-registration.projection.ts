import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { AppRegistrationEvent } from '#directory';
import type { EventContext } from '../sql/projection-context.js';

/**
 * Writes `app_registrations` and `client_secrets` (secret hashes only). A deleted registration
 * loses its rows: the OAuth server then knows no such client, and the events keep its history.
 */
export class AppRegistrationRowsProjection {
  private readonly insertApp: StatementSync;
  private readonly updateApp: StatementSync;
  private readonly deleteApp: StatementSync;
  private readonly deleteSecrets: StatementSync;
  private readonly insertSecret: StatementSync;
  private readonly retireSecret: StatementSync;
  private readonly revokeSecret: StatementSync;

  constructor(db: DatabaseSync) {
    this.insertApp = db.prepare(
      `INSERT OR IGNORE INTO app_registrations
         (client_id, tenant_id, name, redirect_uris, access_token_lifetime, created)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.updateApp = db.prepare(
      `UPDATE app_registrations SET name = ?, redirect_uris = ?, access_token_lifetime = ?
       WHERE client_id = ?`,
    );
    this.deleteApp = db.prepare('DELETE FROM app_registrations WHERE client_id = ?');
    this.deleteSecrets = db.prepare('DELETE FROM client_secrets WHERE client_id = ?');
    this.insertSecret = db.prepare(
      `INSERT OR IGNORE INTO client_secrets (client_id, secret_id, secret_hash, created)
       VALUES (?, ?, ?, ?)`,
    );
    this.retireSecret = db.prepare(
      'UPDATE client_secrets SET retires_at = ? WHERE client_id = ? AND secret_id = ?',
    );
    this.revokeSecret = db.prepare(
      'UPDATE client_secrets SET revoked = 1 WHERE client_id = ? AND secret_id = ?',
    );
  }

  apply(event: AppRegistrationEvent, ctx: EventContext): void {
    switch (event.type) {
      case 'AppRegistrationCreated': {
        const { clientId, tenantId, name, redirectUris, accessTokenLifetimeSeconds } = event.data;
        this.insertApp.run(
          clientId,
          tenantId,
          name,
          JSON.stringify(redirectUris),
          accessTokenLifetimeSeconds,
          ctx.time,
        );
        return;
      }
      case 'AppRegistrationChanged': {
        const { clientId, name, redirectUris, accessTokenLifetimeSeconds } = event.data;
        this.updateApp.run(
          name,
          JSON.stringify(redirectUris),
          accessTokenLifetimeSeconds,
          clientId,
        );
        return;
      }
      case 'ClientSecretAdded': {
        const { clientId, secretId, secretHash } = event.data;
        this.insertSecret.run(clientId, secretId, secretHash, ctx.time);
        return;
      }
      case 'ClientSecretRetirementScheduled':
        this.retireSecret.run(event.data.retiresAt, event.data.clientId, event.data.secretId);
        return;
      case 'ClientSecretRevoked':
        this.revokeSecret.run(event.data.clientId, event.data.secretId);
        return;
      case 'AppRegistrationConsentGranted':
        // History for auditors; nothing an OAuth client lookup needs.
        return;
      case 'AppRegistrationDeleted':
        this.deleteSecrets.run(event.data.clientId);
        this.deleteApp.run(event.data.clientId);
        return;
      default: {
        const never: never = event;
        throw new Error(`Unhandled app registration event ${JSON.stringify(never)}`);
      }
    }
  }
}
