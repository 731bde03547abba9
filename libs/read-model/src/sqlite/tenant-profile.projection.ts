import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
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
      'TenantIdpPresetChosen' | 'TenantSchemaExtensionRegistered' | 'TenantSchemaExtensionRemoved';
  }
>;

interface ProfileRecord {
  readonly idp_preset: string;
  readonly schema_extensions: string;
  readonly revision: number;
}

/**
 * Writes `tenant_profiles`: one row per tenant holding its preset and extension schemas. A tenant
 * has a handful of extensions, read together on every SCIM request, so they are one JSON document.
 * Each change is guarded by the tenant stream's revision, so a replayed event changes nothing.
 */
export class TenantProfileRows {
  private readonly read: StatementSync;
  private readonly write: StatementSync;

  constructor(db: DatabaseSync) {
    this.read = db.prepare(
      'SELECT idp_preset, schema_extensions, revision FROM tenant_profiles WHERE tenant_id = ?',
    );
    this.write = db.prepare(
      `INSERT INTO tenant_profiles (tenant_id, idp_preset, schema_extensions, revision)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET
         idp_preset = excluded.idp_preset,
         schema_extensions = excluded.schema_extensions,
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
      default: {
        const never: never = event;
        throw new Error(`Unhandled tenant profile event ${JSON.stringify(never)}`);
      }
    }
    this.write.run(tenantId, preset, JSON.stringify(extensions), ctx.revision);
  }
}

export function parseExtensions(json: string): TenantSchemaExtension[] {
  return JSON.parse(json) as TenantSchemaExtension[];
}
