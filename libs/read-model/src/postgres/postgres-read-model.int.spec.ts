import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { describeReadModelContract } from '../contract/read-model.contract.js';
import { RecordedEventLog } from '../contract/recorded-events.fixture.js';
import type { ReadModelAdapter } from '../read-model.port.js';
import { openPostgresReadModel, type PostgresReadModelOptions } from './postgres-read-model.js';
import { dropSchema, postgresUrl, uniqueSchema } from './testing/postgres-server.js';

let url: string;
const schemas: string[] = [];

beforeAll(async () => {
  url = await postgresUrl();
}, 600_000);

afterEach(async () => {
  for (const schema of schemas.splice(0)) await dropSchema(url, schema);
});

/** A read model in a schema of its own, dropped after the test. */
function open(options: Partial<PostgresReadModelOptions> = {}) {
  const schema = options.schema ?? uniqueSchema();
  if (!schemas.includes(schema)) schemas.push(schema);
  return openPostgresReadModel({ connectionString: url, schema, memberPageSize: 500, ...options });
}

describeReadModelContract('PostgreSQL', () => open());

describe('PostgreSQL read model shared by several processes', () => {
  const opened: ReadModelAdapter[] = [];
  afterEach(async () => {
    for (const model of opened.splice(0)) await model.close();
  });
  const openShared = async (schema: string, positionPollMs?: number) => {
    const model = await open({
      schema,
      ...(positionPollMs === undefined ? {} : { positionPollMs }),
    });
    opened.push(model);
    return model;
  };

  it('wakes a waiting gateway when a projector in another process commits', async () => {
    const schema = uniqueSchema();
    // Polling at one minute: only the notification can wake the waiter within the test.
    const gateway = await openShared(schema, 60_000);
    const projector = await openShared(schema);
    const log = new RecordedEventLog();
    const event = log.provision('acme', 'u1', 'alice');

    const waiting = gateway.waitForPosition(event.position, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await projector.applyEvents([event]);

    expect(await waiting).toBe(true);
    expect((await gateway.getUser('acme', 'u1'))?.userName).toBe('alice');
  });

  it('opens one schema from several processes at once', async () => {
    const schema = uniqueSchema();
    const models = await Promise.all([openShared(schema), openShared(schema), openShared(schema)]);
    expect(await Promise.all(models.map((model) => model.checkpoint()))).toEqual([0, 0, 0]);
  });

  it('never applies an event twice when two projectors race on the same batch', async () => {
    const schema = uniqueSchema();
    const [first, second] = [await openShared(schema), await openShared(schema)];
    const log = new RecordedEventLog();
    const batch = [
      log.createGroup('acme', 'g1', 'Admins'),
      log.addMembers('acme', 'g1', [{ value: 'u1', type: 'User' }]),
    ];
    await first.applyEvents(batch.slice(0, 1));
    // A replay the guards alone would not catch: the removal and re-add leave the count at 1
    // only if each event is applied exactly once.
    const more = [
      log.removeMembers('acme', 'g1', ['u1']),
      log.addMembers('acme', 'g1', [
        { value: 'u1', type: 'User' },
        { value: 'u2', type: 'User' },
      ]),
    ];
    await Promise.all([
      first.applyEvents([...batch.slice(1), ...more]),
      second.applyEvents([...batch.slice(1), ...more]),
    ]);
    expect((await first.getGroup('acme', 'g1'))?.memberCount).toBe(2);
    expect(await second.checkpoint()).toBe(4);
  });
});
