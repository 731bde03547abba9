import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  dropSchema,
  postgresUrl,
  uniqueSchema,
} from '../../../libs/read-model/src/postgres/testing/postgres-server.js';
import { describeKeyStoreContract } from './key-store.contract.js';
import { PostgresKeyStore } from './postgres-key-store.js';

let url: string;
const schema = uniqueSchema('keys');
let admin: pg.Client;

beforeAll(async () => {
  url = await postgresUrl();
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
}, 600_000);

afterAll(async () => {
  await admin.end();
  await dropSchema(url, schema);
});

/** A store on its own pool, in the test's schema, as a service opens it on DATABASE_URL. */
function openStore(): Promise<PostgresKeyStore> {
  const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
  return PostgresKeyStore.open(pool, { ownsPool: true });
}

describeKeyStoreContract('PostgreSQL', openStore);

describe('PostgreSQL key store', () => {
  it('refuses to give an erased subject its key back, even to SQL written by hand', async () => {
    const store = await openStore();
    await store.keysForWriting(['acme/by-hand']);
    await store.erase('acme/by-hand');
    await store.close();
    await expect(
      admin.query(
        `UPDATE "${schema}".personal_data_keys SET key = '\\x00', erased_at = NULL WHERE subject = 'acme/by-hand'`,
      ),
    ).rejects.toThrow('an erased subject stays erased');
    const { rows } = await admin.query<{ key: Buffer | null }>(
      `SELECT key FROM "${schema}".personal_data_keys WHERE subject = 'acme/by-hand'`,
    );
    expect(rows).toEqual([{ key: null }]);
  });

  it('shares keys between services: a key one process made is the one another reads', async () => {
    const [writer, reader] = await Promise.all([openStore(), openStore()]);
    const made = await writer.keysForWriting(['acme/shared']);
    expect((await reader.lookup(['acme/shared'])).get('acme/shared')).toEqual({
      state: 'present',
      key: made.get('acme/shared'),
    });
    await writer.erase('acme/shared');
    expect((await reader.lookup(['acme/shared'])).get('acme/shared')?.state).toBe('erased');
    await Promise.all([writer.close(), reader.close()]);
  });
});
