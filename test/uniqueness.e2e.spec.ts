import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normaliseDisplayName, streams } from '#directory';
import { openSqliteEventStore } from '#event-store';
import { loadConfig } from '#platform';
import { startStandalone, type RunningService } from '../apps/standalone/src/standalone.js';
import { ScimClient } from './support/scim-client.js';
import { TEST_TENANT, TEST_TOKEN } from './support/standalone-harness.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
let dataDir: string;
let service: RunningService;
let scim: ScimClient;

async function start(): Promise<void> {
  service = await startStandalone(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SCIM_BOOTSTRAP_TENANT: TEST_TENANT,
      SCIM_BOOTSTRAP_TOKEN: TEST_TOKEN,
      LOG_LEVEL: 'error',
      EVENT_STORE_SYNC: 'normal',
    }),
  );
  scim = new ScimClient(`${service.origin}/scim/v2/${TEST_TENANT}`, TEST_TOKEN);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'scim-uniqueness-'));
  await start();
});
afterAll(async () => {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function expectTaken(response: { status: number; body: any }, displayName: string): void {
  expect(response.status).toBe(409);
  expect(response.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  expect(response.body.detail).toContain(`"${displayName}"`);
}

const rename = (id: string, displayName: string) =>
  scim.patch(`/Groups/${id}`, [{ op: 'replace', path: 'displayName', value: displayName }]);

const groupsNamed = async (displayName: string) =>
  (
    await scim.request(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
    )
  ).body.totalResults as number;

describe('group displayName is unique per tenant, ignoring case', () => {
  it('answers a second POST of one name, in any case, with 409 uniqueness naming the value', async () => {
    expect((await scim.createGroup('Sales')).status).toBe(201);
    expectTaken(await scim.createGroup('Sales'), 'Sales');
    expectTaken(await scim.createGroup('SALES'), 'SALES');
    expect(await groupsNamed('sales')).toBe(1);
  });

  it('refuses a rename to a name another group holds, and allows a change of case', async () => {
    const { body: support } = await scim.createGroup('Support');
    const { body: helpdesk } = await scim.createGroup('Helpdesk');
    expectTaken(await rename(helpdesk.id, 'support'), 'support');
    expect((await scim.request('GET', `/Groups/${helpdesk.id}`)).body.displayName).toBe('Helpdesk');

    const recased = await rename(support.id, 'SUPPORT');
    expect(recased.status).toBe(200);
    expect(recased.body.displayName).toBe('SUPPORT');
    expectTaken(await scim.createGroup('Support'), 'Support');
  });

  it('frees the old name on a rename and the name of a deleted group', async () => {
    const { body: finance } = await scim.createGroup('Finance');
    expect((await rename(finance.id, 'Finance EMEA')).status).toBe(200);
    expect((await scim.createGroup('finance')).status).toBe(201);
    expectTaken(await scim.createGroup('Finance EMEA'), 'Finance EMEA');

    expect((await scim.request('DELETE', `/Groups/${finance.id}`)).status).toBe(204);
    expect((await scim.createGroup('Finance EMEA')).status).toBe(201);
  });

  it('keeps Okta re-sending the current name with a membership PATCH a no-op for the name', async () => {
    const { body: user } = await scim.createUser('okta.member@example.com');
    const { body: group } = await scim.createGroup('Okta Pushed');
    const unchanged = await scim.patch(`/Groups/${group.id}`, [
      { op: 'replace', value: { id: group.id, displayName: 'Okta Pushed' } },
    ]);
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.meta.version).toBe(group.meta.version);

    const withMember = await scim.patch(`/Groups/${group.id}`, [
      { op: 'replace', value: { id: group.id, displayName: 'Okta Pushed' } },
      { op: 'add', path: 'members', value: [{ value: user.id }] },
    ]);
    expect(withMember.status).toBe(200);
    expect(withMember.body.members).toEqual([expect.objectContaining({ value: user.id })]);
    // The name stayed reserved through both requests.
    expectTaken(await scim.createGroup('okta pushed'), 'okta pushed');
  });

  it('guards the name of a group created before reservations, which has none (ADR 0004)', async () => {
    const { body: legacy } = await scim.createGroup('Legacy Team');
    await service.stop();
    // What a group created by an earlier release looks like: no reservation stream.
    const store = await openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const key = createHash('sha256').update(normaliseDisplayName('Legacy Team')).digest('hex');
    await store.deleteStream(streams.reservation(TEST_TENANT, 'groupDisplayName', key));
    await store.close();
    await start();

    expectTaken(await scim.createGroup('LEGACY TEAM'), 'LEGACY TEAM');
    const { body: other } = await scim.createGroup('Other Team');
    expectTaken(await rename(other.id, 'legacy team'), 'legacy team');

    // The legacy group itself renames freely; its old name is then free for others.
    expect((await rename(legacy.id, 'Legacy Team 2')).status).toBe(200);
    expect((await scim.createGroup('Legacy Team')).status).toBe(201);
    expectTaken(await scim.createGroup('legacy team 2'), 'legacy team 2');
  });

  it('answers a PUT that renames a group onto a held name with 409 and changes nothing', async () => {
    const { body: ops } = await scim.createGroup('Operations');
    await scim.createGroup('Security');
    const put = await scim.request('PUT', `/Groups/${ops.id}`, {
      schemas: [GROUP],
      displayName: 'security',
    });
    expectTaken(put, 'security');
    const read = await scim.request('GET', `/Groups/${ops.id}`);
    expect(read.body).toMatchObject({
      displayName: 'Operations',
      meta: { version: ops.meta.version },
    });
  });
});
