/**
 * The writer thread: owns the event store's write connection and commits the batches the main
 * thread posts, so neither the transaction nor its fsync holds up the main thread's event loop.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { GroupCommit } from './sqlite-group-commit.js';
import { configureConnection } from './sqlite-schema.js';
import type { FromWriter, ToWriter, WriterOptions } from './sqlite-writer.protocol.js';

if (parentPort === null) throw new Error('sqlite-writer.worker runs as a worker thread only');
const port = parentPort;
const options = workerData as WriterOptions;

const db = new DatabaseSync(options.path, { timeout: options.busyTimeoutMs });
configureConnection(db, options.synchronous);
const groupCommit = new GroupCommit(db);

port.on('message', (message: ToWriter) => {
  switch (message.kind) {
    case 'commit':
      post(groupCommit.commit(message.writes));
      return;
    case 'close':
      db.close();
      // With the port closed nothing is left to do, and the thread exits.
      port.close();
      return;
    default: {
      const unknown: never = message;
      throw new TypeError(`Unknown message ${JSON.stringify(unknown)}`);
    }
  }
});
post({ kind: 'ready' });

function post(message: FromWriter): void {
  port.postMessage(message);
}
