import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request (or one message) carries. */
export interface LogContext {
  /** One per HTTP request; recorded in the metadata of every event the request appends. */
  readonly correlationId: string;
  readonly tenant?: string;
  /** The IdP's own request id, when it sent one. */
  readonly requestId?: string;
  /** The credential behind the request (`token:<id>`, `app:<clientId>`, `admin:...`). */
  readonly caller?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` merged into every log line written inside it, awaited work included. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request or message being handled; undefined outside any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
