import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdminClient } from './support/admin-client.js';
import { ScimClient } from './support/scim-client.js';
import {
  ADMIN_TOKEN,
  type AdminTestService,
  startAdminTestService,
  startTestService,
  TEST_TENANT,
  TEST_TOKEN,
} from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const DOCUMENT360 = 'urn:ietf:params:scim:schemas:extension:document360:2.0:User';
const document360Extension = {
  resourceType: 'User',
  schema: {
    id: DOCUMENT360,
    name: 'Document360User',
    description: 'Document360 user settings',
    attributes: [{ name: 'isTeamAccount', type: 'boolean', description: 'A shared team login' }],
  },
};

let t: AdminTestService;
let admin: AdminClient;

beforeAll(async () => {
  t = await startAdminTestService({ SCIM_BOOTSTRAP_PRESET: 'okta' });
  admin = t.admin;
});
afterAll(async () => {
  await t.stop();
});

describe('tenant administration', () => {
  it('creates a tenant and a token shown once, which SCIM accepts on that tenant only', async () => {
    const created = await admin.createTenant('globex', 'Globex Corp');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'globex',
      name: 'Globex Corp',
      scimBaseUrl: `${t.service.origin}/scim/v2/globex`,
    });

    const issued = await admin.issueToken('globex');
    expect(issued.status).toBe(201);
    expect(issued.body.id).toEqual(expect.any(String));
    // 32 random bytes in base64url.
    expect(issued.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const globex = new ScimClient(created.body.scimBaseUrl, issued.body.token);
    expect((await globex.request('GET', '/Users')).status).toBe(200);
    const globexTokenOnAcme = new ScimClient(t.scim.baseUrl, issued.body.token);
    expect((await globexTokenOnAcme.request('GET', '/Users')).status).toBe(401);
    const acmeTokenOnGlobex = new ScimClient(created.body.scimBaseUrl, TEST_TOKEN);
    expect((await acmeTokenOnGlobex.request('GET', '/Users')).status).toBe(401);

    expect((await admin.request('GET', '/tenants/globex')).body).toEqual({
      id: 'globex',
      name: 'Globex Corp',
      idpPreset: 'generic',
      schemaExtensions: [],
      provisioningEnabled: true,
      deletionPolicy: 'hardDelete',
      groupMatching: 'alwaysCreate',
      seatLimit: null,
      roleRule: null,
      scimBaseUrl: `${t.service.origin}/scim/v2/globex`,
    });
    const again = await admin.createTenant('globex', 'Globex again');
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already exists/);
  });

  it('applies SCIM_BOOTSTRAP_PRESET to the bootstrap tenant', async () => {
    const acme = await admin.request('GET', `/tenants/${TEST_TENANT}`);
    expect(acme.status).toBe(200);
    expect(acme.body.idpPreset).toBe('okta');
  });

  it('changes the preset, which the very next SCIM request follows', async () => {
    const initech = await admin.tenantWithToken('initech');
    const group = await initech.createGroup('Engineering');
    const rename = (displayName: string) =>
      initech.patch(`/Groups/${group.body.id}`, [
        { op: 'replace', path: 'displayName', value: displayName },
      ]);
    // idp-behavior.md E13–E15: Entra expects 204 after a group PATCH, the other presets 200.
    expect((await rename('Eng')).status).toBe(200);

    const chosen = await admin.request('PUT', '/tenants/initech/idp-preset', { preset: 'entra' });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ id: 'initech', idpPreset: 'entra' });
    expect((await admin.request('GET', '/tenants/initech')).body.idpPreset).toBe('entra');
    expect((await rename('Engineering')).status).toBe(204);

    const same = await admin.request('PUT', '/tenants/initech/idp-preset', { preset: 'entra' });
    expect(same.status).toBe(200);
    const wrong = await admin.request('PUT', '/tenants/initech/idp-preset', { preset: 'azure' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toMatch(
      /"azure" is not known; use one of okta, entra, ping, generic/,
    );
  });
});

describe('custom extension schemas per tenant', () => {
  let d360: ScimClient;
  let plain: ScimClient;

  beforeAll(async () => {
    d360 = await admin.tenantWithToken('d360');
    plain = await admin.tenantWithToken('plain');
  });

  it('registers the extension with the RFC 7643 defaults filled in', async () => {
    const registered = await admin.request(
      'POST',
      '/tenants/d360/schema-extensions',
      document360Extension,
    );
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      resourceType: 'User',
      required: false,
      schema: {
        ...document360Extension.schema,
        attributes: [
          {
            name: 'isTeamAccount',
            type: 'boolean',
            description: 'A shared team login',
            multiValued: false,
            required: false,
            caseExact: false,
            mutability: 'readWrite',
            returned: 'default',
            uniqueness: 'none',
          },
        ],
      },
    });
    expect((await admin.request('GET', '/tenants/d360')).body.schemaExtensions).toEqual([
      registered.body,
    ]);
  });

  it('serves the extension in the discovery of that tenant only', async () => {
    const schema = await d360.request('GET', `/Schemas/${DOCUMENT360}`);
    expect(schema.status).toBe(200);
    expect(schema.body.attributes).toEqual([
      expect.objectContaining({ name: 'isTeamAccount', type: 'boolean' }),
    ]);
    const userType = await d360.request('GET', '/ResourceTypes/User');
    expect(userType.body.schemaExtensions).toContainEqual({ schema: DOCUMENT360, required: false });

    expect((await plain.request('GET', `/Schemas/${DOCUMENT360}`)).status).toBe(404);
    const plainSchemas = await plain.request('GET', '/Schemas');
    expect(plainSchemas.body.Resources.map((s: { id: string }) => s.id)).not.toContain(DOCUMENT360);
  });

  it('keeps the extension attribute of a provisioned user and reads it back', async () => {
    const created = await d360.request('POST', '/Users', {
      schemas: [USER, DOCUMENT360],
      userName: 'team@d360.example',
      [DOCUMENT360]: { isTeamAccount: true },
    });
    expect(created.status).toBe(201);
    expect(created.body.schemas).toEqual([USER, DOCUMENT360]);
    expect(created.body[DOCUMENT360]).toEqual({ isTeamAccount: true });

    const read = await d360.request('GET', `/Users/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body[DOCUMENT360]).toEqual({ isTeamAccount: true });
  });

  it('takes the extension the way Entra sends it: URN left out of schemas, PATCH by URN path, filter', async () => {
    const created = await d360.request('POST', '/Users', {
      schemas: [USER],
      userName: 'entra.team@d360.example',
      [DOCUMENT360]: { isTeamAccount: false },
    });
    expect(created.status).toBe(201);
    expect(created.body.schemas).toEqual([USER, DOCUMENT360]);

    const patched = await d360.request('PATCH', `/Users/${created.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: `${DOCUMENT360}:isTeamAccount`, value: 'True' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body[DOCUMENT360]).toEqual({ isTeamAccount: true });

    const filter = encodeURIComponent(
      `${DOCUMENT360}:isTeamAccount eq true and userName eq "entra.team@d360.example"`,
    );
    const found = await d360.request('GET', `/Users?filter=${filter}`);
    expect(found.status).toBe(200);
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([created.body.id]);

    const wrongType = await d360.request('PATCH', `/Users/${created.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: `${DOCUMENT360}:isTeamAccount`, value: 'maybe' }],
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.detail).toMatch(/isTeamAccount/);
  });

  it('removes the extension: gone from discovery at once, and a second removal is 404', async () => {
    const path = `/tenants/d360/schema-extensions/${encodeURIComponent(DOCUMENT360)}`;
    const removed = await admin.request('DELETE', path);
    expect(removed.status).toBe(204);
    expect((await d360.request('GET', `/Schemas/${DOCUMENT360}`)).status).toBe(404);
    const again = await admin.request('DELETE', path);
    expect(again.status).toBe(404);
    expect(again.body.detail).toMatch(/has no schema extension/);
  });
});

describe('admin API errors', () => {
  it('answers 400 with a detail that says what to fix', async () => {
    const notObject = await admin.request('POST', '/tenants', ['acme']);
    expect(notObject.status).toBe(400);
    expect(notObject.body.detail).toMatch(/Send a JSON object/);

    const badId = await admin.createTenant('Acme Corp');
    expect(badId.status).toBe(400);
    expect(badId.body.detail).toMatch(/Tenant id "Acme Corp" is not valid/);

    const noName = await admin.request('POST', '/tenants', { id: 'nameless' });
    expect(noName.status).toBe(400);
    expect(noName.body.detail).toMatch(/"name" is required/);

    const reserved = await admin.request('POST', `/tenants/${TEST_TENANT}/schema-extensions`, {
      resourceType: 'User',
      schema: {
        id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
        name: 'Enterprise',
        attributes: [{ name: 'costCenter' }],
      },
    });
    expect(reserved.status).toBe(400);
    expect(reserved.body.detail).toMatch(/choose a URN of your own/);

    const badAttribute = await admin.request('POST', `/tenants/${TEST_TENANT}/schema-extensions`, {
      ...document360Extension,
      schema: { ...document360Extension.schema, attributes: [{ name: 'x', type: 'bool' }] },
    });
    expect(badAttribute.status).toBe(400);
    expect(badAttribute.body.detail).toMatch(/attributes\[0\] \("x"\) has type "bool"/);

    const invalidJson = await fetch(`${t.service.origin}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{"id": ',
    });
    expect(invalidJson.status).toBe(400);
  });

  it('answers 404 for a tenant that does not exist', async () => {
    expect((await admin.request('GET', '/tenants/nobody')).status).toBe(404);
    expect((await admin.request('GET', '/tenants/Not%20An%20Id')).status).toBe(404);
    expect((await admin.issueToken('nobody')).status).toBe(404);
    const preset = await admin.request('PUT', '/tenants/nobody/idp-preset', { preset: 'okta' });
    expect(preset.status).toBe(404);
    expect(preset.body.detail).toMatch(/nobody/);
    const extension = await admin.request(
      'POST',
      '/tenants/nobody/schema-extensions',
      document360Extension,
    );
    expect(extension.status).toBe(404);
  });

  it('refuses requests without the admin token, with a SCIM token, or with a wrong one', async () => {
    const anonymous = new AdminClient(t.service.origin, undefined);
    const wrong = AdminClient.withToken(t.service.origin, `${ADMIN_TOKEN}x`);
    const scimToken = AdminClient.withToken(t.service.origin, TEST_TOKEN);
    const bare = new AdminClient(t.service.origin, ADMIN_TOKEN);
    for (const client of [anonymous, wrong, scimToken, bare]) {
      const response = await client.request('GET', `/tenants/${TEST_TENANT}`);
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(/Authorization: Bearer <ADMIN_BOOTSTRAP_TOKEN>/);
      expect((await client.createTenant('intruder')).status).toBe(401);
    }
    expect((await admin.request('GET', '/tenants/intruder')).status).toBe(404);
    // The admin token is no SCIM token.
    expect(
      (await new ScimClient(t.scim.baseUrl, ADMIN_TOKEN).request('GET', '/Users')).status,
    ).toBe(401);
  });

  it('answers 401 saying the admin API is disabled when ADMIN_BOOTSTRAP_TOKEN is unset', async () => {
    const without = await startTestService();
    try {
      const response = await AdminClient.withToken(without.service.origin, ADMIN_TOKEN).request(
        'GET',
        `/tenants/${TEST_TENANT}`,
      );
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(/admin API is disabled.*ADMIN_BOOTSTRAP_TOKEN/);
    } finally {
      await without.stop();
    }
  });
});
