import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  type GroupMembersAddedV1,
  groupMembersAddedV1,
  userDeactivatedV1,
  userProvisionedV1,
} from '#contracts';
import { openSqliteAuditLog, type SqliteAuditLog } from './audit-log.js';
import { auditHandler } from './audit.handler.js';
import { delivered } from '#contracts';

const ada = userProvisionedV1.example;
const provisionedAda = delivered(userProvisionedV1, ada, {
  id: 'e1',
  position: 1,
  requestId: 'okta-req-1',
});

describe('SqliteAuditLog', () => {
  let dir: string;
  let path: string;
  let log: SqliteAuditLog;
  const recordedAt = new Date('2026-11-23T10:00:05.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
    path = join(dir, 'audit.sqlite');
    log = openSqliteAuditLog(path, () => recordedAt);
  });

  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records an event with every fact of its envelope', async () => {
    const members: GroupMembersAddedV1 = {
      tenant: 'acme',
      groupId: 'g-1',
      members: [{ id: ada.userId, type: 'User' }],
    };
    await auditHandler(log)([provisionedAda]);
    await auditHandler(log)([
      delivered(groupMembersAddedV1, members, {
        id: 'e2#1',
        position: 2,
        part: { index: 1, count: 3 },
      }),
    ]);

    const { events, next } = await log.query({ limit: 10 });
    expect(next).toBeUndefined();
    expect(events).toEqual([
      {
        sequence: 1,
        id: 'e1',
        type: 'scim.user.provisioned.v1',
        tenant: 'acme',
        resourceType: 'User',
        resourceId: ada.userId,
        caller: 'token:okta',
        correlationId: 'request-1',
        requestId: 'okta-req-1',
        time: '2026-11-23T10:00:00Z',
        recordedAt: '2026-11-23T10:00:05.000Z',
        position: 1,
        data: ada,
      },
      expect.objectContaining({
        sequence: 2,
        id: 'e2#1',
        resourceType: 'Group',
        part: { index: 1, count: 3 },
        data: members,
      }),
    ]);
    expect(events[1]).not.toHaveProperty('requestId');
  });

  it('records an event delivered twice once', async () => {
    const handle = auditHandler(log);
    await handle([provisionedAda]);
    await handle([provisionedAda]);
    expect((await log.query({ limit: 10 })).events).toHaveLength(1);
  });

  it('refuses to update or delete a recorded event, whoever tries', async () => {
    await log.append(provisionedAda);
    const db = new DatabaseSync(path);
    try {
      expect(() => db.exec("UPDATE audit_events SET caller = 'someone else'")).toThrow(
        /append-only/,
      );
      expect(() => db.exec('DELETE FROM audit_events')).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await log.query({ limit: 10 })).events[0]?.caller).toBe('token:okta');
  });

  it('keeps recorded events across a restart and goes on numbering after them', async () => {
    await log.append(provisionedAda);
    await log.close();

    log = openSqliteAuditLog(path, () => recordedAt);
    await log.append(provisionedAda);
    await log.append(
      delivered(userDeactivatedV1, userDeactivatedV1.example, { id: 'e2', position: 2 }),
    );
    expect((await log.query({ limit: 10 })).events.map((e) => [e.sequence, e.id])).toEqual([
      [1, 'e1'],
      [2, 'e2'],
    ]);
  });

  describe('queries', () => {
    const at = (time: string) => Date.parse(time);

    beforeEach(async () => {
      const user = (tenant: string, userId: string) => ({ tenant, userId });
      const events = [
        delivered(userDeactivatedV1, user('acme', 'u-1'), {
          id: 'a1',
          position: 1,
          time: '2026-11-23T09:00:00Z',
        }),
        delivered(userDeactivatedV1, user('acme', 'u-2'), {
          id: 'a2',
          position: 2,
          time: '2026-11-23T10:00:00Z',
          caller: 'app:entra',
        }),
        delivered(
          userProvisionedV1,
          { ...ada, userId: 'u-1' },
          { id: 'a3', position: 3, time: '2026-11-23T11:00:00+01:00' },
        ),
        delivered(userDeactivatedV1, user('globex', 'u-1'), {
          id: 'g1',
          position: 4,
          time: '2026-11-23T10:30:00Z',
        }),
        delivered(userDeactivatedV1, user('acme', 'u-1'), {
          id: 'a4',
          position: 5,
          time: '2026-11-23T10:59:59.999Z',
        }),
      ];
      for (const event of events) await log.append(event);
    });

    const ids = async (query: Parameters<SqliteAuditLog['query']>[0]) =>
      (await log.query(query)).events.map((event) => event.id);

    it('filter by tenant, resource, type and caller', async () => {
      expect(await ids({ tenant: 'acme', limit: 10 })).toEqual(['a1', 'a2', 'a3', 'a4']);
      expect(
        await ids({ tenant: 'acme', resourceType: 'User', resourceId: 'u-1', limit: 10 }),
      ).toEqual(['a1', 'a3', 'a4']);
      expect(await ids({ resourceId: 'u-1', limit: 10 })).toEqual(['a1', 'a3', 'g1', 'a4']);
      expect(await ids({ type: 'scim.user.provisioned.v1', limit: 10 })).toEqual(['a3']);
      expect(await ids({ caller: 'app:entra', limit: 10 })).toEqual(['a2']);
      expect(await ids({ tenant: 'acme', resourceType: 'Group', limit: 10 })).toEqual([]);
    });

    it('filter by the time of the change, from inclusive and to exclusive, across offsets', async () => {
      const from = at('2026-11-23T10:00:00Z');
      const to = at('2026-11-23T11:00:00Z');
      // a3 happened at 10:00:00Z, written with a +01:00 offset.
      expect(await ids({ tenant: 'acme', from, to, limit: 10 })).toEqual(['a2', 'a3', 'a4']);
      expect(await ids({ tenant: 'acme', to: from, limit: 10 })).toEqual(['a1']);
    });

    it('page by sequence: next is the cursor of the following page', async () => {
      const first = await log.query({ limit: 2 });
      expect(first.events.map((e) => e.id)).toEqual(['a1', 'a2']);
      expect(first.next).toBe(2);
      const second = await log.query({ limit: 2, after: first.next! });
      expect(second.events.map((e) => e.id)).toEqual(['a3', 'g1']);
      const last = await log.query({ limit: 2, after: second.next! });
      expect(last).toEqual({ events: [expect.objectContaining({ id: 'a4' })] });
    });
  });
});
