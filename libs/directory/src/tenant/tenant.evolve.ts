import { unreachable } from '../shared/unreachable.js';
import { defaultDeletionPolicy } from './deletion-policy.js';
import { defaultGroupMatchingPolicy } from './group-matching-policy.js';
import { defaultIdpPreset } from './idp-preset.js';
import { evolveTenantProfile, isTenantProfileEvent } from './tenant-profile.evolve.js';
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
  if (isTenantProfileEvent(event)) return evolveTenantProfile(state, event);
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
    default:
      return unreachable(event);
  }
}
