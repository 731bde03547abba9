import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  defaultDeletionPolicy,
  defaultGroupMatchingPolicy,
  defaultIdpPreset,
  sameSchemaId,
  type TenantEvent,
  type TenantSchemaExtension,
} from '#directory';
import type { EventContext } from './projection-context.js';

export type TenantProfileEvent = Extract<
  TenantEvent,
  {
    type:
      | 'TenantIdpPresetChosen'
      | 'TenantSchemaExtensionRegistered'
      | 'TenantSchemaExtensionRemoved'
      | 'TenantProvisioningDisabled'
      | 'TenantProvisioningEnabled'
      | 'TenantDeletionPolicyChosen'
      | 'TenantSeatLimitSet'
      | 'TenantRoleRuleSet'
      | 'TenantGroupMatchingPolicyChosen';
  }
>;

interface ProfileRecord {
  readonly idp_preset: string;
  readonly schema_extensions: string;
  readonly provisioning_enabled: number;
  readonly deletion_policy: string;
  readonly seat_limit: number | null;
  readonly role_rule: string | null;
  readonly group_matching: string | null;
  readonly revision: number;
}

/**
 * Writes `tenant_profiles`: one row per tenant holding what every SCIM request of the tenant needs,
 * read in one query: its preset, extension schemas (a handful, so one JSON document), provisioning
 * switch, deletion and group matching policies. Each change is guarded by the tenant stream's revision, so a
 * replayed event changes nothing.
 */
export class TenantProfileRows {
  private readonly read: StatementSync;
  private readonly write: StatementSync;

  constructor(db: DatabaseSync) {
    this.read = db.prepare(
      `SELECT idp_preset, schema_extensions, provisioning_enabled, deletion_policy, seat_limit, role_rule,
         group_matching, revision
       FROM tenant_profiles WHERE tenant_id = ?`,
    );
    this.write = db.prepare(
      `INSERT INTO tenant_profiles
         (tenant_id, idp_preset, schema_extensions, provisioning_enabled, deletion_policy,
          seat_limit, role_rule, group_matching, revision)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET
         idp_preset = excluded.idp_preset,
         schema_extensions = excluded.schema_extensions,
         provisioning_enabled = excluded.provisioning_enabled,
         deletion_policy = excluded.deletion_policy,
         seat_limit = excluded.seat_limit,
         role_rule = excluded.role_rule,
         group_matching = excluded.group_matching,
         revision = excluded.revision
       WHERE excluded.revision > tenant_profiles.revision`,
    );
  }

  apply(event: TenantProfileEvent, ctx: EventContext): void {
    const tenantId = event.data.tenantId;
    const row = this.read.get(tenantId) as ProfileRecord | undefined;
    if (row !== undefined && row.revision >= ctx.revision) return;
    let preset = row?.idp_preset ?? defaultIdpPreset;
    let extensions = row === undefined ? [] : parseExtensions(row.schema_extensions);
    let enabled = row === undefined ? true : row.provisioning_enabled === 1;
    let policy = row?.deletion_policy ?? defaultDeletionPolicy;
    let seatLimit = row?.seat_limit ?? null;
    let roleRule = row?.role_rule ?? null;
    let groupMatching = row?.group_matching ?? defaultGroupMatchingPolicy;
    switch (event.type) {
      case 'TenantIdpPresetChosen':
        preset = event.data.preset;
        break;
      case 'TenantSchemaExtensionRegistered': {
        const { resourceType, schema, required } = event.data;
        extensions = [...extensions, { resourceType, schema, required }];
        break;
      }
      case 'TenantSchemaExtensionRemoved':
        extensions = extensions.filter((e) => !sameSchemaId(e.schema.id, event.data.schemaId));
        break;
      case 'TenantProvisioningDisabled':
        enabled = false;
        break;
      case 'TenantProvisioningEnabled':
        enabled = true;
        break;
      case 'TenantDeletionPolicyChosen':
        policy = event.data.policy;
        break;
      case 'TenantSeatLimitSet':
        seatLimit = event.data.limit;
        break;
      case 'TenantRoleRuleSet':
        roleRule = event.data.rule === null ? null : JSON.stringify(event.data.rule);
        break;
      case 'TenantGroupMatchingPolicyChosen':
        groupMatching = event.data.policy;
        break;
      default: {
        const never: never = event;
        throw new Error(`Unhandled tenant profile event ${JSON.stringify(never)}`);
      }
    }
    this.write.run(
      tenantId,
      preset,
      JSON.stringify(extensions),
      enabled ? 1 : 0,
      policy,
      seatLimit,
      roleRule,
      groupMatching,
      ctx.revision,
    );
  }
}

export function parseExtensions(json: string): TenantSchemaExtension[] {
  return JSON.parse(json) as TenantSchemaExtension[];
}
