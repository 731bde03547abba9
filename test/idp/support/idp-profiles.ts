import {
  startTestService,
  TEST_TOKEN,
  type TestService,
} from '../../support/standalone-harness.js';
import { IdpClient } from './idp-client.js';

export type IdpPreset = 'okta' | 'entra' | 'ping' | 'generic';

/** One service per test file, its bootstrap tenant set to the IdP's preset. */
export function startIdpService(preset: IdpPreset): Promise<TestService> {
  return startTestService({ SCIM_BOOTSTRAP_PRESET: preset });
}

const bearer = `Bearer ${TEST_TOKEN}`;

/** Okta SCIM 2.0 SPEC test (Runscope): these headers on every request, GET included. */
export function oktaSpecTestClient(t: TestService): IdpClient {
  return new IdpClient(t.scim.baseUrl, {
    headers: {
      authorization: bearer,
      accept: 'application/scim+json',
      'content-type': 'application/scim+json; charset=utf-8',
      'user-agent': 'OKTA SCIM Integration',
    },
  });
}

/** Okta provisioning (OIN and AIW apps), as documented in Okta's SCIM 2.0 reference. */
export function oktaClient(t: TestService): IdpClient {
  return new IdpClient(t.scim.baseUrl, {
    headers: {
      authorization: bearer,
      accept: 'application/scim+json',
      'accept-charset': 'utf-8',
      'user-agent': 'Okta SCIM Client 1.0.0',
    },
    bodyContentType: 'application/scim+json; charset=utf-8',
  });
}

/** Entra ID's provisioning service: no SCIM Accept header has been seen (idp-behavior E1). */
export function entraClient(t: TestService): IdpClient {
  return new IdpClient(t.scim.baseUrl, {
    headers: { authorization: bearer },
    bodyContentType: 'application/scim+json',
  });
}

/** PingOne / PingFederate SCIM outbound: plain JSON media types (idp-behavior §3.2). */
export function pingClient(t: TestService): IdpClient {
  return new IdpClient(t.scim.baseUrl, {
    headers: { authorization: bearer, accept: 'application/json' },
    bodyContentType: 'application/json',
  });
}

/** Any user, created the way the generic harness client does it, for setting up state. */
export function setupClient(t: TestService): IdpClient {
  return new IdpClient(t.scim.baseUrl, {
    headers: { authorization: bearer },
    bodyContentType: 'application/scim+json',
  });
}
