/** A small SCIM client over fetch, as an IdP would talk to the service. */
export interface ScimResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export class ScimClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ScimResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    // No request of the suites, valid or invalid, may break the service.
    if (response.status >= 500)
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
    };
  }

  createUser(userName: string, extra: Record<string, unknown> = {}) {
    return this.request('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      active: true,
      ...extra,
    });
  }

  createGroup(displayName: string, memberIds: string[] = []) {
    return this.request('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName,
      members: memberIds.map((value) => ({ value })),
    });
  }

  patch(path: string, operations: unknown[], headers: Record<string, string> = {}) {
    return this.request(
      'PATCH',
      path,
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations },
      headers,
    );
  }
}
