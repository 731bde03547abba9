import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { streams } from '#directory';
import { openSqliteEventStore, type RecordedEvent } from '#event-store';
import { type AdminClient } from './support/admin-client.js';
import type { ScimClient } from './support/scim-client.js';
import { type AdminTestService, startAdminTestService } from './support/standalone-harness.js';

let t: AdminTestService;
let admin: AdminClient;

beforeAll(async () => {
  t = await startAdminTestService();
  admin = t.admin;
});
afterAll(async () => {
  await t.stop();
});

const chooseGroupMatching = (tenant: string, policy: unknown) =>
  admin.request('PUT', `/tenants/${tenant}/group-matching`, { policy });
const createLocalGroup = (tenant: string, displayName: string, members?: string[]) =>
  admin.request('POST', `/tenants/${tenant}/groups`, {
    displayName,
    ...(members === undefined ? {} : { members }),
  });
const localGroup = (tenant: string, groupId: string) =>
  admin.request('GET', `/tenants/${tenant}/groups/${groupId}`);
const memberIds = (group: { members?: { value: string }[] }) =>
  (group.members ?? []).map((member) => member.value).sort();
const scimGroupNames = async (scim: ScimClient, query = '') =>
  ((await scim.request('GET', `/Groups${query}`)).body.Resources as { displayName: string }[]).map(
    (group) => group.displayName,
  );

async function tenantEvents(tenant: string): Promise<RecordedEvent[]> {
  const store = await openSqliteEventStore({ path: join(t.dataDir, 'events.sqlite') });
  try {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(streams.tenant(tenant))) events.push(event);
    return events;
  } finally {
    await store.close();
  }
}

describe('group matching policy', () => {
  it('is alwaysCreate for a new tenant, and each change is recorded with the admin who made it', async () => {
    await admin.tenantWithToken('docuware');
    expect((await admin.request('GET', '/tenants/docuware')).body).toMatchObject({
      deletionPolicy: 'hardDelete',
      groupMatching: 'alwaysCreate',
    });

    const chosen = await chooseGroupMatching('docuware', 'adoptExisting');
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ id: 'docuware', groupMatching: 'adoptExisting' });
    // Choosing the same policy again records nothing.
    expect((await chooseGroupMatching('docuware', 'adoptExisting')).status).toBe(200);

    const chosenEvents = (await tenantEvents('docuware')).filter(
      (event) => event.type === 'TenantGroupMatchingPolicyChosen',
    );
    expect(chosenEvents).toHaveLength(1);
    expect(chosenEvents[0]!.data).toEqual({ tenantId: 'docuware', policy: 'adoptExisting' });
    expect(chosenEvents[0]!.metadata.caller).toBe('admin:bootstrap');
  });

  it('answers 400 naming the allowed values for an unknown policy, and 404 for no tenant', async () => {
    await admin.tenantWithToken('badpolicy');
    const unknown = await chooseGroupMatching('badpolicy', 'merge');
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(
      /"merge" is not known; use one of alwaysCreate, adoptExisting/,
    );
    const notString = await chooseGroupMatching('badpolicy', 1);
    expect(notString.status).toBe(400);
    expect(notString.body.detail).toMatch(/"policy" is required and must be a string/);
    expect((await chooseGroupMatching('nobody', 'adoptExisting')).status).toBe(404);
    expect((await admin.request('GET', '/tenants/badpolicy')).body.groupMatching).toBe(
      'alwaysCreate',
    );
  });
});

describe('local groups', () => {
  it('are created by an admin, listed with who manages them, and unique by name per tenant', async () => {
    const scim = await admin.tenantWithToken('localco');
    const alice = await scim.createUser('alice');
    const created = await createLocalGroup('localco', 'Sales', [alice.body.id]);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      displayName: 'Sales',
      members: [alice.body.id],
      managedBy: 'local',
    });

    const taken = await createLocalGroup('localco', 'SALES');
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toMatch(/"SALES" is already used by another local group/);

    // A SCIM group of the same name lives in another namespace, and the local one stays out of SCIM.
    const scimSales = await scim.createGroup('Sales');
    expect(scimSales.status).toBe(201);
    const listed = await admin.request('GET', '/tenants/localco/groups');
    expect(listed.status).toBe(200);
    expect(listed.body.groups).toEqual(
      expect.arrayContaining([
        { id: created.body.id, displayName: 'Sales', managedBy: 'local', memberCount: 1 },
        { id: scimSales.body.id, displayName: 'Sales', managedBy: 'scim', memberCount: 0 },
      ]),
    );
    expect(listed.body.groups).toHaveLength(2);

    // Another tenant may use the same local name.
    await admin.tenantWithToken('otherco');
    expect((await createLocalGroup('otherco', 'Sales')).status).toBe(201);
  });

  it('refuses a blank name, members that are not users of the tenant, and an unknown tenant', async () => {
    const scim = await admin.tenantWithToken('strictco');
    const group = await scim.createGroup('Team');
    const blank = await createLocalGroup('strictco', ' ');
    expect(blank.status).toBe(400);
    expect(blank.body.detail).toMatch(/displayName is required/);
    const notUsers = await createLocalGroup('strictco', 'X', [group.body.id, 'nobody']);
    expect(notUsers.status).toBe(400);
    expect(notUsers.body.detail).toMatch(
      new RegExp(
        `must be ids of users of tenant strictco; these are not: ${group.body.id}, nobody`,
      ),
    );
    const notList = await admin.request('POST', '/tenants/strictco/groups', {
      displayName: 'X',
      members: 'u1',
    });
    expect(notList.status).toBe(400);
    expect(notList.body.detail).toMatch(/"members" must be a list of user ids/);
    expect((await createLocalGroup('nobody', 'X')).status).toBe(404);
    expect((await admin.request('GET', '/tenants/nobody/groups')).status).toBe(404);
  });
});

describe('SCIM POST /Groups', () => {
  it('under adoptExisting adopts the local group of the same name: its id, its members and the posted ones', async () => {
    const scim = await admin.tenantWithToken('adopter');
    await chooseGroupMatching('adopter', 'adoptExisting');
    const alice = await scim.createUser('alice');
    const bob = await scim.createUser('bob');
    const local = await createLocalGroup('adopter', 'Finance', [alice.body.id]);
    expect(await scimGroupNames(scim)).toEqual([]);

    const posted = await scim.request('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'FINANCE',
      externalId: 'okta-finance',
      members: [{ value: bob.body.id }],
    });
    expect(posted.status).toBe(201);
    expect(posted.body.id).toBe(local.body.id);
    expect(posted.body.externalId).toBe('okta-finance');
    expect(memberIds(posted.body)).toEqual([alice.body.id, bob.body.id].sort());

    // From now on an ordinary SCIM group: listed, filterable, among the users' groups, name reserved.
    expect(await scimGroupNames(scim, '?filter=displayName%20eq%20%22finance%22')).toEqual([
      'FINANCE',
    ]);
    const aliceNow = await scim.request('GET', `/Users/${alice.body.id}`);
    expect(aliceNow.body.groups).toEqual([expect.objectContaining({ value: local.body.id })]);
    const again = await scim.createGroup('Finance');
    expect(again.status).toBe(409);
    expect((await localGroup('adopter', local.body.id)).body.managedBy).toBe('scim');
    // The name left the local namespace with the group.
    expect((await createLocalGroup('adopter', 'Finance')).status).toBe(201);
  });

  it('under alwaysCreate makes a new group; the local one keeps its members and stays invisible to SCIM', async () => {
    const scim = await admin.tenantWithToken('creator');
    const alice = await scim.createUser('alice');
    const local = await createLocalGroup('creator', 'Legal', [alice.body.id]);

    const posted = await scim.createGroup('Legal');
    expect(posted.status).toBe(201);
    expect(posted.body.id).not.toBe(local.body.id);
    expect(memberIds(posted.body)).toEqual([]);

    expect(await localGroup('creator', local.body.id)).toMatchObject({
      status: 200,
      body: { managedBy: 'local', members: [alice.body.id] },
    });
    expect((await scim.request('GET', `/Groups/${local.body.id}`)).status).toBe(404);
    expect((await scim.request('DELETE', `/Groups/${local.body.id}`)).status).toBe(404);
    expect(await scimGroupNames(scim)).toEqual(['Legal']);
    const search = await scim.request('POST', '/Groups/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'displayName eq "Legal"',
    });
    expect(search.body.totalResults).toBe(1);
    const aliceNow = await scim.request('GET', `/Users/${alice.body.id}`);
    expect(aliceNow.body.groups ?? []).toEqual([]);
  });

  it("never adopts another tenant's local group", async () => {
    await admin.tenantWithToken('owner');
    const foreign = await createLocalGroup('owner', 'Shared Name');
    const scim = await admin.tenantWithToken('stranger');
    await chooseGroupMatching('stranger', 'adoptExisting');

    const posted = await scim.createGroup('Shared Name');
    expect(posted.status).toBe(201);
    expect(posted.body.id).not.toBe(foreign.body.id);
    expect((await localGroup('owner', foreign.body.id)).body.managedBy).toBe('local');
  });

  it('lets only one of two racing POSTs adopt the local group', async () => {
    const scim = await admin.tenantWithToken('racer');
    await chooseGroupMatching('racer', 'adoptExisting');
    const local = await createLocalGroup('racer', 'Ops');

    const answers = await Promise.all([scim.createGroup('Ops'), scim.createGroup('ops')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.status === 201)!.body.id).toBe(local.body.id);
    expect(await scimGroupNames(scim)).toHaveLength(1);
  });
});
