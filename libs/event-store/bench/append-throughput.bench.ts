/**
 * Appends per second of the SQLite store for 1-event appends from 50 concurrent writers, with
 * `synchronous` FULL and NORMAL. Run: `npm run build && node dist/libs/event-store/bench/append-throughput.bench.js`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type SqliteSynchronous } from '../src/index.js';

const CONCURRENCY = 50;
const DURATION_MS = Number(process.env['BENCH_DURATION_MS'] ?? 5000);

async function measure(synchronous: SqliteSynchronous): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-bench-'));
  const store = await openSqliteEventStore({ path: join(dir, 'events.db'), synchronous });
  const deadline = Date.now() + DURATION_MS;
  const started = performance.now();
  let appends = 0;
  const writer = async (w: number): Promise<void> => {
    for (let revision = -1; Date.now() < deadline; revision++) {
      const id = randomUUID();
      await store.append([
        {
          streamId: `user-${w}`,
          expected: revision < 0 ? 'no_stream' : revision,
          events: [
            {
              id,
              type: 'UserProvisioned',
              data: { userName: `user${w}@example.com`, active: true },
              metadata: {
                tenant: 'bench',
                caller: 'system',
                correlationId: id,
                occurredAt: new Date().toISOString(),
                schemaVersion: 1,
              },
            },
          ],
        },
      ]);
      appends += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => writer(w)));
  const seconds = (performance.now() - started) / 1000;
  const { transactions } = store.stats();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `synchronous=${synchronous}: ${Math.round(appends / seconds)} appends/s, ` +
      `${Math.round(transactions / seconds)} commits/s, ${(appends / transactions).toFixed(1)} appends per commit`,
  );
}

await measure('full');
await measure('normal');
