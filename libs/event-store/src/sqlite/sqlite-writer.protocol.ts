/**
 * What the event store on the main thread and its writer thread (`sqlite-writer.worker.ts`)
 * post to each other.
 */
import { WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendResult, ExpectedRevision } from '../event-store.port.js';
import type { SqliteSynchronous } from './sqlite-schema.js';

/** The writer thread's `workerData`. */
export interface WriterOptions {
  readonly path: string;
  readonly synchronous: SqliteSynchronous;
  readonly busyTimeoutMs: number;
}

/** Events are serialised on the main thread, so a value JSON cannot hold fails its own append. */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export interface EncodedRequest {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly EncodedEvent[];
}

export type Write =
  | { readonly kind: 'append'; readonly requests: readonly EncodedRequest[] }
  | { readonly kind: 'delete'; readonly streamId: string; readonly expected: ExpectedRevision };

/** Main thread → writer thread. At most one `commit` is unanswered at a time. */
export type ToWriter =
  { readonly kind: 'commit'; readonly writes: readonly Write[] } | { readonly kind: 'close' };

/** How one write of a committed batch ended: an append's result, or why it was rolled back. */
export type WriteOutcome =
  | { readonly ok: true; readonly result: AppendResult | undefined }
  | { readonly ok: false; readonly error: WireError };

/** The answer to a `commit`, posted only after COMMIT (or ROLLBACK) returned. */
export type BatchReply =
  | {
      readonly kind: 'committed';
      /** One per write, in the order of the batch. */
      readonly outcomes: readonly WriteOutcome[];
      readonly wroteEvents: boolean;
    }
  /** The transaction itself failed (lock timeout, I/O error): nothing of the batch was written. */
  | { readonly kind: 'failed'; readonly error: WireError };

/** Writer thread → main thread. `ready` once its connection is open. */
export type FromWriter = { readonly kind: 'ready' } | BatchReply;

type Field = string | number | boolean | null;

/** An error as posted: structured cloning keeps neither an error's class nor its own fields. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, Field>>;
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, Field> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'name' && isField(value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

/** Rebuilds the store's own errors as their classes; others (SQLite's) keep name and fields. */
export function fromWireError({ name, message, fields }: WireError): Error {
  if (name === 'WrongExpectedRevisionError') {
    return new WrongExpectedRevisionError(
      String(fields['streamId']),
      fields['expected'] as ExpectedRevision,
      fields['actual'] as number | 'deleted',
    );
  }
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}

function isField(value: unknown): value is Field {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
