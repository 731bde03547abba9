import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, TEST_TENANT, type TestService } from './support/standalone-harness.js';

const auditToken = 'audit-api-token-history-0123456789';
let t: TestService;

beforeAll(async () => {
  t = await startTestService({ AUDIT_API_TOKEN: auditToken });
});
afterAll(async () => {
  await t.stop();
});

async function audit(path: string) {
  const response = await fetch(
    `${new URL(t.scim.baseUrl).origin}/audit/tenants/${TEST_TENANT}${path}`,
    { headers: { authorization: `Bearer ${auditToken}` } },
  );
  return { status: response.status, body: (await response.json()) as any };
}

async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error('the chain keeper did not catch up');
}

describe('the history API of the audit service', () => {
  let userId: string;
  let renamedAt: string;
  let patchCorrelation: string | null;

  beforeAll(async () => {
    const created = await t.scim.createUser('history.alice@example.com', { title: 'Developer' });
    userId = created.body.id;
    await sleep(5);
    const patched = await t.scim.patch(
      `/Users/${userId}`,
      [{ op: 'replace', path: 'title', value: 'Architect' }],
      { 'x-request-id': 'okta-req-4711' },
    );
    patchCorrelation = patched.headers.get('x-correlation-id');
    renamedAt = patched.body.meta.lastModified;
    await sleep(5);
    await t.scim.patch(`/Users/${userId}`, [{ op: 'replace', path: 'active', value: false }]);
  });

  it("pages through a user's timeline with the caller, the request's ids and each attribute change", async () => {
    const first = await audit(`/users/${userId}/history?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: { type: string }) => e.type)).toEqual([
      'UserProvisioned',
      'UserAttributesChanged',
    ]);
    expect(first.body.next).toBe('1');
    expect(first.body.entries[1]).toMatchObject({
      revision: 1,
      time: renamedAt,
      caller: expect.stringMatching(/^token:/),
      correlationId: patchCorrelation,
      requestId: 'okta-req-4711',
      changes: [{ attribute: 'title', before: 'Developer', after: 'Architect' }],
    });
    const second = await audit(`/users/${userId}/history?limit=2&after=${first.body.next}`);
    expect(second.body).toEqual({
      entries: [
        expect.objectContaining({
          type: 'UserDeactivated',
          changes: [{ attribute: 'active', before: true, after: false }],
        }),
      ],
    });
  });

  it('answers the state at a moment and the difference between two moments', async () => {
    const then = await audit(`/users/${userId}?asOf=${encodeURIComponent(renamedAt)}`);
    expect(then.body).toMatchObject({
      id: userId,
      status: 'active',
      revision: 1,
      attributes: { userName: 'history.alice@example.com', title: 'Architect', active: true },
    });
    const now = await audit(`/users/${userId}`);
    expect(now.body).toMatchObject({ status: 'inactive', revision: 2 });

    const diff = await audit(`/users/${userId}/diff?from=0&to=${now.body.position}`);
    expect(diff.body).toMatchObject({
      from: { status: 'absent', revision: -1 },
      to: { status: 'inactive', revision: 2 },
    });
    expect(diff.body.changes.map((c: { attribute: string }) => c.attribute)).toEqual([
      'active',
      'title',
      'userName',
    ]);
  });

  it("detects an event altered behind the service's back, at exactly that event", async () => {
    const intact = await eventually(async () => {
      const report = await audit('/verify');
      return report.body.verified >= 4 ? report : undefined;
    });
    expect(intact.status).toBe(200);
    expect(intact.body.firstBreak).toBeUndefined();

    // Someone with access to the database file rewrites the title the IdP set.
    const db = new DatabaseSync(join(t.dataDir, 'events.sqlite'));
    const [row] = db
      .prepare(
        `SELECT position FROM events WHERE stream_id LIKE ? AND type = 'UserAttributesChanged'`,
      )
      .all(`%${userId}`) as { position: number }[];
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.set.title', 'CEO') WHERE position = ?`,
    ).run(row!.position);
    db.close();

    const broken = await audit('/verify');
    expect(broken.body.firstBreak).toMatchObject({ reason: 'altered', position: row!.position });
    expect(broken.body.verified).toBeLessThan(intact.body.verified);
  });

  it('refuses wrong moments and unknown resources with a clear problem', async () => {
    const wrong = await audit(`/users/${userId}?asOf=last-week`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain('asOf must be an RFC 3339 time');
    const missing = await audit(`/users/${userId}/diff?from=0`);
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('from and to are both required');
    const unknown = await audit('/groups/no-such-group/history');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe("No group with id no-such-group in this tenant's history");
    const anonymous = await fetch(
      `${new URL(t.scim.baseUrl).origin}/audit/tenants/${TEST_TENANT}/users/${userId}/history`,
    );
    expect(anonymous.status).toBe(401);
  });
});
