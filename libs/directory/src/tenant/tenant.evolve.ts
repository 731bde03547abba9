import { unreachable } from '../shared/unreachable.js';
import { defaultDeletionPolicy } from './deletion-policy.js';
import { defaultGroupMatchingPolicy } from './group-matching-policy.js';
import { defaultIdpPreset } from './idp-preset.js';
import { sameSchemaId } from './schema-extension.js';
import type { TenantEvent } from './tenant.events.js';
import type { TenantState } from './tenant.state.js';

export function evolveTenant(state: TenantState, event: TenantEvent): TenantState {
  if (event.type === 'TenantRegistered') {
    return {
      status: 'registered',
      tenantId: event.data.tenantId,
      name: event.data.name,
      tokens: [],
      idpPreset: defaultIdpPreset,
      schemaExtensions: [],
      provisioningEnabled: true,
      deletionPolicy: defaultDeletionPolicy,
      groupMatching: defaultGroupMatchingPolicy,
      seatLimit: null,
      roleRule: null,
    };
  }
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'BearerTokenIssued': {
      const { tokenId, tokenHash, label, expiresAt } = event.data;
      const token = {
        tokenId,
        tokenHash,
        label,
        revoked: false,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      };
      return { ...state, tokens: [...state.tokens, token] };
    }
    case 'BearerTokenRevoked':
      return {
        ...state,
        tokens: state.tokens.map((token) =>
          token.tokenId === event.data.tokenId ? { ...token, revoked: true } : token,
        ),
      };
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
