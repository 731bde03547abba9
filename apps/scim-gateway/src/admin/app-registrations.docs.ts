import type { SchemaObject } from '@nestjs/swagger';

/** OpenAPI schemas of the application registration routes (see admin-api.docs.ts). */

const endpoints: SchemaObject = {
  type: 'object',
  description: 'What to enter in the IdP',
  properties: {
    scimBaseUrl: { type: 'string', example: 'https://scim.example.com/scim/v2/acme' },
    authorizationEndpoint: { type: 'string', example: 'https://scim.example.com/oauth/authorize' },
    tokenEndpoint: { type: 'string', example: 'https://scim.example.com/oauth/token' },
    revocationEndpoint: {
      type: 'string',
      example: 'https://scim.example.com/oauth/token/revocation',
    },
  },
};

const appRegistration: SchemaObject = {
  type: 'object',
  properties: {
    clientId: { type: 'string', format: 'uuid' },
    name: { type: 'string', example: 'Okta' },
    redirectUris: { type: 'array', items: { type: 'string' } },
    accessTokenLifetimeMinutes: { type: 'integer', example: 60 },
    grantTypes: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    secrets: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
          retiresAt: { type: 'string', format: 'date-time' },
          revoked: { type: 'boolean' },
          active: { type: 'boolean' },
        },
      },
    },
    endpoints,
  },
};

export const appRegistrationDocs = {
  body: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', maxLength: 200, example: 'Okta' },
      redirectUris: {
        type: 'array',
        items: { type: 'string' },
        description:
          'Exact redirect URIs for the authorization code grant (https; http only on localhost). Leave out for client credentials only.',
      },
      oktaAppName: {
        type: 'string',
        example: 'acmescim',
        description:
          "Adds Okta's five documented callback URLs for this app name (okta.com, okta-emea.com, oktapreview.com, trexcloud.com, okta1.com:1802)",
      },
      accessTokenLifetimeMinutes: { type: 'integer', minimum: 5, maximum: 360, default: 60 },
    },
  },
  secretBody: {
    type: 'object',
    nullable: true,
    properties: {
      overlapMinutes: {
        type: 'integer',
        minimum: 0,
        maximum: 43200,
        description:
          'Rotation: every other active secret stops working this many minutes from now. Left out, the new secret is added beside the others.',
      },
    },
  },
  endpoints,
  appRegistration,
  created: {
    ...appRegistration,
    properties: {
      ...appRegistration.properties,
      clientSecret: { type: 'string', description: 'Shown this once; only its hash is kept' },
      secretId: { type: 'string' },
    },
  },
  list: {
    type: 'object',
    properties: { appRegistrations: { type: 'array', items: appRegistration } },
  },
  addedSecret: {
    type: 'object',
    properties: {
      secretId: { type: 'string' },
      clientSecret: { type: 'string', description: 'Shown this once; only its hash is kept' },
      previousSecretsRetireAt: { type: 'string', format: 'date-time' },
    },
  },
} satisfies Record<string, SchemaObject>;
