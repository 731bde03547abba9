import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  type EventStore,
  type NewEvent,
  openSqliteEventStore,
  type RecordedEvent,
} from '#event-store';
import { ChainKeeper } from './chain-keeper.js';
import { type ChainStore, ChainConflictError, openSqliteChainStore } from './chain-store.js';
import { type ChainLink, GENESIS_HASH, linkHash } from './event-digest.js';
import {
  generateSigningKeyPair,
  type ManifestFields,
  signingKeyId,
  signManifest,
  type SignedManifest,
  verifyManifest,
} from './manifest.js';
import { verifyChain } from './verify-chain.js';

const newEvent = (tenant: string, type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    tenant,
    caller: 'token:okta',
    correlationId: randomUUID(),
    occurredAt: '2025-03-01T12:00:00.000Z',
    schemaVersion: 1,
  },
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('audit chain', () => {
  let dir: string;
  let eventsPath: string;
  let chainPath: string;
  let store: EventStore;
  let chain: ChainStore;
  let keeper: ChainKeeper | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-chain-'));
    eventsPath = join(dir, 'events.sqlite');
    chainPath = join(dir, 'audit-chain.sqlite');
    store = await openSqliteEventStore({ path: eventsPath });
    chain = openSqliteChainStore(chainPath);
  });

  afterEach(async () => {
    await keeper?.stop();
    keeper = undefined;
    await chain.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (streamId: string, ...events: NewEvent[]) =>
    store.append([{ streamId, expected: 'any', events }]);

  /** Users, a reservation, a group snapshot and a lease, interleaved across tenants. */
  const seed = async () => {
    await write('user-acme:u1', newEvent('acme', 'UserProvisioned', { userName: 'ada@acme' }));
    await write('user-globex:g1', newEvent('globex', 'UserProvisioned', { userName: 'bo@globex' }));
    await write('unique-acme:userName:9f2c', newEvent('acme', 'ValueReserved', { owner: 'u1' }));
    await write(
      'user-acme:u1',
      newEvent('acme', 'UserDeactivated', {}),
      newEvent('acme', 'UserReactivated', {}),
    );
    await write('lease-projector', newEvent('system', 'LeaseRenewed', { holder: 'p1' }));
    await write('user-globex:g1', newEvent('globex', 'UserDeactivated', {}));
    await write('groupsnapshot-acme:grp1', newEvent('acme', 'GroupSnapshotTaken', { members: 2 }));
  };

  const keep = async (batchSize?: number) => {
    keeper = new ChainKeeper(store, chain, { batchSize });
    await keeper.start();
    await keeper.caughtUp;
    return keeper;
  };

  const eventsOf = async (tenant: string): Promise<RecordedEvent[]> =>
    (await collect(store.readAll())).filter((event) => event.metadata.tenant === tenant);

  /** Edits the event store file behind the store's back, as an intruder with file access would. */
  const tamper = (sql: string, ...params: string[]) => {
    const db = new DatabaseSync(eventsPath, { timeout: 5000 });
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };

  it('links each tenant separately, streams of every kind included, and resumes after a restart without linking twice', async () => {
    await seed();
    await keep(2);

    const acmeEvents = await eventsOf('acme');
    const acmeLinks = await collect(chain.links('acme'));
    expect(acmeLinks.map((link) => [link.seq, link.position, link.eventId])).toEqual(
      acmeEvents.map((event, seq) => [seq, event.position, event.id]),
    );
    expect(acmeLinks.map((link) => link.streamId)).toEqual([
      'user-acme:u1',
      'unique-acme:userName:9f2c',
      'user-acme:u1',
      'user-acme:u1',
      'groupsnapshot-acme:grp1',
    ]);
    expectChained(acmeLinks);
    expect((await collect(chain.links('globex'))).map((link) => link.seq)).toEqual([0, 1]);
    expect((await collect(chain.links('system'))).map((link) => link.streamId)).toEqual([
      'lease-projector',
    ]);
    expect(await chain.tenants()).toEqual(['acme', 'globex', 'system']);
    expect(await chain.checkpoint()).toBe(await store.headPosition());

    // A restart: the keeper and the chain file are opened anew, with more history meanwhile.
    await keeper!.stop();
    await chain.close();
    await write('user-acme:u2', newEvent('acme', 'UserProvisioned', { userName: 'cy@acme' }));
    await write('user-globex:g1', newEvent('globex', 'UserReactivated', {}));
    chain = openSqliteChainStore(chainPath);
    const resumed = await keep(2);
    expect(resumed.status().linked).toBe(2);

    const acmeAfter = await collect(chain.links('acme'));
    expect(acmeAfter.map((link) => link.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(acmeAfter.slice(0, 5)).toEqual(acmeLinks);
    expectChained(acmeAfter);
    expect((await collect(chain.links('globex'))).map((link) => link.seq)).toEqual([0, 1, 2]);

    // And it keeps following live appends.
    const { position } = await write('user-acme:u2', newEvent('acme', 'UserDeactivated', {}));
    await until(() => resumed.status().checkpoint === position, 'the live event to be linked');
    expect((await chain.head('acme'))?.seq).toBe(6);
  });

  it('refuses to rewrite a link, through the port and in the file itself', async () => {
    await seed();
    await keep();
    const [first] = await collect(chain.links('acme'));
    const checkpoint = await chain.checkpoint();

    await expect(chain.append([first!], checkpoint + 1)).rejects.toThrow(ChainConflictError);
    await expect(
      chain.append([{ ...first!, position: checkpoint + 1 }], checkpoint + 1),
    ).rejects.toThrow(
      "Link 0 of tenant 'acme' already exists: audit chain links are never rewritten",
    );

    const db = new DatabaseSync(chainPath);
    try {
      expect(() => db.exec("UPDATE chain_links SET hash = 'x' WHERE seq = 0")).toThrow(
        'audit chain links are append-only: a link is never updated',
      );
      expect(() => db.exec('DELETE FROM chain_links')).toThrow('a link is never deleted');
    } finally {
      db.close();
    }
  });

  it('verifies every event of an intact store, across pages of the store and of the chain', async () => {
    await seed();
    const bulk = Array.from({ length: 1_200 }, (_, i) =>
      newEvent('bulk', 'UserProvisioned', { i }),
    );
    await write('user-bulk:many', ...bulk);
    await keep();

    const progress: number[] = [];
    const report = await verifyChain(store, chain, 'bulk', {
      onProgress: ({ verified }) => progress.push(verified),
    });
    expect(report).toEqual({
      tenant: 'bulk',
      verified: 1_200,
      head: headOf(await chain.head('bulk')),
    });
    expect(progress).toEqual([1_000]);

    expect(await verifyChain(store, chain, 'acme')).toEqual({
      tenant: 'acme',
      verified: 5,
      head: headOf(await chain.head('acme')),
    });
    expect((await verifyChain(store, chain, 'system')).verified).toBe(1);
    expect(await verifyChain(store, chain, 'initech')).toEqual({ tenant: 'initech', verified: 0 });
  });

  it('ignores events the keeper has not linked yet', async () => {
    await seed();
    await keep();
    await keeper!.stop();
    await write('user-acme:u9', newEvent('acme', 'UserProvisioned', { userName: 'late@acme' }));

    expect((await verifyChain(store, chain, 'acme')).firstBreak).toBeUndefined();
  });

  it("reports an event whose data was edited in the store file as altered at that event's link, and the other tenant still verifies", async () => {
    await seed();
    await keep();
    const target = (await eventsOf('acme'))[2]!;
    tamper(
      `UPDATE events SET data = json_set(data, '$.note', 'edited') WHERE event_id = ?`,
      target.id,
    );

    const report = await verifyChain(store, chain, 'acme');
    expect(report.verified).toBe(2);
    expect(report.firstBreak).toMatchObject({
      seq: 2,
      position: target.position,
      eventId: target.id,
      streamId: 'user-acme:u1',
      reason: 'altered',
    });
    expect(report.firstBreak?.detail).toContain('its type, data or metadata changed');
    expect(await verifyChain(store, chain, 'globex')).toMatchObject({ verified: 2 });
    expect((await verifyChain(store, chain, 'globex')).firstBreak).toBeUndefined();
  });

  it('reports a deleted event as missing', async () => {
    await seed();
    await keep();
    const target = (await eventsOf('acme'))[1]!;
    tamper('DELETE FROM events WHERE event_id = ?', target.id);

    const report = await verifyChain(store, chain, 'acme');
    expect(report).toMatchObject({ verified: 1, head: { seq: 0 } });
    expect(report.firstBreak).toMatchObject({
      seq: 1,
      position: target.position,
      eventId: target.id,
      streamId: 'unique-acme:userName:9f2c',
      reason: 'missing',
    });
  });

  it('reports an event moved to another tenant as unexpected there and altered where it was linked', async () => {
    await seed();
    await keep();
    const moved = (await eventsOf('globex'))[1]!;
    tamper(
      `UPDATE events SET metadata = json_set(metadata, '$.tenant', 'acme') WHERE event_id = ?`,
      moved.id,
    );

    const globex = await verifyChain(store, chain, 'globex');
    expect(globex.firstBreak).toMatchObject({ seq: 1, eventId: moved.id, reason: 'altered' });
    expect(globex.firstBreak?.detail).toContain("now names tenant 'acme'");

    const acme = await verifyChain(store, chain, 'acme');
    const acmeLinks = await collect(chain.links('acme'));
    const seqBefore = acmeLinks.filter((link) => link.position < moved.position).length;
    expect(acme.firstBreak).toMatchObject({
      seq: seqBefore,
      position: moved.position,
      eventId: moved.id,
      reason: 'unexpected',
    });
  });

  it('signs an export manifest quoting the verified chain head, which fails to verify once anything is changed', async () => {
    await seed();
    await keep();
    const { head } = await verifyChain(store, chain, 'acme');
    const keys = generateSigningKeyPair();
    const fields: ManifestFields = {
      tenant: 'acme',
      exportedAt: '2025-03-02T08:00:00.000Z',
      from: '2025-03-01T00:00:00.000Z',
      events: 5,
      format: 'ndjson',
      sha256: 'a'.repeat(64),
      chainHead: head!,
    };
    const manifest = signManifest(fields, keys.privateKeyPem);
    expect(manifest).toMatchObject({ ...fields, algorithm: 'Ed25519' });
    expect(manifest.keyId).toBe(signingKeyId(keys.publicKeyPem));
    expect(manifest.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(verifyManifest(manifest, keys.publicKeyPem)).toBe(true);
    // A round trip through a file does not break it.
    expect(verifyManifest(JSON.parse(JSON.stringify(manifest)), keys.publicKeyPem)).toBe(true);

    expect(verifyManifest(manifest, generateSigningKeyPair().publicKeyPem)).toBe(false);
    const changes: Partial<Record<keyof SignedManifest, unknown>>[] = [
      { tenant: 'globex' },
      { exportedAt: '2025-03-02T08:00:01.000Z' },
      { from: '2025-02-01T00:00:00.000Z' },
      { to: '2025-03-02T00:00:00.000Z' },
      { events: 4 },
      { format: 'csv' },
      { sha256: 'b'.repeat(64) },
      { chainHead: { ...head!, hash: GENESIS_HASH } },
      { chainHead: { ...head!, seq: head!.seq - 1 } },
      { algorithm: 'RSA' },
      { keyId: '0123456789abcdef' },
      { signature: flipFirstChar(manifest.signature) },
      { signature: `${manifest.signature}\n` },
    ];
    for (const change of changes) {
      expect([
        change,
        verifyManifest({ ...manifest, ...change } as SignedManifest, keys.publicKeyPem),
      ]).toEqual([change, false]);
    }
  });
});

function expectChained(links: readonly ChainLink[]): void {
  links.reduce((previousHash, link) => {
    expect(link.hash).toBe(linkHash(previousHash, link.digest));
    return link.hash;
  }, GENESIS_HASH);
}

function headOf(link: ChainLink | undefined) {
  return link === undefined
    ? undefined
    : { seq: link.seq, hash: link.hash, position: link.position };
}

function flipFirstChar(base64: string): string {
  return (base64.startsWith('A') ? 'B' : 'A') + base64.slice(1);
}
