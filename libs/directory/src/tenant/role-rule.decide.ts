import { DomainError } from '../shared/domain-error.js';
import { splitAttributePath, type RoleRule } from './role-rule.js';
import { sameSchemaId } from './schema-extension.js';
import type { SetRoleRule } from './tenant.commands.js';
import type { TenantEvent } from './tenant.events.js';
import type { RegisteredTenant } from './tenant.state.js';

const example =
  '{"attribute": "urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount", "whenTrue": "team", "whenFalse": "member"}';

export function setRoleRule({ data }: SetRoleRule, tenant: RegisteredTenant): TenantEvent[] {
  const rule = data.rule === null ? null : checkedRule(data.rule, tenant);
  if (sameRule(rule, tenant.roleRule)) return [];
  return [{ type: 'TenantRoleRuleSet', data: { tenantId: tenant.tenantId, rule } }];
}

/** The data comes straight from an admin's JSON body, so every member is checked. */
function checkedRule(input: RoleRule, tenant: RegisteredTenant): RoleRule {
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new DomainError(
      'invalid_value',
      `The role rule must be an object like ${example}, or null.`,
    );
  }
  for (const member of ['attribute', 'whenTrue', 'whenFalse'] as const) {
    const value: unknown = input[member];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new DomainError(
        'invalid_value',
        `"${member}" of the role rule must be a non-empty string, as in ${example}.`,
      );
    }
  }
  const { attribute, whenTrue, whenFalse } = input;
  return { attribute: booleanAttribute(attribute, tenant), whenTrue, whenFalse };
}

/** The attribute path as registered, when it names a single-valued boolean of a User extension. */
function booleanAttribute(path: string, tenant: RegisteredTenant): string {
  const { schemaId, name } = splitAttributePath(path);
  const extension = tenant.schemaExtensions.find(
    (candidate) => candidate.resourceType === 'User' && sameSchemaId(candidate.schema.id, schemaId),
  );
  if (extension === undefined) {
    throw new DomainError(
      'invalid_value',
      `"${path}" is not an attribute of a User extension of tenant ${tenant.tenantId}; write the extension's schema URN, ":" and the attribute name, after registering the extension.`,
    );
  }
  const attribute = extension.schema.attributes.find(
    (candidate) => candidate.name.toLowerCase() === name.toLowerCase(),
  );
  if (attribute === undefined) {
    throw new DomainError(
      'invalid_value',
      `The extension ${extension.schema.id} has no attribute "${name}"; name one of ${extension.schema.attributes.map((a) => a.name).join(', ')}.`,
    );
  }
  if (attribute.type !== 'boolean' || attribute.multiValued) {
    throw new DomainError(
      'invalid_value',
      `The role rule needs a single-valued boolean attribute; ${extension.schema.id}:${attribute.name} is ${attribute.multiValued ? 'multi-valued ' : ''}${attribute.type}.`,
    );
  }
  return `${extension.schema.id}:${attribute.name}`;
}

function sameRule(a: RoleRule | null, b: RoleRule | null): boolean {
  if (a === null || b === null) return a === b;
  return a.attribute === b.attribute && a.whenTrue === b.whenTrue && a.whenFalse === b.whenFalse;
}
