import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../../../../..');
let started: Promise<string> | undefined;

/**
 * The connection string of a real PostgreSQL server: DATABASE_URL when set (CI may point at one),
 * otherwise the project's local server, started once by scripts/postgres-local.sh and left running
 * for the next test file (`bash scripts/postgres-local.sh stop` stops it).
 */
export function postgresUrl(): Promise<string> {
  const configured = process.env.DATABASE_URL?.trim();
  if (configured) return Promise.resolve(configured);
  started ??= promisify(execFile)('bash', [resolve(root, 'scripts/postgres-local.sh'), 'start'], {
    timeout: 600_000,
  }).then(({ stdout }) => {
    const url = stdout.trim().split('\n').at(-1);
    if (!url) throw new Error('scripts/postgres-local.sh start printed no URL');
    return url;
  });
  return started;
}

/** A fresh schema name, so tests share the server without seeing each other's rows. */
export function uniqueSchema(prefix = 'test'): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
