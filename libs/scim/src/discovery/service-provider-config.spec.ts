import { describe, expect, it } from '@jest/globals';
import { serviceProviderConfig } from './service-provider-config.js';

const baseUrl = 'https://scim.example.com/scim/v2/acme';

describe('serviceProviderConfig', () => {
  it('tells what the service supports: PATCH, filter with its page cap, sort, ETag; no bulk', () => {
    expect(serviceProviderConfig({ baseUrl, maxResults: 1000 })).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken', primary: true })],
      meta: {
        resourceType: 'ServiceProviderConfig',
        location: `${baseUrl}/ServiceProviderConfig`,
      },
    });
  });

  it('mentions Okta\'s header mode (a token without "Bearer") in the scheme\'s description', () => {
    const [scheme] = serviceProviderConfig({ baseUrl, maxResults: 1000 }).authenticationSchemes;
    expect(scheme?.description).toMatch(/Bearer/);
    expect(scheme?.description).toMatch(/Okta/);
  });

  it('has documentationUri only when one is configured, never as null', () => {
    expect(serviceProviderConfig({ baseUrl, maxResults: 10 })).not.toHaveProperty(
      'documentationUri',
    );
    expect(
      serviceProviderConfig({
        baseUrl,
        maxResults: 10,
        documentationUri: 'https://docs.example.com/scim',
      }).documentationUri,
    ).toBe('https://docs.example.com/scim');
  });
});
