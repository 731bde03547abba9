import { ScimClient, type ScimResponse } from './scim-client.js';

/** A small client of the admin API under /admin, as an admin's script would use it. */
export class AdminClient {
  constructor(
    readonly origin: string,
    private readonly authorization: string | undefined,
  ) {}

  static withToken(origin: string, token: string): AdminClient {
    return new AdminClient(origin, `Bearer ${token}`);
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<ScimResponse<T>> {
    const response = await fetch(`${this.origin}/admin${path}`, {
      method,
      headers: {
        ...(this.authorization === undefined ? {} : { authorization: this.authorization }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
    };
  }

  createTenant(id: string, name = id) {
    return this.request('POST', '/tenants', { id, name });
  }

  issueToken(tenant: string) {
    return this.request<{ id: string; token: string }>('POST', `/tenants/${tenant}/tokens`);
  }

  /** A new tenant with a fresh token, as an admin sets up an IdP connection. */
  async tenantWithToken(id: string): Promise<ScimClient> {
    const created = await this.createTenant(id, `${id} Inc`);
    if (created.status !== 201)
      throw new Error(`creating tenant ${id}: ${created.status} ${JSON.stringify(created.body)}`);
    const issued = await this.issueToken(id);
    if (issued.status !== 201)
      throw new Error(`issuing a token for ${id}: ${issued.status} ${JSON.stringify(issued.body)}`);
    return new ScimClient(created.body.scimBaseUrl, issued.body.token);
  }
}
