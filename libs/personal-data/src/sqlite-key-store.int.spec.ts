import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKeyStoreContract } from './key-store.contract.js';
import { openSqliteKeyStore } from './sqlite-key-store.js';

let dir: string;
let opened = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-key-store-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeKeyStoreContract('SQLite', () =>
  Promise.resolve(openSqliteKeyStore(join(dir, `keys-${(opened += 1)}.sqlite`))),
);

/** Every byte the store has on disk: the database file and its write-ahead log. */
function bytesOnDisk(path: string): Buffer {
  const files = [path, `${path}-wal`].filter((file) => existsSync(file));
  return Buffer.concat(files.map((file) => readFileSync(file)));
}

describe('SQLite key store on disk', () => {
  it('leaves no copy of an erased key in the file or its log', async () => {
    const path = join(dir, 'on-disk.sqlite');
    const store = openSqliteKeyStore(path);
    const subjects = Array.from({ length: 50 }, (_, i) => `acme/user-${i}`);
    const keys = await store.keysForWriting(subjects);
    const erased = keys.get('acme/user-7')!;
    const kept = keys.get('acme/user-8')!;
    expect(bytesOnDisk(path).includes(erased)).toBe(true);

    await store.erase('acme/user-7');
    await store.close();

    const bytes = bytesOnDisk(path);
    expect(bytes.includes(erased)).toBe(false);
    expect(bytes.includes(kept)).toBe(true);
    const reopened = openSqliteKeyStore(path);
    expect((await reopened.lookup(['acme/user-7'])).get('acme/user-7')?.state).toBe('erased');
    await reopened.close();
  });
});
