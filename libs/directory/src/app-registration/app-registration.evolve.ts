import { unreachable } from '../shared/unreachable.js';
import type { AppRegistrationEvent } from './app-registration.events.js';
import type {
  AppRegistrationState,
  ClientSecret,
  RegisteredApp,
} from './app-registration.state.js';

export function evolveAppRegistration(
  state: AppRegistrationState,
  event: AppRegistrationEvent,
): AppRegistrationState {
  switch (event.type) {
    case 'AppRegistrationCreated': {
      const { tenantId, clientId, name, redirectUris, accessTokenLifetimeSeconds } = event.data;
      return {
        status: 'registered',
        tenantId,
        clientId,
        name,
        redirectUris,
        accessTokenLifetimeSeconds,
        secrets: [],
      };
    }
    case 'AppRegistrationChanged': {
      const { name, redirectUris, accessTokenLifetimeSeconds } = event.data;
      return onRegistered(state, (app) => ({
        ...app,
        name,
        redirectUris,
        accessTokenLifetimeSeconds,
      }));
    }
    case 'ClientSecretAdded': {
      const { secretId, secretHash } = event.data;
      return onRegistered(state, (app) => ({
        ...app,
        secrets: [...app.secrets, { secretId, secretHash, revoked: false }],
      }));
    }
    case 'ClientSecretRetirementScheduled':
      return onSecret(state, event.data.secretId, (secret) => ({
        ...secret,
        retiresAt: event.data.retiresAt,
      }));
    case 'ClientSecretRevoked':
      return onSecret(state, event.data.secretId, (secret) => ({ ...secret, revoked: true }));
    case 'AppRegistrationConsentGranted':
      return state;
    case 'AppRegistrationDeleted':
      return { status: 'deleted', tenantId: event.data.tenantId, clientId: event.data.clientId };
    default:
      return unreachable(event);
  }
}

function onRegistered(
  state: AppRegistrationState,
  change: (app: RegisteredApp) => RegisteredApp,
): AppRegistrationState {
  return state.status === 'registered' ? change(state) : state;
}

function onSecret(
  state: AppRegistrationState,
  secretId: string,
  change: (secret: ClientSecret) => ClientSecret,
): AppRegistrationState {
  return onRegistered(state, (app) => ({
    ...app,
    secrets: app.secrets.map((secret) => (secret.secretId === secretId ? change(secret) : secret)),
  }));
}
