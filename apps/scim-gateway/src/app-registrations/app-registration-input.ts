import { accessTokenLifetimeBounds } from '#directory';
import { ScimError } from '#scim';
import { type JsonBody, objectBody, optionalString, requiredString } from '../admin/admin-body.js';

export interface AppRegistrationInput {
  readonly name: string;
  readonly redirectUris: readonly string[];
  readonly accessTokenLifetimeSeconds: number;
}

const example =
  '{"name": "Okta", "oktaAppName": "acmescim", "accessTokenLifetimeMinutes": 60} or {"name": "Entra ID"}';
const defaultLifetimeMinutes = 60;

/**
 * The hosts Okta's provisioning client redirects back to after consent, for an OIN app named
 * `{appName}` (Okta's "OAuth 2" provisioning mode). Each must be registered exactly.
 */
export function oktaRedirectUris(appName: string): string[] {
  return [
    'https://system-admin.okta.com',
    'https://system-admin.okta-emea.com',
    'https://system-admin.oktapreview.com',
    'https://system-admin.trexcloud.com',
    'http://system-admin.okta1.com:1802',
  ].map((host) => `${host}/admin/app/cpc/${appName}/oauth/callback`);
}

/** The body of POST and PUT /admin/tenants/{id}/app-registrations[/{clientId}]. */
export function appRegistrationInput(body: unknown): AppRegistrationInput {
  const input = objectBody(body, example);
  const name = requiredString(input, 'name', example);
  const redirectUris = [...stringList(input, 'redirectUris')];
  const oktaAppName = optionalString(input, 'oktaAppName');
  if (oktaAppName !== undefined) {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(oktaAppName)) {
      throw new ScimError(
        400,
        `"oktaAppName" must be the app name from Okta's callback URL (letters, digits, "_" or "-"), e.g. "acmescim"`,
        'invalidValue',
      );
    }
    redirectUris.push(...oktaRedirectUris(oktaAppName));
  }
  return {
    name,
    redirectUris: [...new Set(redirectUris)],
    accessTokenLifetimeSeconds: lifetimeMinutes(input) * 60,
  };
}

function stringList(input: JsonBody, name: string): readonly string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ScimError(
      400,
      `"${name}" must be an array of URLs, e.g. ["https://system-admin.okta.com/admin/app/cpc/acmescim/oauth/callback"]`,
      'invalidValue',
    );
  }
  return value;
}

function lifetimeMinutes(input: JsonBody): number {
  const value = input['accessTokenLifetimeMinutes'];
  if (value === undefined || value === null) return defaultLifetimeMinutes;
  const min = accessTokenLifetimeBounds.minSeconds / 60;
  const max = accessTokenLifetimeBounds.maxSeconds / 60;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ScimError(
      400,
      `"accessTokenLifetimeMinutes" must be a whole number of minutes from ${min} to ${max} (Microsoft Entra ID accepts 60 to 360); default ${defaultLifetimeMinutes}`,
      'invalidValue',
    );
  }
  return value;
}

/** Longest rotation overlap: long enough for any change window, short enough to end a leak. */
const maxOverlapMinutes = 30 * 24 * 60;

/** The body of POST .../secrets: `{}` adds a secret; `{"overlapMinutes": n}` rotates. */
export function overlapMinutesInput(body: unknown): number | undefined {
  if (body === undefined || body === null) return undefined;
  const input = objectBody(body, '{"overlapMinutes": 1440}');
  const value = input['overlapMinutes'];
  if (value === undefined || value === null) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > maxOverlapMinutes
  ) {
    throw new ScimError(
      400,
      `"overlapMinutes" must be a whole number from 0 (the old secrets stop now) to ${maxOverlapMinutes} (30 days)`,
      'invalidValue',
    );
  }
  return value;
}
