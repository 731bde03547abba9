import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSqliteEventStore } from './sqlite-event-store.js';
import type { Write } from './sqlite-writer.protocol.js';
import { spawnWriterWorker, WriterThread } from './sqlite-writer.thread.js';

describe('WriterThread', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-writer-thread-'));
    path = join(dir, 'events.db');
    // Opening the store once creates the schema the writer thread expects.
    await (await openSqliteEventStore({ path })).close();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects the writes in flight and every later one when the thread dies, without hanging', async () => {
    const worker = spawnWriterWorker({ path, synchronous: 'full', busyTimeoutMs: 1000 });
    const writer = await WriterThread.start(worker);
    await expect(writer.submit(append('before'))).resolves.toMatchObject({ position: 1 });

    const exited = worker.terminate();
    const pending = writer.submit(append('during'));
    await exited;
    await expect(pending).rejects.toThrow(/writer thread stopped/);
    await expect(writer.submit(append('after'))).rejects.toThrow(/writer thread stopped/);
    await writer.close();
  });
});

function append(streamId: string): Write {
  const id = randomUUID();
  const metadata = { tenant: 'acme', caller: 'system', correlationId: id, schemaVersion: 1 };
  return {
    kind: 'append',
    requests: [
      {
        streamId,
        expected: 'any',
        events: [{ id, type: 'Ticked', data: '{}', metadata: JSON.stringify(metadata) }],
      },
    ],
  };
}
