import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams } from '#directory';
import { openSqliteEventStore, type RecordedEvent } from '#event-store';
import { describeEventStoreContract } from '../../../libs/event-store/src/contract/event-store.contract.js';
import { PersonalDataKeyMissingError, SubjectErasedError } from './key-store.js';
import { directoryPersonalData, userSubject } from './personal-data-policy.js';
import { ProtectedEventStore } from './protected-event-store.js';
import { openSqliteKeyStore } from './sqlite-key-store.js';
import { acmeEvent } from './testing/acme-event.js';

let dir: string;
let opened = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'protected-event-store-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function openProtected(name = `store-${(opened += 1)}`): Promise<ProtectedEventStore> {
  const stored = await openSqliteEventStore({ path: join(dir, `${name}.events.sqlite`) });
  const keys = openSqliteKeyStore(join(dir, `${name}.keys.sqlite`));
  return new ProtectedEventStore(stored, keys, directoryPersonalData);
}

describeEventStoreContract('SQLite behind the personal data protection', () => openProtected());

const tenant = 'acme';

async function all(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  for await (const event of events) found.push(event);
  return found;
}

describe('ProtectedEventStore', () => {
  let store: ProtectedEventStore;
  let name: string;
  const ada = randomUUID();
  const grace = randomUUID();
  const provisioned = (userId: string, userName: string) =>
    acmeEvent('UserProvisioned', {
      userId,
      userName,
      active: true,
      attributes: { emails: [{ value: userName, primary: true }], name: { givenName: 'Ada' } },
      passwordHash: 'scrypt$salt$hash',
      role: 'engineer',
    });

  beforeEach(async () => {
    name = `case-${(opened += 1)}`;
    store = await openProtected(name);
    await store.append([
      {
        streamId: streams.user(tenant, ada),
        expected: 'no_stream',
        events: [provisioned(ada, 'ada@acme.example')],
      },
      {
        streamId: streams.user(tenant, grace),
        expected: 'no_stream',
        events: [provisioned(grace, 'grace@acme.example')],
      },
    ]);
    await store.append([
      {
        streamId: streams.user(tenant, ada),
        expected: 0,
        events: [
          acmeEvent('UserAttributesChanged', {
            userId: ada,
            set: { title: 'Countess' },
            unset: ['nickName'],
          }),
          acmeEvent('UserDeactivated', { userId: ada }),
          acmeEvent('UserDeleted', { userId: ada, userName: 'ada@acme.example' }),
        ],
      },
    ]);
  });

  afterEach(async () => {
    await store.close();
  });

  it('reads back exactly what was appended', async () => {
    const [first, ...rest] = await all(store.readStream(streams.user(tenant, ada)));
    expect(first?.data).toEqual({
      userId: ada,
      userName: 'ada@acme.example',
      active: true,
      attributes: {
        emails: [{ value: 'ada@acme.example', primary: true }],
        name: { givenName: 'Ada' },
      },
      passwordHash: 'scrypt$salt$hash',
      role: 'engineer',
    });
    expect(rest.map((event) => event.data)).toEqual([
      { userId: ada, set: { title: 'Countess' }, unset: ['nickName'] },
      { userId: ada },
      { userId: ada, userName: 'ada@acme.example' },
    ]);
    expect(first?.personalDataErased).toBeUndefined();
  });

  it('stores personal fields only as ciphertext, and what happened in clear', async () => {
    const [stored] = await all(store.stored.readStream(streams.user(tenant, ada)));
    expect(stored?.data).toEqual({
      userId: ada,
      active: true,
      role: 'engineer',
      sealed: {
        alg: 'A256GCM',
        subject: userSubject(tenant, ada),
        fields: ['userName', 'attributes', 'passwordHash'],
        iv: expect.any(String),
        ciphertext: expect.any(String),
      },
    });
    const file = readFileSync(join(dir, `${name}.events.sqlite`));
    const wal = readFileSync(join(dir, `${name}.events.sqlite-wal`));
    for (const bytes of [file, wal]) {
      expect(bytes.includes('ada@acme.example')).toBe(false);
      expect(bytes.includes('Countess')).toBe(false);
      expect(bytes.includes('scrypt$salt$hash')).toBe(false);
    }
  });

  it('makes an erased user unreadable while its events stay byte for byte as stored', async () => {
    const before = await all(store.stored.readAll());
    await store.keys.erase(userSubject(tenant, ada));

    expect(await all(store.stored.readAll())).toEqual(before);
    const events = await all(store.readStream(streams.user(tenant, ada)));
    expect(events.map((event) => [event.type, event.data, event.personalDataErased])).toEqual([
      [
        'UserProvisioned',
        {
          userId: ada,
          userName: `erased-${ada}`,
          active: true,
          attributes: {},
          passwordHash: 'erased',
          role: 'engineer',
        },
        true,
      ],
      ['UserAttributesChanged', { userId: ada, set: {}, unset: ['nickName'] }, true],
      ['UserDeactivated', { userId: ada }, undefined],
      ['UserDeleted', { userId: ada, userName: `erased-${ada}` }, true],
    ]);
    const text = JSON.stringify(await all(store.readAll()));
    expect(text).not.toContain('ada@acme.example');
    expect(text).not.toContain('Countess');
    expect(text).toContain('grace@acme.example');
  });

  it('refuses new personal data of an erased user', async () => {
    await store.keys.erase(userSubject(tenant, ada));
    await expect(
      store.append([
        {
          streamId: streams.user(tenant, ada),
          expected: 'any',
          events: [
            acmeEvent('UserNameChanged', { userId: ada, from: 'x', to: 'ada@acme.example' }),
          ],
        },
      ]),
    ).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await all(store.readStream(streams.user(tenant, ada)))).toHaveLength(4);
  });

  it('delivers opened and erased events to subscribers alike', async () => {
    await store.keys.erase(userSubject(tenant, ada));
    const delivered: RecordedEvent[] = [];
    const head = await store.headPosition();
    await new Promise<void>((resolve, reject) => {
      const subscription = store.subscribeToAll({
        onEvents: (events) => {
          delivered.push(...events);
          if (events.at(-1)?.position === head) void subscription.stop().then(resolve);
        },
        onError: reject,
      });
    });
    expect(delivered.map((event) => event.data['userName'])).toEqual([
      `erased-${ada}`,
      'grace@acme.example',
      undefined,
      undefined,
      `erased-${ada}`,
    ]);
  });

  it('fails loudly when a key is neither there nor recorded as erased', async () => {
    const elsewhere = new ProtectedEventStore(
      store.stored,
      openSqliteKeyStore(join(dir, `${name}.other-keys.sqlite`)),
      directoryPersonalData,
    );
    await expect(all(elsewhere.readStream(streams.user(tenant, grace)))).rejects.toBeInstanceOf(
      PersonalDataKeyMissingError,
    );
    await elsewhere.keys.close();
  });

  it('does not open ciphertext moved to another event', async () => {
    const [adaStored] = await all(store.stored.readStream(streams.user(tenant, ada)));
    const forged = { ...provisioned(grace, 'x'), data: adaStored!.data };
    await store.stored.append([
      { streamId: streams.user(tenant, grace), expected: 0, events: [forged] },
    ]);
    await expect(all(store.readStream(streams.user(tenant, grace)))).rejects.toThrow(
      'do not open under the key of',
    );
  });

  it('passes events written before sealing existed through as they are', async () => {
    const plain = provisioned(randomUUID(), 'legacy@acme.example');
    await store.stored.append([
      { streamId: 'user-acme:legacy', expected: 'no_stream', events: [plain] },
    ]);
    expect((await store.readLastEvent('user-acme:legacy'))?.data).toEqual(plain.data);
  });
});
