import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildOnce } from './support/service-process.js';
import {
  type AdminTestService,
  startAdminTestService,
  TEST_TENANT,
} from './support/standalone-harness.js';

const auditToken = 'audit-api-token-erasure-0123456789ab';
/** What the IdP sent about the user to be erased: none of it may be readable afterwards. */
const personal = ['erase.me@example.com', 'Chief Secret Officer', 'Ermintrude'];
let t: AdminTestService;
let erasedId: string;
let keptId: string;
let existedAt: string;

async function get(path: string, token = auditToken) {
  const response = await fetch(`${t.service.origin}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as any };
}

const history = (path: string) => get(`/audit/tenants/${TEST_TENANT}${path}`);
const erase = (userId: string, body?: unknown) =>
  t.admin.request('POST', `/tenants/${TEST_TENANT}/users/${userId}/erasure`, body);

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every byte the service keeps in DATA_DIR, as one buffer. */
function dataDirBytes(): Buffer {
  const files = readdirSync(t.dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  return Buffer.concat(files.map((file) => readFileSync(file)));
}

beforeAll(async () => {
  buildOnce();
  t = await startAdminTestService({ AUDIT_API_TOKEN: auditToken });
  const created = await t.scim.createUser('erase.me@example.com', {
    name: { givenName: 'Ermintrude' },
    emails: [{ value: 'erase.me@example.com', primary: true }],
  });
  erasedId = created.body.id;
  const patched = await t.scim.patch(`/Users/${erasedId}`, [
    { op: 'replace', path: 'title', value: 'Chief Secret Officer' },
  ]);
  existedAt = patched.body.meta.lastModified;
  keptId = (await t.scim.createUser('keep.me@example.com', { title: 'Engineer' })).body.id;
  await sleep(5);
});

afterAll(async () => {
  await t.stop();
});

describe('erasing a user (right to erasure)', () => {
  it('refuses a user that still exists, one that never did, and a reference that is no reference', async () => {
    const existing = await erase(erasedId);
    expect(existing.status).toBe(409);
    expect(existing.body.detail).toContain('delete it first');
    expect((await erase('no-such-user')).status).toBe(404);
    const tooLong = await erase(erasedId, { requestReference: 'x'.repeat(201) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.detail).toContain('requestReference');
    const anAddress = await erase(erasedId, { requestReference: 'erase.me@example.com asked' });
    expect(anAddress.status).toBe(400);
    expect(anAddress.body.detail).toContain('must not hold an email address');
    expect((await t.scim.request('GET', `/Users/${erasedId}`)).status).toBe(200);
  });

  it('erases a deleted user once, and answers the same erasure when asked again', async () => {
    expect((await t.scim.request('DELETE', `/Users/${erasedId}`)).status).toBe(204);
    const first = await erase(erasedId, { requestReference: 'DSR-2041' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      tenant: TEST_TENANT,
      userId: erasedId,
      erasedAt: expect.any(String),
      requestReference: 'DSR-2041',
      alreadyErased: false,
    });
    const again = await erase(erasedId);
    expect(again.body).toMatchObject({ erasedAt: first.body.erasedAt, alreadyErased: true });
  });

  it('keeps the history complete, who erased included, with the personal data unreadable', async () => {
    const { body } = await history(`/users/${erasedId}/history`);
    expect(body.entries.map((entry: any) => [entry.type, entry.personalDataErased])).toEqual([
      ['UserProvisioned', true],
      ['UserAttributesChanged', true],
      ['UserDeleted', true],
      ['UserErased', undefined],
    ]);
    expect(body.entries[0].changes).toEqual([{ attribute: 'active', after: true }]);
    expect(body.entries[3].caller).toBe('admin:bootstrap');
    const then = await history(`/users/${erasedId}?asOf=${encodeURIComponent(existedAt)}`);
    expect(then.body).toMatchObject({
      status: 'active',
      personalDataErased: true,
      attributes: { active: true },
    });
    for (const text of personal) {
      expect(JSON.stringify(body)).not.toContain(text);
      expect(JSON.stringify(then.body)).not.toContain(text);
    }
    const kept = await history(
      `/users/${keptId}?asOf=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(kept.body.attributes).toMatchObject({
      userName: 'keep.me@example.com',
      title: 'Engineer',
    });
  });

  it('still verifies the hash chain over the whole history', async () => {
    const report = await eventually('the chain keeper', async () => {
      const verified = await history('/verify');
      return verified.body.verified >= 7 ? verified : undefined;
    });
    expect(report.body).toMatchObject({ tenant: TEST_TENANT });
    expect(report.body.firstBreak).toBeUndefined();
  });

  it('answers a SCIM point-in-time read of the erased user with 404, and says why', async () => {
    const asOf = await t.scim.request(
      'GET',
      `/Users/${erasedId}?asOf=${encodeURIComponent(existedAt)}`,
    );
    expect(asOf.status).toBe(404);
    expect(asOf.body.detail).toContain('erased');
  });

  it('has the downstream services forget the user: the account and the audit log', async () => {
    await eventually('the login service', async () => {
      const account = await get(`/accounts/${TEST_TENANT}/${erasedId}`);
      return account.status === 404 ? account : undefined;
    });
    const log = await eventually('the audit log', async () => {
      const page = await get(`/audit/events?resourceId=${erasedId}`);
      return page.body.events.some((event: any) => event.type === 'scim.user.erased.v1')
        ? page
        : undefined;
    });
    expect(log.body.events.map((event: any) => event.type)).toEqual([
      'scim.user.provisioned.v1',
      'scim.user.updated.v1',
      'scim.user.deleted.v1',
      'scim.user.erased.v1',
    ]);
    for (const text of personal) expect(JSON.stringify(log.body)).not.toContain(text);
  });

  it('lists the erasure in the register, from the command line on the data directory', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['dist/apps/audit-service/src/cli/audit-cli.js', 'erasures'],
      {
        cwd: resolve(import.meta.dirname, '..'),
        env: { PATH: process.env.PATH ?? '', DATA_DIR: t.dataDir },
      },
    );
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      expect.objectContaining({
        tenant: TEST_TENANT,
        userId: erasedId,
        caller: 'admin:bootstrap',
        requestReference: 'DSR-2041',
      }),
    ]);
  });

  it('leaves no copy of the personal data in any file of DATA_DIR', () => {
    const bytes = dataDirBytes();
    // The user kept is in the read model as plain text: the scan does find what is there.
    expect(bytes.includes('keep.me@example.com')).toBe(true);
    for (const text of personal) expect(bytes.includes(text)).toBe(false);
  });
});

describe('erasing a user the keepDisabled policy hid', () => {
  it('erases it like a deleted one: the disabled account goes too', async () => {
    const policy = await t.admin.request('PUT', `/tenants/${TEST_TENANT}/deletion-policy`, {
      policy: 'keepDisabled',
    });
    expect(policy.status).toBe(200);
    const hiddenId = (await t.scim.createUser('hidden.one@example.com')).body.id as string;
    expect((await t.scim.request('DELETE', `/Users/${hiddenId}`)).status).toBe(204);
    await eventually('the account to be disabled', async () => {
      const account = await get(`/accounts/${TEST_TENANT}/${hiddenId}`);
      return account.body.status === 'disabled' ? account : undefined;
    });

    expect((await erase(hiddenId)).status).toBe(200);
    const { body } = await history(`/users/${hiddenId}/history`);
    expect(body.entries.map((entry: any) => entry.type)).toEqual([
      'UserProvisioned',
      'UserDeactivated',
      'UserHiddenByDeletionPolicy',
      'UserErased',
    ]);
    expect(JSON.stringify(body)).not.toContain('hidden.one@example.com');
    await eventually('the login service to drop the account', async () => {
      const account = await get(`/accounts/${TEST_TENANT}/${hiddenId}`);
      return account.status === 404 ? account : undefined;
    });
  });
});
