import { splitAttributePath } from './role-rule.js';
import type { JsonValue } from '../shared/json.js';
import { jsonEquals } from '../shared/json-equality.js';
import { DomainError } from '../shared/domain-error.js';
import { idpPresets, isIdpPreset } from './idp-preset.js';
import { sameSchemaId } from './schema-extension.js';
import { validSchemaExtension } from './schema-extension.validate.js';
import type {
  ChooseIdpPreset,
  RegisterSchemaExtension,
  RemoveSchemaExtension,
} from './tenant.commands.js';
import type { TenantEvent } from './tenant.events.js';
import type { RegisteredTenant } from './tenant.state.js';

/** Every request of the tenant builds its schemas from these; a few dozen is plenty. */
export const maxSchemaExtensionsPerTenant = 50;

export function chooseIdpPreset(
  { data }: ChooseIdpPreset,
  tenant: RegisteredTenant,
): TenantEvent[] {
  if (!isIdpPreset(data.preset)) {
    throw new DomainError(
      'invalid_value',
      `IdP preset ${JSON.stringify(data.preset)} is not known; use one of ${idpPresets.join(', ')}.`,
    );
  }
  if (data.preset === tenant.idpPreset) return [];
  return [
    { type: 'TenantIdpPresetChosen', data: { tenantId: tenant.tenantId, preset: data.preset } },
  ];
}

export function registerSchemaExtension(
  { data }: RegisterSchemaExtension,
  tenant: RegisteredTenant,
): TenantEvent[] {
  const extension = validSchemaExtension(data);
  const existing = tenant.schemaExtensions.find((candidate) =>
    sameSchemaId(candidate.schema.id, extension.schema.id),
  );
  if (existing !== undefined) {
    // Registering the very same definition again changes nothing, so setup scripts can re-run.
    if (jsonEquals(existing as unknown as JsonValue, extension as unknown as JsonValue)) return [];
    throw new DomainError(
      'already_exists',
      `Tenant ${tenant.tenantId} already has schema ${existing.schema.id} (for ${existing.resourceType}) with another definition; remove it first to change it.`,
    );
  }
  if (tenant.schemaExtensions.length >= maxSchemaExtensionsPerTenant) {
    throw new DomainError(
      'invalid_value',
      `Tenant ${tenant.tenantId} already has ${maxSchemaExtensionsPerTenant} schema extensions, the most it can have; remove one first.`,
    );
  }
  return [
    {
      type: 'TenantSchemaExtensionRegistered',
      data: { tenantId: tenant.tenantId, ...extension },
    },
  ];
}

export function removeSchemaExtension(
  { data }: RemoveSchemaExtension,
  tenant: RegisteredTenant,
): TenantEvent[] {
  const existing = tenant.schemaExtensions.find((candidate) =>
    sameSchemaId(candidate.schema.id, data.schemaId),
  );
  if (existing === undefined) {
    throw new DomainError(
      'schema_extension_not_found',
      `Tenant ${tenant.tenantId} has no schema extension ${data.schemaId}.`,
    );
  }
  const rule = tenant.roleRule;
  if (
    rule !== null &&
    sameSchemaId(splitAttributePath(rule.attribute).schemaId, existing.schema.id)
  ) {
    throw new DomainError(
      'invalid_value',
      `The role rule of tenant ${tenant.tenantId} reads ${rule.attribute}; change or remove the rule (PUT /admin/tenants/${tenant.tenantId}/role-rule) before removing its schema.`,
    );
  }
  return [
    {
      type: 'TenantSchemaExtensionRemoved',
      data: { tenantId: tenant.tenantId, schemaId: existing.schema.id },
    },
  ];
}
