import { type AdminClient } from './admin-client.js';

/** What POST /admin/tenants/{id}/app-registrations answers. */
export interface CreatedAppRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly secretId: string;
  readonly name: string;
  readonly redirectUris: string[];
  readonly accessTokenLifetimeMinutes: number;
  readonly endpoints: {
    readonly scimBaseUrl: string;
    readonly authorizationEndpoint: string;
    readonly tokenEndpoint: string;
    readonly revocationEndpoint: string;
  };
}

export interface TokenAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** How an IdP sends its client credentials to the token endpoint. */
export type ClientAuthStyle = 'basic' | 'post' | 'both';

/** An application registration created by an admin, as an IdP then uses it. */
export async function registerApp(
  admin: AdminClient,
  tenant: string,
  body: Record<string, unknown> = { name: 'Entra ID' },
): Promise<CreatedAppRegistration> {
  const created = await admin.request<CreatedAppRegistration>(
    'POST',
    `/tenants/${tenant}/app-registrations`,
    body,
  );
  if (created.status !== 201) {
    throw new Error(
      `registering an app in ${tenant}: ${created.status} ${JSON.stringify(created.body)}`,
    );
  }
  return created.body;
}

/** A form POST to an OAuth endpoint, with the client credentials sent the given way. */
export async function postForm(
  url: string,
  form: Record<string, string>,
  client?: { readonly id: string; readonly secret: string; readonly style: ClientAuthStyle },
): Promise<TokenAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const fields = { ...form };
  if (client !== undefined) {
    if (client.style !== 'post') {
      const encode = (value: string) => encodeURIComponent(value);
      headers['authorization'] =
        `Basic ${Buffer.from(`${encode(client.id)}:${encode(client.secret)}`).toString('base64')}`;
    }
    if (client.style !== 'basic') {
      fields['client_id'] = client.id;
      fields['client_secret'] = client.secret;
    }
  }
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
  };
}

/** The client credentials grant, as Entra ID and PingOne request it. */
export function clientCredentials(
  app: Pick<CreatedAppRegistration, 'clientId' | 'endpoints'>,
  secret: string,
  style: ClientAuthStyle = 'basic',
  form: Record<string, string> = {},
): Promise<TokenAnswer> {
  return postForm(
    app.endpoints.tokenEndpoint,
    { grant_type: 'client_credentials', ...form },
    { id: app.clientId, secret, style },
  );
}
