import type { FactoryProvider, Provider } from '@nestjs/common';
import { AdminAppRegistrationsController } from '../admin/admin-app-registrations.controller.js';
import { AppRegistrationWriter } from '../app-registrations/app-registration.writer.js';
import { ChangeAppRegistrationHandler } from '../app-registrations/change-app-registration.command.js';
import { AuthFailureLimiter } from '../shared/auth-failure-limiter.js';
import { OAuthConsentController } from './oauth-consent.controller.js';
import { OAUTH_OPTIONS, type OAuthOptions } from './oauth-options.js';
import { OAuthServer } from './oauth-server.js';

/** Rate limiter of the token endpoint, apart from the failed-authentication one. */
export const TOKEN_REQUEST_LIMITER = Symbol('TokenRequestLimiter');

/** The OAuth 2.0 server's part of the gateway module: application registrations and consent. */
export const oauthControllers = [AdminAppRegistrationsController, OAuthConsentController];

export function oauthProviders(options: OAuthOptions): Provider[] {
  const tokenRequestLimiter: FactoryProvider<AuthFailureLimiter> = {
    provide: TOKEN_REQUEST_LIMITER,
    useFactory: () => new AuthFailureLimiter({ failuresPerMinute: options.tokenRequestsPerMinute }),
  };
  return [
    { provide: OAUTH_OPTIONS, useValue: options },
    tokenRequestLimiter,
    OAuthServer,
    AppRegistrationWriter,
    ChangeAppRegistrationHandler,
  ];
}
