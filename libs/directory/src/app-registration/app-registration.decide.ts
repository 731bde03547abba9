import { DomainError } from '../shared/domain-error.js';
import { unreachable } from '../shared/unreachable.js';
import type {
  AddClientSecret,
  AppRegistrationCommand,
  ChangeAppRegistration,
  CreateAppRegistration,
  RevokeClientSecret,
} from './app-registration.commands.js';
import type { AppRegistrationEvent, AppRegistrationSettings } from './app-registration.events.js';
import {
  type AppRegistrationState,
  type ClientSecret,
  isSecretActive,
  type RegisteredApp,
} from './app-registration.state.js';

/** Entra validates 60 to 360 minutes; five minutes is the shortest that makes sense for any IdP. */
export const accessTokenLifetimeBounds = { minSeconds: 5 * 60, maxSeconds: 360 * 60 } as const;
/** Enough for a rotation with room to spare; more active secrets only widen the attack surface. */
export const maxActiveClientSecrets = 5;
const maxRedirectUris = 20;

export function decideAppRegistration(
  command: AppRegistrationCommand,
  state: AppRegistrationState,
): AppRegistrationEvent[] {
  switch (command.type) {
    case 'CreateAppRegistration':
      return create(command, state);
    case 'ChangeAppRegistration':
      return change(command, requireApp(state, command.data.clientId));
    case 'AddClientSecret':
      return addSecret(command, requireApp(state, command.data.clientId));
    case 'RevokeClientSecret':
      return revokeSecret(command, requireApp(state, command.data.clientId));
    case 'RecordConsent': {
      // Every approval is a fact of its own, even when the same admin approves again.
      const app = requireApp(state, command.data.clientId);
      const { scopes } = command.data;
      return [
        {
          type: 'AppRegistrationConsentGranted',
          data: { tenantId: app.tenantId, clientId: app.clientId, scopes },
        },
      ];
    }
    case 'DeleteAppRegistration': {
      const app = requireApp(state, command.data.clientId);
      return [
        {
          type: 'AppRegistrationDeleted',
          data: { tenantId: app.tenantId, clientId: app.clientId },
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function create(
  { data }: CreateAppRegistration,
  state: AppRegistrationState,
): AppRegistrationEvent[] {
  if (state.status !== 'absent') {
    throw new DomainError('already_exists', `Client id ${data.clientId} is already in use.`);
  }
  const { tenantId, clientId, secret } = data;
  return [
    { type: 'AppRegistrationCreated', data: { tenantId, clientId, ...validSettings(data) } },
    { type: 'ClientSecretAdded', data: { tenantId, clientId, ...secret } },
  ];
}

function change({ data }: ChangeAppRegistration, app: RegisteredApp): AppRegistrationEvent[] {
  const settings = validSettings(data);
  const unchanged =
    settings.name === app.name &&
    settings.accessTokenLifetimeSeconds === app.accessTokenLifetimeSeconds &&
    settings.redirectUris.length === app.redirectUris.length &&
    settings.redirectUris.every((uri, i) => uri === app.redirectUris[i]);
  if (unchanged) return [];
  return [
    {
      type: 'AppRegistrationChanged',
      data: { tenantId: app.tenantId, clientId: app.clientId, ...settings },
    },
  ];
}

function addSecret({ data }: AddClientSecret, app: RegisteredApp): AppRegistrationEvent[] {
  const { tenantId, clientId } = app;
  if (app.secrets.some((secret) => secret.secretId === data.secret.secretId)) {
    throw new DomainError('already_exists', `Secret id ${data.secret.secretId} is already in use.`);
  }
  const now = Date.parse(data.now);
  const active = app.secrets.filter((secret) => isSecretActive(secret, now));
  const added: AppRegistrationEvent = {
    type: 'ClientSecretAdded',
    data: { tenantId, clientId, ...data.secret },
  };
  const retiresAt = data.previousSecretsRetireAt;
  if (retiresAt === undefined) {
    if (active.length >= maxActiveClientSecrets) {
      throw new DomainError(
        'invalid_value',
        `Application ${clientId} already has ${maxActiveClientSecrets} active secrets; revoke one, or rotate with an overlap window, before adding another.`,
      );
    }
    return [added];
  }
  const end = Date.parse(retiresAt);
  if (!(end >= now)) {
    throw new DomainError(
      'invalid_value',
      `The overlap window must end now or later, not at ${retiresAt}.`,
    );
  }
  // A rotation ends every other secret when the overlap ends, unless it ends sooner already.
  const endsLater = (secret: ClientSecret) =>
    secret.retiresAt === undefined || Date.parse(secret.retiresAt) > end;
  return [
    ...active.filter(endsLater).map((secret): AppRegistrationEvent => ({
      type: 'ClientSecretRetirementScheduled',
      data: { tenantId, clientId, secretId: secret.secretId, retiresAt },
    })),
    added,
  ];
}

function revokeSecret({ data }: RevokeClientSecret, app: RegisteredApp): AppRegistrationEvent[] {
  const secret = app.secrets.find((candidate) => candidate.secretId === data.secretId);
  if (secret === undefined) {
    throw new DomainError(
      'client_secret_not_found',
      `Application ${app.clientId} has no secret with id ${data.secretId}.`,
    );
  }
  if (secret.revoked) return [];
  return [
    {
      type: 'ClientSecretRevoked',
      data: { tenantId: app.tenantId, clientId: app.clientId, secretId: secret.secretId },
    },
  ];
}

function requireApp(state: AppRegistrationState, clientId: string): RegisteredApp {
  if (state.status !== 'registered') {
    throw new DomainError(
      'app_registration_not_found',
      `No application registration with client id ${clientId}.`,
    );
  }
  return state;
}

function validSettings(settings: AppRegistrationSettings): AppRegistrationSettings {
  const name = settings.name.trim();
  if (name === '' || name.length > 200) {
    throw new DomainError(
      'invalid_value',
      'The application name is required: 1 to 200 characters, not only spaces.',
    );
  }
  const { minSeconds, maxSeconds } = accessTokenLifetimeBounds;
  const lifetime = settings.accessTokenLifetimeSeconds;
  if (!Number.isInteger(lifetime) || lifetime < minSeconds || lifetime > maxSeconds) {
    throw new DomainError(
      'invalid_value',
      `The access token lifetime must be between ${minSeconds / 60} and ${maxSeconds / 60} minutes (Microsoft Entra ID accepts 60 to 360).`,
    );
  }
  if (settings.redirectUris.length > maxRedirectUris) {
    throw new DomainError(
      'invalid_value',
      `An application may have at most ${maxRedirectUris} redirect URIs.`,
    );
  }
  for (const uri of settings.redirectUris) checkRedirectUri(uri);
  return {
    name,
    redirectUris: [...new Set(settings.redirectUris)],
    accessTokenLifetimeSeconds: lifetime,
  };
}

/**
 * Redirect URIs are compared exactly, as OAuth 2.0 Security BCP requires, so they must be
 * absolute, without fragment, and https except on loopback and Okta's own development host.
 */
function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new DomainError('invalid_value', `Redirect URI "${uri}" is not an absolute URL.`);
  }
  if (url.hash !== '' || uri.includes('#')) {
    throw new DomainError('invalid_value', `Redirect URI "${uri}" must not contain a fragment.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new DomainError('invalid_value', `Redirect URI "${uri}" must not contain credentials.`);
  }
  const plainHttpAllowed = ['127.0.0.1', 'localhost', '[::1]', 'system-admin.okta1.com'];
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && plainHttpAllowed.includes(url.hostname))
  ) {
    throw new DomainError(
      'invalid_value',
      `Redirect URI "${uri}" must use https (plain http only on localhost or Okta's system-admin.okta1.com).`,
    );
  }
}
