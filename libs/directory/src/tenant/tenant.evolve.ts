import { unreachable } from '../shared/unreachable.js';
import type { TenantEvent } from './tenant.events.js';
import type { TenantState } from './tenant.state.js';

export function evolveTenant(state: TenantState, event: TenantEvent): TenantState {
  switch (event.type) {
    case 'TenantRegistered':
      return {
        status: 'registered',
        tenantId: event.data.tenantId,
        name: event.data.name,
        tokens: [],
      };
    case 'BearerTokenIssued': {
      if (state.status !== 'registered') return state;
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
      if (state.status !== 'registered') return state;
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
