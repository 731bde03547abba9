import { unreachable } from '../shared/unreachable.js';
import type { DeletionPolicy } from './deletion-policy.js';
import type { GroupMatchingPolicy } from './group-matching-policy.js';
import type { IdpPreset } from './idp-preset.js';
import type { RoleRule } from './role-rule.js';
import { sameSchemaId, type TenantSchemaExtension } from './schema-extension.js';
import type { TenantEvent } from './tenant.events.js';

/** The events that change how a tenant is provisioned (its profile), as opposed to its tokens. */
export const tenantProfileEventTypes = [
  'TenantIdpPresetChosen',
  'TenantSchemaExtensionRegistered',
  'TenantSchemaExtensionRemoved',
  'TenantProvisioningDisabled',
  'TenantProvisioningEnabled',
  'TenantDeletionPolicyChosen',
  'TenantSeatLimitSet',
  'TenantRoleRuleSet',
  'TenantGroupMatchingPolicyChosen',
] as const;

export type TenantProfileEvent = Extract<
  TenantEvent,
  { type: (typeof tenantProfileEventTypes)[number] }
>;

const profileTypes: ReadonlySet<string> = new Set(tenantProfileEventTypes);

export function isTenantProfileEvent(event: TenantEvent): event is TenantProfileEvent {
  return profileTypes.has(event.type);
}

/** A tenant's profile: what the decider holds and the read model's `tenant_profiles` row. */
export interface TenantProfile {
  readonly idpPreset: IdpPreset;
  readonly schemaExtensions: readonly TenantSchemaExtension[];
  readonly provisioningEnabled: boolean;
  readonly deletionPolicy: DeletionPolicy;
  readonly seatLimit: number | null;
  readonly roleRule: RoleRule | null;
  readonly groupMatching: GroupMatchingPolicy;
}

/** The profile after one profile event; whatever else `state` holds is kept. */
export function evolveTenantProfile<State extends TenantProfile>(
  state: State,
  event: TenantProfileEvent,
): State {
  switch (event.type) {
    case 'TenantIdpPresetChosen':
      return { ...state, idpPreset: event.data.preset };
    case 'TenantSchemaExtensionRegistered': {
      const { resourceType, schema, required } = event.data;
      return {
        ...state,
        schemaExtensions: [...state.schemaExtensions, { resourceType, schema, required }],
      };
    }
    case 'TenantSchemaExtensionRemoved':
      return {
        ...state,
        schemaExtensions: state.schemaExtensions.filter(
          (extension) => !sameSchemaId(extension.schema.id, event.data.schemaId),
        ),
      };
    case 'TenantProvisioningDisabled':
      return { ...state, provisioningEnabled: false };
    case 'TenantProvisioningEnabled':
      return { ...state, provisioningEnabled: true };
    case 'TenantDeletionPolicyChosen':
      return { ...state, deletionPolicy: event.data.policy };
    case 'TenantGroupMatchingPolicyChosen':
      return { ...state, groupMatching: event.data.policy };
    case 'TenantSeatLimitSet':
      return { ...state, seatLimit: event.data.limit };
    case 'TenantRoleRuleSet':
      return { ...state, roleRule: event.data.rule };
    default:
      return unreachable(event);
  }
}
