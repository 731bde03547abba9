import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { DatabaseSync } from 'node:sqlite';
import {
  delivered,
  groupMembersAddedV1,
  userDeactivatedV1,
  userDeletedV1,
  userErasedV1,
  userProvisionedV1,
  userUpdatedV1,
} from '#contracts';
import { exportAuditLog } from './audit-export.js';
import { openSqliteAuditLog, type SqliteAuditLog } from './audit-log.js';
import { auditHandler } from './audit.handler.js';

const tenant = 'acme';
const userId = 'u-ada';
const ada = { ...userProvisionedV1.example, tenant, userId };
const redacted = { tenant, userId, erased: true };

const provisioned = delivered(userProvisionedV1, ada, { id: 'e1', position: 1 });
const updated = delivered(
  userUpdatedV1,
  { ...userUpdatedV1.example, tenant, userId },
  { id: 'e2', position: 2 },
);
const joined = delivered(
  groupMembersAddedV1,
  { tenant, groupId: 'g-1', members: [{ id: userId, type: 'User' }] },
  { id: 'e3', position: 3 },
);
const deleted = delivered(
  userDeletedV1,
  { tenant, userId, userName: ada.userName },
  { id: 'e4', position: 4, time: '2026-11-24T08:00:00Z' },
);
const erased = delivered(
  userErasedV1,
  { tenant, userId },
  { id: 'e5', position: 5, caller: 'admin:bootstrap' },
);

describe('SqliteAuditLog on scim.user.erased.v1', () => {
  let dir: string;
  let path: string;
  let log: SqliteAuditLog;
  const erasedAt = '2026-12-02T14:03:12.000Z';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-erasure-'));
    path = join(dir, 'audit.sqlite');
    log = openSqliteAuditLog(path, () => new Date(erasedAt));
  });

  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const entries = async () => (await log.query({ limit: 100 })).events;

  it("redacts the data of the user's earlier entries and keeps what happened, when and by whom", async () => {
    const bob = { ...ada, userId: 'u-bob', userName: 'bob@acme.example' };
    const others = [
      delivered(userProvisionedV1, bob, { id: 'b1', position: 6 }),
      delivered(userDeactivatedV1, { tenant: 'globex', userId }, { id: 'g1', position: 7 }),
    ];
    await auditHandler(log)([provisioned, updated, joined, deleted, ...others]);
    const before = await entries();

    await auditHandler(log)([erased]);

    const after = await entries();
    expect(after.slice(0, 4)).toEqual([
      { ...before[0], data: redacted, erasedAt },
      { ...before[1], data: redacted, erasedAt },
      before[2], // the group's entry names the user by id only
      { ...before[3], data: redacted, erasedAt },
    ]);
    expect(after.slice(4, 6)).toEqual(before.slice(4, 6)); // another user, another tenant
    expect(after[6]).toMatchObject({
      type: 'scim.user.erased.v1',
      caller: 'admin:bootstrap',
      data: { tenant, userId },
    });
    expect(after[6]).not.toHaveProperty('erasedAt');
  });

  it('stores a message replayed after the erasure already redacted, and each message once', async () => {
    const handle = auditHandler(log);
    await handle([provisioned, deleted, erased]);
    // A replayed topic: the same messages, then an older one with a new id, then the erasure.
    await handle([provisioned, deleted, erased]);
    await handle([{ ...updated, id: 'replayed-e2' }, erased]);

    expect((await entries()).map(({ id, data }) => [id, data])).toEqual([
      ['e1', redacted],
      ['e4', redacted],
      ['e5', { tenant, userId }],
      ['replayed-e2', redacted],
    ]);
  });

  it('redacts the earlier entries of a batch that also holds the erasure', async () => {
    await auditHandler(log)([provisioned, erased, updated]);
    expect((await entries()).map(({ data }) => data)).toEqual([
      redacted,
      { tenant, userId },
      redacted,
    ]);
  });

  it('allows no update but that redaction, and no delete, whoever tries', async () => {
    const bob = delivered(
      userDeactivatedV1,
      { tenant, userId: 'u-bob' },
      { id: 'b1', position: 9 },
    );
    await log.appendAll([provisioned, updated, erased, bob]);
    const db = new DatabaseSync(path);
    const redactSql = `data = json_object('tenant', tenant, 'userId', resource_id, 'erased', json('true')), erased_at = 'now'`;
    const refused = [
      "UPDATE audit_events SET caller = 'someone else' WHERE event_id = 'e1'",
      `UPDATE audit_events SET data = '{}' WHERE event_id = 'e1'`,
      `UPDATE audit_events SET erased_at = NULL WHERE event_id = 'e1'`,
      `UPDATE audit_events SET erased_at = 'later' WHERE event_id = 'e1'`,
      // The redaction of a user that was not erased, or of the erasure itself.
      `UPDATE audit_events SET ${redactSql} WHERE event_id = 'b1'`,
      `UPDATE audit_events SET ${redactSql} WHERE event_id = 'e5'`,
      "DELETE FROM audit_events WHERE event_id = 'e1'",
    ];
    try {
      for (const sql of refused) expect(() => db.exec(sql)).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await entries()).map(({ id, caller, data }) => [id, caller, data])).toEqual([
      ['e1', 'token:okta', redacted],
      ['e2', 'token:okta', redacted],
      ['e5', 'admin:bootstrap', { tenant, userId }],
      ['b1', 'token:okta', { tenant, userId: 'u-bob' }],
    ]);
  });

  it('leaves no copy of the personal data in the files, yet lists and exports the entries', async () => {
    const secrets = {
      userName: 'zq-erase-me-4711@acme.example',
      email: 'zq.home.4711@private.example',
      // Long enough to spill into overflow pages, which a redaction frees.
      formatted: `Zoltan Quirinus ${'the Fourth '.repeat(600)}4711`,
    };
    const distinctive = [secrets.userName, secrets.email, secrets.formatted.slice(-200)];
    const person = {
      ...ada,
      userName: secrets.userName,
      name: { formatted: secrets.formatted },
      emails: [{ value: secrets.email, type: 'home' }],
    };
    const handle = auditHandler(log);
    await handle([delivered(userProvisionedV1, person, { id: 'e1', position: 1 }), deleted]);
    const files = () => [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file));
    const found = () =>
      distinctive.filter((secret) => files().some((bytes) => bytes.includes(secret)));
    expect(found()).toEqual(distinctive);

    await handle([erased]);
    // A replay of the provisioning after the erasure never writes the data either.
    await handle([delivered(userProvisionedV1, person, { id: 'r1', position: 1 })]);
    expect(found()).toEqual([]);
    await log.close();
    expect(found()).toEqual([]);

    log = openSqliteAuditLog(path);
    expect((await entries()).map(({ type, time, caller }) => [type, time, caller])).toEqual([
      ['scim.user.provisioned.v1', '2026-11-23T10:00:00Z', 'token:okta'],
      ['scim.user.deleted.v1', '2026-11-24T08:00:00Z', 'token:okta'],
      ['scim.user.erased.v1', '2026-11-23T10:00:00Z', 'admin:bootstrap'],
      ['scim.user.provisioned.v1', '2026-11-23T10:00:00Z', 'token:okta'],
    ]);
    const ndjson = await text(exportAuditLog(log, { tenant }, 'ndjson'));
    const exported = ndjson
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as object);
    expect(exported.map((record) => (record as { data: unknown }).data)).toEqual([
      redacted,
      redacted,
      { tenant, userId },
      redacted,
    ]);
    expect(exported[0]).toMatchObject({ id: 'e1', erasedAt });
    const csv = await text(exportAuditLog(log, { tenant }, 'csv'));
    expect(csv).toContain(`"{""tenant"":""acme"",""userId"":""u-ada"",""erased"":true}"`);
    for (const secret of distinctive) expect(ndjson + csv).not.toContain(secret);
  });

  it('upgrades a file written before erasure existed, redacting the users erased in it', async () => {
    await log.close();
    rmSync(path);
    const old = new DatabaseSync(path);
    old.exec(schemaBeforeErasure);
    const row = old.prepare(
      `INSERT INTO audit_events (event_id, type, tenant, resource_type, resource_id, caller,
         correlation_id, occurred_at, recorded_at, position, data)
       VALUES (?, ?, 'acme', 'User', ?, 'token:okta', 'c', '2026-11-23T10:00:00Z', 'then', ?, ?)`,
    );
    row.run('e1', provisioned.type, userId, 1, JSON.stringify(ada));
    row.run('e5', erased.type, userId, 5, JSON.stringify({ tenant, userId }));
    row.run('b1', provisioned.type, 'u-bob', 6, JSON.stringify({ ...ada, userId: 'u-bob' }));
    old.close();

    log = openSqliteAuditLog(path, () => new Date(erasedAt));
    expect((await entries()).map(({ id, data }) => [id, data])).toEqual([
      ['e1', redacted],
      ['e5', { tenant, userId }],
      ['b1', { ...ada, userId: 'u-bob' }],
    ]);
    await log.append({ ...updated, id: 'e2' });
    expect((await entries()).at(-1)).toMatchObject({ id: 'e2', data: redacted, erasedAt });

    const db = new DatabaseSync(path);
    try {
      expect(() => db.exec("UPDATE audit_events SET caller = 'x' WHERE event_id = 'b1'")).toThrow(
        /append-only/,
      );
      expect(() => db.exec('DELETE FROM audit_events')).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

/** The audit log's table and triggers as the versions before erasure created them. */
const schemaBeforeErasure = `
CREATE TABLE audit_events (
  sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  tenant         TEXT    NOT NULL,
  resource_type  TEXT    NOT NULL CHECK (resource_type IN ('User', 'Group')),
  resource_id    TEXT    NOT NULL,
  caller         TEXT    NOT NULL,
  correlation_id TEXT    NOT NULL,
  request_id     TEXT,
  occurred_at    TEXT    NOT NULL,
  occurred_ms    INTEGER,
  recorded_at    TEXT    NOT NULL,
  position       INTEGER NOT NULL,
  part           INTEGER,
  parts          INTEGER,
  data           TEXT    NOT NULL CHECK (json_valid(data))
);
CREATE INDEX audit_by_resource ON audit_events (resource_id, tenant, sequence);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: rows are never updated');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: rows are never deleted');
END;
`;
