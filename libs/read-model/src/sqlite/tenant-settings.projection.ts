import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { defaultDeletionPolicy, type TenantEvent } from '#directory';
import type { EventContext } from './projection-context.js';

export type TenantSettingsEvent = Extract<
  TenantEvent,
  {
    type: 'TenantProvisioningDisabled' | 'TenantProvisioningEnabled' | 'TenantDeletionPolicyChosen';
  }
>;

interface SettingsRecord {
  readonly provisioning_enabled: number;
  readonly deletion_policy: string;
  readonly revision: number;
}

/**
 * Writes `tenant_settings`: one row per tenant with its provisioning switch and deletion policy,
 * read on every SCIM request together with the profile. Guarded by the tenant stream's revision,
 * so a replayed event changes nothing.
 */
export class TenantSettingsRows {
  private readonly read: StatementSync;
  private readonly write: StatementSync;

  constructor(db: DatabaseSync) {
    this.read = db.prepare(
      'SELECT provisioning_enabled, deletion_policy, revision FROM tenant_settings WHERE tenant_id = ?',
    );
    this.write = db.prepare(
      `INSERT INTO tenant_settings (tenant_id, provisioning_enabled, deletion_policy, revision)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET
         provisioning_enabled = excluded.provisioning_enabled,
         deletion_policy = excluded.deletion_policy,
         revision = excluded.revision
       WHERE excluded.revision > tenant_settings.revision`,
    );
  }

  apply(event: TenantSettingsEvent, ctx: EventContext): void {
    const tenantId = event.data.tenantId;
    const row = this.read.get(tenantId) as SettingsRecord | undefined;
    if (row !== undefined && row.revision >= ctx.revision) return;
    let enabled = row === undefined ? true : row.provisioning_enabled === 1;
    let policy = row?.deletion_policy ?? defaultDeletionPolicy;
    switch (event.type) {
      case 'TenantProvisioningDisabled':
        enabled = false;
        break;
      case 'TenantProvisioningEnabled':
        enabled = true;
        break;
      case 'TenantDeletionPolicyChosen':
        policy = event.data.policy;
        break;
      default: {
        const never: never = event;
        throw new Error(`Unhandled tenant settings event ${JSON.stringify(never)}`);
      }
    }
    this.write.run(tenantId, enabled ? 1 : 0, policy, ctx.revision);
  }
}
