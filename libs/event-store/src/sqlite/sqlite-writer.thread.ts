import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { EventStoreClosedError } from '../event-store.errors.js';
import type { AppendResult } from '../event-store.port.js';
import {
  type BatchReply,
  type FromWriter,
  fromWireError,
  type ToWriter,
  type Write,
  type WriteOutcome,
  type WriterOptions,
} from './sqlite-writer.protocol.js';

interface PendingWrite {
  readonly write: Write;
  readonly resolve: (result: AppendResult | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Starts the writer thread. Built, this module and the worker beside it are `.js`. Run from the
 * `.ts` sources (jest), Node runs the worker's sources itself: the hooks resolve their `./x.js`
 * imports to `.ts`, and transform-types handles what type stripping cannot erase (parameter
 * properties).
 */
export function spawnWriterWorker(options: WriterOptions): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-writer.worker.js', here), { workerData: options });
  }
  return new Worker(new URL('./sqlite-writer.worker.ts', here), {
    workerData: options,
    execArgv: [
      '--experimental-transform-types',
      '--no-warnings=ExperimentalWarning',
      '--import',
      new URL('./typescript-sources.hooks.ts', here).href,
    ],
  });
}

/**
 * The main thread's side of the writer thread: queues writes and sends them as batches.
 *
 * Natural group commit: at most one batch is in flight; the writes queued meanwhile go as the
 * next batch as soon as its reply arrives, so batches grow with the load. Promises settle only
 * after the writer's COMMIT returned.
 */
export class WriterThread {
  private queue: PendingWrite[] = [];
  private inFlight: PendingWrite[] | undefined;
  private batchScheduled = false;
  /** `close()` was called: new writes are refused. */
  private closing = false;
  /** The thread was asked to exit, so its exit is no failure. */
  private stopping = false;
  private exited = false;
  /** The uncaught error the thread died of, if any. */
  private crash: Error | undefined;
  /** Set when the thread died unasked: every write since rejects with it. */
  private failure: Error | undefined;
  private readonly opened = Promise.withResolvers<void>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly commitListeners = new Set<() => void>();
  private transactions = 0;
  private writes = 0;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWriter) => this.onMessage(message));
    worker.on('error', (error: Error) => (this.crash = error));
    worker.on('exit', (code) => this.onExit(code));
  }

  /** Resolves once the thread has opened its connection. */
  static async start(worker: Worker): Promise<WriterThread> {
    const thread = new WriterThread(worker);
    await thread.opened.promise;
    // An idle writer must not keep the process alive; a batch in flight does (see sendBatch).
    worker.unref();
    return thread;
  }

  stats(): { transactions: number; writes: number } {
    return { transactions: this.transactions, writes: this.writes };
  }

  /** Resolves with an append's result (nothing for a delete) once its batch is committed. */
  submit(write: Write): Promise<AppendResult | undefined> {
    if (this.closing) return Promise.reject(new EventStoreClosedError());
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const { promise, resolve, reject } = Promise.withResolvers<AppendResult | undefined>();
    this.queue.push({ write, resolve, reject });
    this.scheduleBatch();
    return promise;
  }

  /** Registers a listener called after each commit that wrote events; returns its removal. */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Commits what is queued or in flight, then closes the write connection and ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    this.sendBatch();
    await this.idle();
    if (this.exited) return;
    this.stopping = true;
    this.worker.ref();
    const exited = once(this.worker, 'exit');
    this.post({ kind: 'close' });
    await exited;
  }

  private scheduleBatch(): void {
    if (this.batchScheduled || this.inFlight !== undefined) return;
    this.batchScheduled = true;
    // One turn of the event loop lets the writes of concurrent requests share the first batch.
    setImmediate(() => {
      this.batchScheduled = false;
      this.sendBatch();
    });
  }

  private sendBatch(): void {
    if (this.inFlight !== undefined || this.queue.length === 0) return;
    this.inFlight = this.queue;
    this.queue = [];
    this.worker.ref();
    this.post({ kind: 'commit', writes: this.inFlight.map((pending) => pending.write) });
  }

  private onMessage(message: FromWriter): void {
    switch (message.kind) {
      case 'ready':
        this.opened.resolve();
        return;
      case 'committed':
      case 'failed':
        this.onReply(message);
        return;
      default: {
        const unknown: never = message;
        throw new TypeError(`Unknown message ${JSON.stringify(unknown)}`);
      }
    }
  }

  private onReply(reply: BatchReply): void {
    const batch = this.inFlight ?? [];
    this.inFlight = undefined;
    // What queued while this batch was in flight goes now, and commits while this one settles.
    this.sendBatch();
    if (this.inFlight === undefined) this.worker.unref();
    if (reply.kind === 'failed') {
      const error = fromWireError(reply.error);
      for (const pending of batch) pending.reject(error);
    } else {
      this.transactions += 1;
      this.writes += batch.length;
      for (const [index, pending] of batch.entries()) settle(pending, reply.outcomes[index]);
      if (reply.wroteEvents) for (const listener of this.commitListeners) listener();
    }
    this.notifyIfIdle();
  }

  private onExit(code: number): void {
    this.exited = true;
    if (this.stopping) return;
    const cause = this.crash === undefined ? '' : `: ${this.crash.message}`;
    this.failure = new Error(
      `The SQLite event store's writer thread stopped (exit code ${code}${cause}). ` +
        'Writes in flight may or may not be committed; no further write is accepted until the ' +
        'store is reopened.',
      { cause: this.crash },
    );
    this.opened.reject(this.failure);
    for (const pending of [...(this.inFlight ?? []), ...this.queue]) pending.reject(this.failure);
    this.inFlight = undefined;
    this.queue = [];
    this.notifyIfIdle();
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.notifyIfIdle();
    });
  }

  private notifyIfIdle(): void {
    if (this.inFlight !== undefined || this.queue.length > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private post(message: ToWriter): void {
    this.worker.postMessage(message);
  }
}

function settle(pending: PendingWrite, outcome: WriteOutcome | undefined): void {
  if (outcome === undefined) pending.reject(new Error('The writer thread sent no outcome'));
  else if (outcome.ok) pending.resolve(outcome.result);
  else pending.reject(fromWireError(outcome.error));
}
