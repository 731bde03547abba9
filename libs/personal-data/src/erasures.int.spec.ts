import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams } from '#directory';
import { openSqliteEventStore } from '#event-store';
import { erasuresIn, reapplyErasures } from './erasures.js';
import { directoryPersonalData, userSubject } from './personal-data-policy.js';
import { ProtectedEventStore } from './protected-event-store.js';
import { openSqliteKeyStore } from './sqlite-key-store.js';
import { acmeEvent } from './testing/acme-event.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'erasures-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function open(keysFile: string): Promise<ProtectedEventStore> {
  const stored = await openSqliteEventStore({ path: join(dir, 'events.sqlite') });
  return new ProtectedEventStore(
    stored,
    openSqliteKeyStore(join(dir, keysFile)),
    directoryPersonalData,
  );
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}

describe('the register of erasures', () => {
  const userId = randomUUID();
  const stream = streams.user('acme', userId);

  it('lists each erasure, and destroys again a key that a restored key store brought back', async () => {
    const before = await open('keys.sqlite');
    await before.append([
      {
        streamId: stream,
        expected: 'no_stream',
        events: [
          acmeEvent('UserProvisioned', {
            userId,
            userName: 'ada@acme.example',
            active: true,
            attributes: {},
          }),
          acmeEvent('UserDeleted', { userId, userName: 'ada@acme.example' }),
        ],
      },
    ]);
    await before.close();
    // The nightly backup of the key store, taken before the erasure.
    copyFileSync(join(dir, 'keys.sqlite'), join(dir, 'keys-backup.sqlite'));

    const live = await open('keys.sqlite');
    await live.append([
      {
        streamId: stream,
        expected: 1,
        events: [acmeEvent('UserErased', { userId, requestReference: 'DSR-9' }, 'admin:bootstrap')],
      },
    ]);
    await live.keys.erase(userSubject('acme', userId));
    const register = await all(erasuresIn(live.stored));
    expect(register).toEqual([
      {
        tenant: 'acme',
        userId,
        position: expect.any(Number),
        time: expect.any(String),
        caller: 'admin:bootstrap',
        correlationId: expect.any(String),
        requestReference: 'DSR-9',
      },
    ]);
    await live.close();

    // The key store is restored from the backup: the erased user is readable again…
    const restored = await open('keys-backup.sqlite');
    const [provisioned] = await all(restored.readStream(stream));
    expect(provisioned?.data['userName']).toBe('ada@acme.example');
    // …until the erasures the history records are made good.
    expect(await reapplyErasures(restored.stored, restored.keys)).toEqual(register);
    const [after] = await all(restored.readStream(stream));
    expect(after?.personalDataErased).toBe(true);
    expect(await reapplyErasures(restored.stored, restored.keys)).toEqual([]);
    await restored.close();
  });
});
