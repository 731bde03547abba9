import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

let dir: string;
let opened = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeEventStoreContract('SQLite (file, synchronous=full)', () =>
  openSqliteEventStore({ path: join(dir, `contract-${(opened += 1)}.db`) }),
);
describeEventStoreContract('SQLite (file, synchronous=normal)', () =>
  openSqliteEventStore({ path: join(dir, `contract-${(opened += 1)}.db`), synchronous: 'normal' }),
);
