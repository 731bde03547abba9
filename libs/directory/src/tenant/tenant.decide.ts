import { DomainError } from '../shared/domain-error.js';
import { unreachable } from '../shared/unreachable.js';
import type {
  IssueBearerToken,
  RegisterTenant,
  RevokeBearerToken,
  TenantCommand,
} from './tenant.commands.js';
import type { TenantEvent } from './tenant.events.js';
import { isValidTenantId } from './tenant-id.js';
import { setRoleRule } from './role-rule.decide.js';
import {
  chooseDeletionPolicy,
  chooseGroupMatchingPolicy,
  setProvisioning,
  setSeatLimit,
} from './tenant-settings.decide.js';
import {
  chooseIdpPreset,
  registerSchemaExtension,
  removeSchemaExtension,
} from './tenant-profile.decide.js';
import type { RegisteredTenant, TenantState } from './tenant.state.js';

export function decideTenant(command: TenantCommand, state: TenantState): TenantEvent[] {
  switch (command.type) {
    case 'RegisterTenant':
      return register(command, state);
    case 'IssueBearerToken':
      return issue(command, requireTenant(state, command.data.tenantId));
    case 'RevokeBearerToken':
      return revoke(command, requireTenant(state, command.data.tenantId));
    case 'ChooseIdpPreset':
      return chooseIdpPreset(command, requireTenant(state, command.data.tenantId));
    case 'RegisterSchemaExtension':
      return registerSchemaExtension(command, requireTenant(state, command.data.tenantId));
    case 'RemoveSchemaExtension':
      return removeSchemaExtension(command, requireTenant(state, command.data.tenantId));
    case 'SetProvisioning':
      return setProvisioning(command, requireTenant(state, command.data.tenantId));
    case 'ChooseDeletionPolicy':
      return chooseDeletionPolicy(command, requireTenant(state, command.data.tenantId));
    case 'ChooseGroupMatchingPolicy':
      return chooseGroupMatchingPolicy(command, requireTenant(state, command.data.tenantId));
    case 'SetSeatLimit':
      return setSeatLimit(command, requireTenant(state, command.data.tenantId));
    case 'SetRoleRule':
      return setRoleRule(command, requireTenant(state, command.data.tenantId));
    default:
      return unreachable(command);
  }
}

function register({ data }: RegisterTenant, state: TenantState): TenantEvent[] {
  if (!isValidTenantId(data.tenantId)) {
    throw new DomainError(
      'invalid_value',
      `Tenant id "${data.tenantId}" is not valid; use 1 to 63 lower-case letters, digits, "_" or "-", starting with a letter or digit.`,
    );
  }
  if (data.name.trim() === '') {
    throw new DomainError('invalid_value', 'The tenant name is required and must not be blank.');
  }
  if (state.status !== 'absent') {
    throw new DomainError(
      'tenant_exists',
      `Tenant ${data.tenantId} already exists; choose another id.`,
    );
  }
  return [{ type: 'TenantRegistered', data: { tenantId: data.tenantId, name: data.name } }];
}

function issue({ data }: IssueBearerToken, tenant: RegisteredTenant): TenantEvent[] {
  // Issuing a token that is already active changes nothing: this is what makes the bootstrap
  // token (SCIM_BOOTSTRAP_TOKEN) idempotent across restarts.
  if (tenant.tokens.some((token) => !token.revoked && token.tokenHash === data.tokenHash))
    return [];
  if (tenant.tokens.some((token) => token.tokenId === data.tokenId)) {
    throw new DomainError(
      'already_exists',
      `Token id ${data.tokenId} is already in use in tenant ${tenant.tenantId}.`,
    );
  }
  const { tenantId, tokenId, tokenHash, label, expiresAt } = data;
  return [
    {
      type: 'BearerTokenIssued',
      data: {
        tenantId,
        tokenId,
        tokenHash,
        label,
        ...(expiresAt === undefined ? {} : { expiresAt }),
      },
    },
  ];
}

function revoke({ data }: RevokeBearerToken, tenant: RegisteredTenant): TenantEvent[] {
  const token = tenant.tokens.find((candidate) => candidate.tokenId === data.tokenId);
  if (token === undefined) {
    throw new DomainError(
      'token_not_found',
      `Tenant ${tenant.tenantId} has no token with id ${data.tokenId}.`,
    );
  }
  if (token.revoked) return [];
  return [
    { type: 'BearerTokenRevoked', data: { tenantId: tenant.tenantId, tokenId: data.tokenId } },
  ];
}

function requireTenant(state: TenantState, tenantId: string): RegisteredTenant {
  if (state.status !== 'registered') {
    throw new DomainError(
      'tenant_not_found',
      `Tenant ${tenantId} does not exist; register it first.`,
    );
  }
  return state;
}
