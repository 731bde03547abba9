import { type DiscoveryMeta, SERVICE_PROVIDER_CONFIG_SCHEMA } from './discovery-resource.js';

export interface ServiceProviderConfigOptions {
  /** `{origin}/scim/v2/{tenant}`: where `meta.location` points. */
  readonly baseUrl: string;
  /** The most resources one list page holds; larger `count`s are cut to it. */
  readonly maxResults: number;
  /** Where administrators read how to connect their IdP. */
  readonly documentationUri?: string;
}

interface Supported {
  readonly supported: boolean;
}

/** The JSON of `GET /ServiceProviderConfig` (RFC 7643 §5). */
export interface ServiceProviderConfig {
  readonly schemas: readonly [typeof SERVICE_PROVIDER_CONFIG_SCHEMA];
  readonly documentationUri?: string;
  readonly patch: Supported;
  readonly bulk: Supported & { readonly maxOperations: number; readonly maxPayloadSize: number };
  readonly filter: Supported & { readonly maxResults: number };
  readonly changePassword: Supported;
  readonly sort: Supported;
  readonly etag: Supported;
  readonly authenticationSchemes: readonly AuthenticationScheme[];
  readonly meta: DiscoveryMeta;
}

export interface AuthenticationScheme {
  readonly type: string;
  readonly name: string;
  readonly description: string;
  readonly specUri?: string;
  readonly documentationUri?: string;
  readonly primary?: boolean;
}

/** The one scheme the gateway accepts: a per-tenant token (RFC 6750 bearer usage). */
const bearerToken: AuthenticationScheme = {
  type: 'oauthbearertoken',
  name: 'OAuth Bearer Token',
  description:
    'The tenant\'s SCIM token in "Authorization: Bearer <token>". Okta\'s "HTTP Header" mode, which sends "Authorization: <token>" without "Bearer", is accepted too',
  specUri: 'https://www.rfc-editor.org/info/rfc6750',
  primary: true,
};

/**
 * What the service supports, as it really behaves: PATCH, filters (with the page cap), sorting and
 * ETags; no bulk and no changePassword. Clients and conformance suites decide what to send by it
 * (scim2-tester skips its PATCH checks when patch is false), so a false claim fails later.
 */
export function serviceProviderConfig(
  options: ServiceProviderConfigOptions,
): ServiceProviderConfig {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(options.documentationUri === undefined
      ? {}
      : { documentationUri: options.documentationUri }),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: options.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [bearerToken],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${options.baseUrl}/ServiceProviderConfig`,
    },
  };
}
