import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { startTestService, TEST_TOKEN, type TestService } from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const BODY_LIMIT = 16 * 1024;

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ BODY_LIMIT_BYTES: String(BODY_LIMIT) });
});
afterAll(async () => {
  await t.stop();
});

/** A GET with exactly the headers given: fetch would add `Accept: *\/*` on its own. */
function getWithHeaders(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          body,
        }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

function expectScimError(
  response: { status: number; headers: Headers; body: any },
  status: number,
): void {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(response.body).toMatchObject({ schemas: [ERROR], status: String(status) });
  expect(response.body.detail).toEqual(expect.any(String));
}

describe('GET /ServiceProviderConfig', () => {
  it('tells the truth about the features, as application/scim+json', async () => {
    const response = await t.scim.request('GET', '/ServiceProviderConfig');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [{ type: 'oauthbearertoken', primary: true }],
      meta: {
        resourceType: 'ServiceProviderConfig',
        location: `${t.scim.baseUrl}/ServiceProviderConfig`,
      },
    });
  });

  it('needs the tenant token like every SCIM endpoint', async () => {
    const response = await fetch(`${t.scim.baseUrl}/ServiceProviderConfig`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ schemas: [ERROR], status: '401' });
  });
});

describe('GET /ResourceTypes', () => {
  it('lists User (with the Enterprise extension) and Group as a ListResponse', async () => {
    const response = await t.scim.request('GET', '/ResourceTypes');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      schemas: [LIST_RESPONSE],
      totalResults: 2,
      startIndex: 1,
      itemsPerPage: 2,
    });
    expect(response.body.Resources).toEqual([
      expect.objectContaining({
        id: 'User',
        endpoint: '/Users',
        schema: USER,
        schemaExtensions: [{ schema: ENTERPRISE, required: false }],
        meta: { resourceType: 'ResourceType', location: `${t.scim.baseUrl}/ResourceTypes/User` },
      }),
      expect.objectContaining({ id: 'Group', endpoint: '/Groups', schema: GROUP }),
    ]);
  });

  it('answers each resource type by id, as listed', async () => {
    const listed = (await t.scim.request('GET', '/ResourceTypes')).body.Resources as {
      id: string;
    }[];
    for (const type of listed) {
      const one = await t.scim.request('GET', `/ResourceTypes/${type.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(type);
    }
  });

  it('answers an unknown resource type with a SCIM 404', async () => {
    expectScimError(await t.scim.request('GET', `/ResourceTypes/${randomUUID()}`), 404);
  });

  it('refuses a filter with 403 (RFC 7644 §4)', async () => {
    const response = await t.scim.request(
      'GET',
      `/ResourceTypes?filter=${encodeURIComponent('name eq "User"')}`,
    );
    expectScimError(response, 403);
  });
});

describe('GET /Schemas', () => {
  it('lists the User, Enterprise User and Group schemas with their attributes', async () => {
    const response = await t.scim.request('GET', '/Schemas');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 3 });
    const schemas = response.body.Resources as { id: string; attributes: { name: string }[] }[];
    expect(schemas.map((schema) => schema.id)).toEqual([USER, ENTERPRISE, GROUP]);
    const user = schemas[0]!;
    expect(user).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      name: 'User',
      meta: { resourceType: 'Schema', location: `${t.scim.baseUrl}/Schemas/${USER}` },
    });
    expect(user.attributes.find((a) => a.name === 'password')).toMatchObject({
      mutability: 'writeOnly',
      returned: 'never',
    });
  });

  it('answers each schema by its URN, as listed', async () => {
    const listed = (await t.scim.request('GET', '/Schemas')).body.Resources as { id: string }[];
    for (const schema of listed) {
      const one = await t.scim.request('GET', `/Schemas/${schema.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(schema);
    }
  });

  it('answers an unknown schema with a SCIM 404', async () => {
    expectScimError(await t.scim.request('GET', `/Schemas/${randomUUID()}`), 404);
    expectScimError(await t.scim.request('GET', '/Schemas/urn:example:params:nothing'), 404);
  });

  it('never answers with a password, as the schema says (returned "never")', async () => {
    const created = await t.scim.createUser('schema-says@example.com', { password: 's3cret!pw' });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('password');
  });
});

describe('discovery is read-only', () => {
  const paths = [
    '/ServiceProviderConfig',
    '/ResourceTypes',
    '/ResourceTypes/User',
    '/Schemas',
    `/Schemas/${USER}`,
  ];

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    '%s answers 405 with Allow and a SCIM error',
    async (method) => {
      for (const path of paths) {
        const response = await t.scim.request(
          method,
          path,
          method === 'DELETE' ? undefined : { schemas: [USER] },
        );
        expectScimError(response, 405);
        expect(response.headers.get('allow')).toBe('GET, HEAD');
        expect(response.body.detail).toMatch(/read-only/);
      }
    },
  );
});

describe('HTTP media types', () => {
  it.each([
    'application/scim+json',
    'application/json',
    'application/scim+json; charset=utf-8',
    'application/json; charset=UTF-8',
  ])('accepts a %s request body', async (contentType) => {
    const response = await t.scim.request(
      'POST',
      '/Users',
      { schemas: [USER], userName: `media-${randomUUID()}@example.com` },
      { 'content-type': contentType },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  });

  it.each([
    ['no Accept', {}],
    ['Accept */*', { accept: '*/*' }],
    ['Accept application/json', { accept: 'application/json' }],
    ['Accept application/scim+json', { accept: 'application/scim+json' }],
  ])('answers %s with 200 and application/scim+json, never 406', async (_, accept) => {
    for (const path of ['/ServiceProviderConfig', '/Users']) {
      const response = await getWithHeaders(`${t.scim.baseUrl}${path}`, {
        authorization: `Bearer ${TEST_TOKEN}`,
        ...accept,
      });
      expect(response.status).toBe(200);
      expect(response.contentType).toMatch(/^application\/scim\+json/);
    }
  });

  it('refuses a body in another media type with 415 saying what to send', async () => {
    const response = await t.scim.request('POST', '/Users', 'userName=ada', {
      'content-type': 'text/plain',
    });
    expectScimError(response, 415);
    expect(response.body.detail).toMatch(/application\/scim\+json or application\/json/);
  });

  it('deletes without a body even when a JSON Content-Type is sent', async () => {
    const created = await t.scim.createUser('delete-with-type@example.com');
    const response = await fetch(`${t.scim.baseUrl}/Users/${created.body.id as string}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
    });
    expect(response.status).toBe(204);
  });
});

describe('HTTP errors', () => {
  it('answers malformed JSON with 400 invalidSyntax, for either JSON media type', async () => {
    for (const contentType of ['application/scim+json', 'application/json']) {
      const response = await t.scim.request('POST', '/Users', '{"schemas": [', {
        'content-type': contentType,
      });
      expectScimError(response, 400);
      expect(response.body.scimType).toBe('invalidSyntax');
      expect(response.body.detail).toMatch(/not valid JSON/);
    }
  });

  it('answers an empty POST body with 400 invalidSyntax', async () => {
    const response = await t.scim.request('POST', '/Groups', '', {
      'content-type': 'application/scim+json',
    });
    expectScimError(response, 400);
    expect(response.body.scimType).toBe('invalidSyntax');
  });

  it('answers a body over the limit with 413 naming the limit', async () => {
    const members = Array.from({ length: 600 }, () => ({ value: randomUUID() }));
    const response = await t.scim.request('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'too big',
      members,
    });
    expectScimError(response, 413);
    expect(response.body.detail).toContain(`${BODY_LIMIT} bytes`);
  });

  it.each([
    ['an unknown path under the tenant', () => `${t.scim.baseUrl}/${randomUUID()}`],
    ['an unknown path outside /scim', () => `${t.service.origin}/${randomUUID()}`],
    ['the bare SCIM root', () => `${t.service.origin}/scim/v2`],
  ])('answers %s with a SCIM 404 in JSON, not HTML', async (_, url) => {
    const response = await fetch(url(), { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect(body.detail).toMatch(/No endpoint GET/);
  });
});
