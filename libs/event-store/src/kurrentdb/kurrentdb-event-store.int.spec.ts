import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { openKurrentDbEventStore } from './kurrentdb-event-store.js';
import {
  startKurrentDbWireDouble,
  type KurrentDbWireDouble,
} from './testing/kurrentdb-wire-double.js';

let double: KurrentDbWireDouble;

beforeAll(async () => {
  double = await startKurrentDbWireDouble();
});

afterAll(async () => {
  await double.stop();
});

describeEventStoreContract('KurrentDB wire double, through @kurrent/kurrentdb-client', () =>
  openKurrentDbEventStore({ connectionString: double.connectionString }),
);

// Registered only when a real server is given: KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false
const realServer = process.env.KURRENTDB_URL;
if (realServer !== undefined && realServer !== '') {
  describeEventStoreContract(`KurrentDB at KURRENTDB_URL`, () =>
    openKurrentDbEventStore({ connectionString: realServer }),
  );
}

describe('KurrentDB adapter start-up', () => {
  it('refuses an unreachable server with a message naming KURRENTDB_URL', async () => {
    const closed = await startKurrentDbWireDouble();
    const connectionString = closed.connectionString.replace('//', '//admin:secret@');
    await closed.stop();
    const error = await openKurrentDbEventStore({ connectionString }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('KURRENTDB_URL');
    expect(error?.message).toContain(`127.0.0.1:${closed.port}`);
    expect(error?.message).not.toContain('secret');
  });
});
