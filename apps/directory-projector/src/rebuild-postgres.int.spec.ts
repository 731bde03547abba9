import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { currentSchemaVersion, type DirectoryEvent, streams } from '#directory';
import { type EventStore, type NewEvent, openSqliteEventStore } from '#event-store';
import {
  openPostgresReadModel,
  PostgresSchemaSwap,
  RebuildInProgressError,
  type ReadModelAdapter,
} from '#read-model';
import {
  dropSchema,
  postgresUrl,
  uniqueSchema,
} from '../../../libs/read-model/src/postgres/testing/postgres-server.js';
import { DirectoryProjector } from './directory-projector.js';
import { rebuildPostgresReadModel } from './rebuild-read-model.js';

const event = (e: DirectoryEvent): NewEvent => ({
  id: randomUUID(),
  type: e.type,
  data: e.data,
  metadata: {
    tenant: 'acme',
    caller: 'system',
    correlationId: randomUUID(),
    occurredAt: '2026-11-23T10:00:00.000Z',
    schemaVersion: currentSchemaVersion(e.type),
  },
});

const tables: Record<string, string> = {
  users: 'tenant, id',
  groups: 'tenant, id',
  group_members: 'tenant, group_id, member_id',
  user_emails: 'tenant, value_lc, user_id',
  resource_counts: 'tenant, resource',
  tenants: 'id',
  bearer_tokens: 'token_hash',
  checkpoints: 'name',
};

let url: string;

beforeAll(async () => {
  url = await postgresUrl();
}, 600_000);

describe('projection:rebuild on PostgreSQL', () => {
  let dir: string;
  let eventStore: EventStore;
  let admin: pg.Client;
  let live: string;
  const opened: ReadModelAdapter[] = [];
  const projectors: DirectoryProjector[] = [];
  const schemas: string[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebuild-postgres-'));
    eventStore = await openSqliteEventStore({ path: join(dir, 'events.sqlite') });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    live = uniqueSchema('rebuild');
    schemas.push(live, `${live}_rebuild`, `${live}_retired`);
  });

  afterEach(async () => {
    for (const projector of projectors.splice(0)) await projector.stop();
    for (const model of opened.splice(0)) await model.close();
    await eventStore.close();
    for (const schema of schemas.splice(0)) await dropSchema(url, schema);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(schema: string): Promise<ReadModelAdapter> {
    const model = await openPostgresReadModel({ connectionString: url, schema });
    opened.push(model);
    return model;
  }

  async function project(schema: string): Promise<ReadModelAdapter> {
    const model = await open(schema);
    const projector = new DirectoryProjector(eventStore, model, { batchSize: 5 });
    projectors.push(projector);
    await projector.start();
    await projector.caughtUp;
    return model;
  }

  async function provision(userId: string): Promise<number> {
    const { position } = await eventStore.append([
      {
        streamId: streams.user('acme', userId),
        expected: 'no_stream',
        events: [
          event({
            type: 'UserProvisioned',
            data: {
              userId,
              userName: `${userId}@example.com`,
              active: true,
              attributes: { emails: [{ value: `${userId}@example.com`, type: 'work' }] },
            },
          }),
        ],
      },
    ]);
    return position;
  }

  async function seed(users: number): Promise<void> {
    await eventStore.append([
      {
        streamId: streams.tenant('acme'),
        expected: 'no_stream',
        events: [
          event({ type: 'TenantRegistered', data: { tenantId: 'acme', name: 'Acme' } }),
          event({
            type: 'BearerTokenIssued',
            data: { tenantId: 'acme', tokenId: 't1', tokenHash: 'hash-1', label: 'okta' },
          }),
        ],
      },
    ]);
    for (let i = 0; i < users; i++) await provision(`u${i}`);
    await eventStore.append([
      {
        streamId: streams.group('acme', 'g1'),
        expected: 'no_stream',
        events: [
          event({
            type: 'GroupCreated',
            data: { groupId: 'g1', displayName: 'All', attributes: {} },
          }),
          event({
            type: 'GroupMembersAdded',
            data: {
              groupId: 'g1',
              members: Array.from({ length: users }, (_, i) => ({ value: `u${i}`, type: 'User' })),
            },
          }),
        ],
      },
    ]);
  }

  /** Every row of the read-model tables in `schema`, in key order. */
  async function dump(schema: string): Promise<Record<string, unknown[]>> {
    const result: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(tables)) {
      const { rows } = await admin.query(`SELECT * FROM "${schema}".${table} ORDER BY ${key}`);
      result[table] = rows;
    }
    return result;
  }

  async function schemaNames(): Promise<string[]> {
    const { rows } = await admin.query<{ name: string }>(
      `SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE $1 ORDER BY 1`,
      [`${live}%`],
    );
    return rows.map((row) => row.name);
  }

  it('swaps a rebuilt model in while the projector and the gateway keep running', async () => {
    await seed(200);
    const projected = await project(live);
    const gateway = await open(live);
    // Stands for a projection bug the rebuild repairs: a user missing from the live model.
    await admin.query(`DELETE FROM "${live}".users WHERE id = 'u7'`);
    expect(await gateway.getUser('acme', 'u7')).toBeUndefined();

    let writing = true;
    const writes = (async () => {
      let written = 0;
      while (writing || written < 20) await provision(`during-${written++}`);
      return written;
    })();
    // Right before the swap the live projector is ahead of the rebuilt model by at least one
    // write, which the swap must bring over.
    let headReads = 0;
    const racing = new Proxy(eventStore, {
      get(target, property) {
        if (property === 'headPosition')
          return async () => {
            const head = await target.headPosition();
            if (++headReads === 2)
              expect(await projected.waitForPosition(await provision('raced'), 10_000)).toBe(true);
            return head;
          };
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const result = await rebuildPostgresReadModel({
      eventStore: racing,
      connectionString: url,
      schema: live,
      batchSize: 7,
    });
    writing = false;
    const written = await writes;

    expect(await schemaNames()).toEqual([live]);
    expect((await gateway.getUser('acme', 'u7'))?.userName).toBe('u7@example.com');
    expect((await gateway.getUser('acme', 'raced'))?.active).toBe(true);
    expect(result.events).toBeGreaterThanOrEqual(203);
    // The projector, still running, writes its later batches into the rebuilt model.
    const after = await provision('after-swap');
    expect(await gateway.waitForPosition(after, 10_000)).toBe(true);
    expect((await gateway.getUser('acme', 'after-swap'))?.active).toBe(true);
    const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${live}".users`);
    expect(Number(rows[0]?.n)).toBe(200 + written + 2);

    // Identical to a model projected from scratch by a projector of its own.
    const reference = uniqueSchema('reference');
    schemas.push(reference);
    const fresh = await project(reference);
    await fresh.waitForPosition(after, 10_000);
    expect(await dump(live)).toEqual(await dump(reference));
    expect(await projected.position()).toBe(after);
  });

  it('creates the model when none exists yet', async () => {
    await seed(3);
    const result = await rebuildPostgresReadModel({
      eventStore,
      connectionString: url,
      schema: live,
    });
    expect(result.position).toBe(await eventStore.headPosition());
    const model = await open(live);
    expect((await model.getGroup('acme', 'g1'))?.memberCount).toBe(3);
    expect(await model.findBearerToken('hash-1')).toMatchObject({ tenantId: 'acme' });
  });

  it('leaves the live model untouched when interrupted, and the next run completes', async () => {
    await seed(30);
    await project(live);
    for (const projector of projectors.splice(0)) await projector.stop();
    const before = await dump(live);

    await expect(
      rebuildPostgresReadModel({
        eventStore,
        connectionString: url,
        schema: live,
        batchSize: 5,
        onProgress: ({ events }) => {
          if (events >= 10) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await dump(live)).toEqual(before);
    expect(await schemaNames()).toEqual([live, `${live}_rebuild`]);

    await rebuildPostgresReadModel({ eventStore, connectionString: url, schema: live });
    expect(await dump(live)).toEqual(before);
    expect(await schemaNames()).toEqual([live]);
  });

  it('refuses to run beside another rebuild of the same schema', async () => {
    await seed(1);
    const running = await PostgresSchemaSwap.begin({ connectionString: url, live });
    try {
      await expect(
        rebuildPostgresReadModel({ eventStore, connectionString: url, schema: live }),
      ).rejects.toThrow(RebuildInProgressError);
    } finally {
      await running.close();
    }
  });
});
