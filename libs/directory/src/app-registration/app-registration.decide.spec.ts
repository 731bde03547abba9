import { describe, it } from '@jest/globals';
import { deciderSpecification } from '../testing/decider-specification.js';
import type { AddClientSecret, ChangeAppRegistration } from './app-registration.commands.js';
import { decideAppRegistration } from './app-registration.decide.js';
import type { AppRegistrationEvent } from './app-registration.events.js';
import { evolveAppRegistration } from './app-registration.evolve.js';
import { initialAppRegistrationState } from './app-registration.state.js';

const given = deciderSpecification({
  decide: decideAppRegistration,
  evolve: evolveAppRegistration,
  initialState: initialAppRegistrationState,
});

const tenantId = 'acme';
const clientId = '0c6f6d1e-0000-4000-8000-000000000001';
const okta = 'https://system-admin.okta.com/admin/app/cpc/acme/oauth/callback';
const settings = { name: 'Okta', redirectUris: [okta], accessTokenLifetimeSeconds: 3600 };
const created: AppRegistrationEvent = {
  type: 'AppRegistrationCreated',
  data: { tenantId, clientId, ...settings },
};
const secretAdded = (secretId: string): AppRegistrationEvent => ({
  type: 'ClientSecretAdded',
  data: { tenantId, clientId, secretId, secretHash: `hash-${secretId}` },
});
const retired = (secretId: string, retiresAt: string): AppRegistrationEvent => ({
  type: 'ClientSecretRetirementScheduled',
  data: { tenantId, clientId, secretId, retiresAt },
});
const now = '2026-11-23T10:00:00.000Z';
const addSecret = (secretId: string, previousSecretsRetireAt?: string): AddClientSecret => ({
  type: 'AddClientSecret',
  data: {
    tenantId,
    clientId,
    secret: { secretId, secretHash: `hash-${secretId}` },
    now,
    ...(previousSecretsRetireAt === undefined ? {} : { previousSecretsRetireAt }),
  },
});
const change = (changes: Partial<typeof settings>): ChangeAppRegistration => ({
  type: 'ChangeAppRegistration',
  data: { tenantId, clientId, ...settings, ...changes },
});

describe('CreateAppRegistration', () => {
  const create = (overrides: Partial<typeof settings>) =>
    given().when({
      type: 'CreateAppRegistration',
      data: {
        tenantId,
        clientId,
        ...settings,
        ...overrides,
        secret: { secretId: 's1', secretHash: 'hash-s1' },
      },
    });

  it('registers the client with its first secret', () => {
    create({}).then([created, secretAdded('s1')]);
  });

  it('refuses redirect URIs that cannot be matched safely, saying which and why', () => {
    create({ redirectUris: ['okta.com/callback'] }).thenFails(
      'invalid_value',
      /not an absolute URL/,
    );
    create({ redirectUris: ['https://a.example/cb#x'] }).thenFails('invalid_value', /fragment/);
    create({ redirectUris: ['http://a.example/cb'] }).thenFails('invalid_value', /must use https/);
    create({ redirectUris: ['https://user:pw@a.example/cb'] }).thenFails(
      'invalid_value',
      /credentials/,
    );
  });

  it("accepts plain http only on loopback and Okta's development host", () => {
    const uris = [
      'http://127.0.0.1:9000/cb',
      'http://system-admin.okta1.com:1802/admin/app/cpc/x/oauth/callback',
    ];
    create({ redirectUris: uris }).then([
      {
        type: 'AppRegistrationCreated',
        data: { tenantId, clientId, ...settings, redirectUris: uris },
      },
      secretAdded('s1'),
    ]);
  });

  it('keeps access token lifetimes within what the IdPs accept', () => {
    create({ accessTokenLifetimeSeconds: 60 }).thenFails(
      'invalid_value',
      /between 5 and 360 minutes/,
    );
    create({ accessTokenLifetimeSeconds: 361 * 60 }).thenFails(
      'invalid_value',
      /between 5 and 360/,
    );
  });

  it('refuses a blank name and a client id in use', () => {
    create({ name: '  ' }).thenFails('invalid_value', /name is required/);
    given([created])
      .when({
        type: 'CreateAppRegistration',
        data: { tenantId, clientId, ...settings, secret: { secretId: 's9', secretHash: 'h' } },
      })
      .thenFails('already_exists');
  });
});

describe('ChangeAppRegistration', () => {
  it('records the new settings, and nothing when they are the same', () => {
    given([created])
      .when(change({ accessTokenLifetimeSeconds: 7200 }))
      .then([
        {
          type: 'AppRegistrationChanged',
          data: { tenantId, clientId, ...settings, accessTokenLifetimeSeconds: 7200 },
        },
      ]);
    given([created]).when(change({})).thenNothingHappens();
  });

  it('answers not found for a registration that was deleted', () => {
    given([created, { type: 'AppRegistrationDeleted', data: { tenantId, clientId } }])
      .when(change({ name: 'x' }))
      .thenFails('app_registration_not_found');
  });
});

describe('AddClientSecret', () => {
  const end = '2026-11-24T10:00:00.000Z';

  it('adds a second secret beside the first, both valid', () => {
    given([created, secretAdded('s1')])
      .when(addSecret('s2'))
      .then([secretAdded('s2')]);
  });

  it('rotates: every other active secret retires when the overlap ends', () => {
    given([created, secretAdded('s1'), secretAdded('s2')])
      .when(addSecret('s3', end))
      .then([retired('s1', end), retired('s2', end), secretAdded('s3')]);
  });

  it('leaves revoked secrets and secrets that already end sooner alone', () => {
    const sooner = '2026-11-23T12:00:00.000Z';
    given([
      created,
      secretAdded('s1'),
      secretAdded('s2'),
      { type: 'ClientSecretRevoked', data: { tenantId, clientId, secretId: 's1' } },
      retired('s2', sooner),
    ])
      .when(addSecret('s3', end))
      .then([secretAdded('s3')]);
  });

  it('refuses an overlap that ended in the past and a sixth active secret', () => {
    given([created, secretAdded('s1')])
      .when(addSecret('s2', '2026-11-22T10:00:00.000Z'))
      .thenFails('invalid_value', /overlap window must end now or later/);
    const five = ['a', 'b', 'c', 'd', 'e'].map(secretAdded);
    given([created, ...five])
      .when(addSecret('f'))
      .thenFails('invalid_value', /5 active secrets/);
  });
});

describe('RecordConsent', () => {
  it('records every approval of a registered client, and none for an unknown one', () => {
    const consent = {
      type: 'RecordConsent',
      data: { tenantId, clientId, scopes: ['scim'] },
    } as const;
    const granted: AppRegistrationEvent = {
      type: 'AppRegistrationConsentGranted',
      data: { tenantId, clientId, scopes: ['scim'] },
    };
    given([created, secretAdded('s1')])
      .when(consent)
      .then([granted]);
    given([created, secretAdded('s1'), granted])
      .when(consent)
      .then([granted]);
    given().when(consent).thenFails('app_registration_not_found');
  });
});

describe('RevokeClientSecret', () => {
  const revoke = (secretId: string) =>
    ({ type: 'RevokeClientSecret', data: { tenantId, clientId, secretId } }) as const;

  it('revokes once; revoking again changes nothing; unknown secrets are named', () => {
    const revoked: AppRegistrationEvent = {
      type: 'ClientSecretRevoked',
      data: { tenantId, clientId, secretId: 's1' },
    };
    given([created, secretAdded('s1')])
      .when(revoke('s1'))
      .then([revoked]);
    given([created, secretAdded('s1'), revoked])
      .when(revoke('s1'))
      .thenNothingHappens();
    given([created, secretAdded('s1')])
      .when(revoke('nope'))
      .thenFails('client_secret_not_found', /nope/);
  });
});
