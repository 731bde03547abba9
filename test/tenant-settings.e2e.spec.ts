import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AdminClient } from './support/admin-client.js';
import { ScimClient } from './support/scim-client.js';
import { type AdminTestService, startAdminTestService } from './support/standalone-harness.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

let t: AdminTestService;
let admin: AdminClient;

beforeAll(async () => {
  t = await startAdminTestService();
  admin = t.admin;
});
afterAll(async () => {
  await t.stop();
});

const setProvisioning = (tenant: string, enabled: unknown) =>
  admin.request('PUT', `/tenants/${tenant}/provisioning`, { enabled });
const setDeletionPolicy = (tenant: string, policy: unknown) =>
  admin.request('PUT', `/tenants/${tenant}/deletion-policy`, { policy });
const userNames = async (scim: ScimClient, query = '') =>
  ((await scim.request('GET', `/Users${query}`)).body.Resources as { userName: string }[]).map(
    (user) => user.userName,
  );

describe('provisioning switch', () => {
  it('refuses every SCIM request of a disabled tenant with 403, and serves its data again once enabled', async () => {
    const initech = await admin.tenantWithToken('initech');
    const other = await admin.tenantWithToken('initrode');
    const alice = await initech.createUser('alice');
    expect(alice.status).toBe(201);
    const group = await initech.createGroup('Staff', [alice.body.id]);
    expect(group.status).toBe(201);

    const disabled = await setProvisioning('initech', false);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: 'initech', provisioningEnabled: false });

    const refused = [
      await initech.request('GET', '/Users'),
      await initech.request('GET', `/Users/${alice.body.id}`),
      await initech.createUser('bob'),
      await initech.request('GET', '/Groups'),
      await initech.request('GET', '/Schemas'),
      await initech.request('POST', '/.search', { schemas: [SEARCH] }),
      await initech.request('DELETE', `/Users/${alice.body.id}`),
    ];
    for (const response of refused) {
      expect(response.status).toBe(403);
      expect(response.body.schemas).toEqual([ERROR]);
      expect(response.body.status).toBe('403');
      expect(response.body.detail).toMatch(
        /Provisioning is disabled for tenant "initech".*PUT \/admin\/tenants\/initech\/provisioning/,
      );
    }
    // Other tenants are not affected, and a bad token is still told so first.
    expect((await other.request('GET', '/Users')).status).toBe(200);
    const wrongToken = new ScimClient(initech.baseUrl, 'not-a-token');
    expect((await wrongToken.request('GET', '/Users')).status).toBe(401);

    expect((await setProvisioning('initech', true)).body.provisioningEnabled).toBe(true);
    expect(await userNames(initech)).toEqual(['alice']);
    const staff = await initech.request('GET', `/Groups/${group.body.id}`);
    expect(staff.body.members).toEqual([expect.objectContaining({ value: alice.body.id })]);
  });

  it('is on for a new tenant, and setting it again changes nothing', async () => {
    await admin.tenantWithToken('hooli');
    const shown = await admin.request('GET', '/tenants/hooli');
    expect(shown.body).toMatchObject({ provisioningEnabled: true, deletionPolicy: 'hardDelete' });
    expect((await setProvisioning('hooli', true)).status).toBe(200);
  });

  it('answers 400 with what to send for a value that is not a boolean, and 404 for no tenant', async () => {
    const notBoolean = await setProvisioning('hooli', 'false');
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.detail).toMatch(/"enabled" is required and must be true or false/);
    expect((await setProvisioning('nobody', false)).status).toBe(404);
  });
});

describe('deletion policy', () => {
  it('under keepDisabled, hides a deleted user from reads, lists and filters, and frees its userName', async () => {
    const umbrella = await admin.tenantWithToken('umbrella');
    const chosen = await setDeletionPolicy('umbrella', 'keepDisabled');
    expect(chosen.status).toBe(200);
    expect(chosen.body.deletionPolicy).toBe('keepDisabled');
    const alice = await umbrella.createUser('alice');
    await umbrella.createUser('bob');
    const group = await umbrella.createGroup('Staff', [alice.body.id]);

    expect((await umbrella.request('DELETE', `/Users/${alice.body.id}`)).status).toBe(204);

    expect((await umbrella.request('GET', `/Users/${alice.body.id}`)).status).toBe(404);
    expect(await userNames(umbrella)).toEqual(['bob']);
    expect(await userNames(umbrella, '?filter=userName%20eq%20%22alice%22')).toEqual([]);
    expect((await umbrella.request('DELETE', `/Users/${alice.body.id}`)).status).toBe(404);
    expect((await umbrella.request('GET', `/Groups/${group.body.id}`)).body.members ?? []).toEqual(
      [],
    );

    // Decision: the name is freed, so an IdP that deletes and re-creates a user is not stuck.
    const again = await umbrella.createUser('alice');
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(alice.body.id);
  });

  it('under hardDelete (the default) deletes as before', async () => {
    const wayne = await admin.tenantWithToken('wayne');
    const alice = await wayne.createUser('alice');
    expect((await wayne.request('DELETE', `/Users/${alice.body.id}`)).status).toBe(204);
    expect((await wayne.request('GET', `/Users/${alice.body.id}`)).status).toBe(404);
    expect(await userNames(wayne)).toEqual([]);
    expect((await wayne.createUser('alice')).status).toBe(201);

    await setDeletionPolicy('wayne', 'keepDisabled');
    const back = await setDeletionPolicy('wayne', 'hardDelete');
    expect(back.body.deletionPolicy).toBe('hardDelete');
  });

  it('answers 400 naming the policies for an unknown one', async () => {
    const unknown = await setDeletionPolicy('wayne', 'softDelete');
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/softDelete.*hardDelete, keepDisabled/);
  });
});
