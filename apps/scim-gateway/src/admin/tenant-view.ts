import type { TenantProfileRecord } from '#read-model';

/** A tenant as the admin API shows it. */
export function tenantView(record: TenantProfileRecord, scimBaseUrl: string) {
  return {
    id: record.tenantId,
    name: record.name,
    idpPreset: record.idpPreset,
    schemaExtensions: record.schemaExtensions,
    provisioningEnabled: record.provisioningEnabled,
    deletionPolicy: record.deletionPolicy,
    groupMatching: record.groupMatching,
    seatLimit: record.seatLimit,
    roleRule: record.roleRule,
    scimBaseUrl,
  };
}
