/**
 * Child process of `sqlite-durability.int.spec.ts`: appends through the real adapter as fast as
 * it can from several concurrent writers and prints `<position> <event id>` for every append
 * acknowledged, until it is killed.
 */
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from './sqlite-event-store.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: durability-writer <database path>');

const store = await openSqliteEventStore({ path });

async function write(writer: number): Promise<never> {
  for (let n = 0; ; n++) {
    const id = randomUUID();
    const { position } = await store.append([
      {
        streamId: `writer-${writer}`,
        expected: 'any',
        events: [
          {
            id,
            type: 'Ticked',
            data: { n },
            metadata: {
              tenant: 'acme',
              caller: 'system',
              correlationId: id,
              occurredAt: new Date().toISOString(),
              schemaVersion: 1,
            },
          },
        ],
      },
    ]);
    // Written only once append() resolved, i.e. after COMMIT: every printed line is a durable ack.
    process.stdout.write(`${position} ${id}\n`);
  }
}

await Promise.all(Array.from({ length: 8 }, (_, writer) => write(writer)));
