import type { KeyObject } from 'node:crypto';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  SubscribeOptions,
  Subscription,
} from '#event-store';
import {
  PersonalDataKeyMissingError,
  type PersonalDataKeyStore,
  type SubjectKey,
} from './key-store.js';
import type { PersonalDataPolicy } from './personal-data-policy.js';
import {
  KeyObjects,
  openFields,
  SEALED_FIELD,
  sealedFieldsIn,
  sealFields,
  type SealedFields,
} from './sealing.js';

/** Events opened together: one key lookup for all of them. */
const OPEN_BATCH = 256;

/**
 * An event store that seals personal data on the way in and opens them on the way out (ADR 0010,
 * crypto-shredding). Every service reads and writes through it; what lies in the store underneath
 * (`stored`) holds personal data only as ciphertext under each subject's own key. Destroying that
 * key erases the subject: its events stay where they are, byte for byte, so the hash chain over
 * them still verifies, but their personal fields read as stand-ins, flagged `personalDataErased`.
 *
 * Events written before sealing existed have no sealed fields and pass through as they are.
 */
export class ProtectedEventStore implements EventStore {
  /** The key store; an erasure through it also drops this store's key objects. */
  readonly keys: PersonalDataKeyStore;
  private readonly keyObjects = new KeyObjects();

  constructor(
    /** The store as it is on disk: the hash chain is kept over these bytes. */
    readonly stored: EventStore,
    keys: PersonalDataKeyStore,
    private readonly policy: PersonalDataPolicy,
  ) {
    const keyObjects = this.keyObjects;
    this.keys = {
      location: keys.location,
      keysForWriting: (subjects) => keys.keysForWriting(subjects),
      lookup: (subjects) => keys.lookup(subjects),
      async erase(subject) {
        try {
          return await keys.erase(subject);
        } finally {
          keyObjects.clear();
        }
      },
      close: () => keys.close(),
    };
  }

  async append(requests: readonly AppendRequest[]): Promise<AppendResult> {
    const personal = new Map<NewEvent, { subject: string; fields: readonly string[] }>();
    for (const event of requests.flatMap((request) => request.events)) {
      const found = this.policy.personalDataOf(event);
      if (found !== undefined) personal.set(event, found);
    }
    if (personal.size === 0) return this.stored.append(requests);
    const subjects = [...new Set([...personal.values()].map(({ subject }) => subject))];
    const keys = await this.keys.keysForWriting(subjects);
    const seal = (event: NewEvent): NewEvent => {
      const found = personal.get(event);
      if (found === undefined) return event;
      const key = this.keyObjects.of(keys.get(found.subject)!);
      return sealEvent(event, found.subject, found.fields, key);
    };
    return this.stored.append(
      requests.map((request) => ({ ...request, events: request.events.map(seal) })),
    );
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.openEach(this.stored.readStream(streamId, options));
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.openEach(this.stored.readAll(options));
  }

  async readLastEvent(streamId: string): Promise<RecordedEvent | undefined> {
    const last = await this.stored.readLastEvent(streamId);
    return last === undefined ? undefined : (await this.open([last]))[0];
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.stored.subscribeToAll({
      ...options,
      onEvents: async (events) => options.onEvents(await this.open(events)),
    });
  }

  streamInfo(streamId: string): Promise<StreamInfo> {
    return this.stored.streamInfo(streamId);
  }

  deleteStream(streamId: string, expected?: ExpectedRevision): Promise<void> {
    return this.stored.deleteStream(streamId, expected);
  }

  headPosition(): Promise<number> {
    return this.stored.headPosition();
  }

  async close(): Promise<void> {
    await this.stored.close();
    await this.keys.close();
  }

  /** The events as recorded, personal data opened, or stand-ins where the subject was erased. */
  async open(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = new Set<string>();
    for (const event of events) {
      const sealed = sealedFieldsIn(event.data);
      if (sealed !== undefined) subjects.add(sealed.subject);
    }
    if (subjects.size === 0) return [...events];
    const keys = await this.keys.lookup([...subjects]);
    return events.map((event) => {
      const sealed = sealedFieldsIn(event.data);
      if (sealed === undefined) return event;
      const key = keys.get(sealed.subject);
      if (key === undefined)
        throw new PersonalDataKeyMissingError(sealed.subject, this.keys.location);
      return this.openEvent(event, sealed, key);
    });
  }

  private async *openEach(source: AsyncIterable<RecordedEvent>): AsyncGenerator<RecordedEvent> {
    let batch: RecordedEvent[] = [];
    for await (const event of source) {
      batch.push(event);
      if (batch.length === OPEN_BATCH) {
        yield* await this.open(batch);
        batch = [];
      }
    }
    yield* await this.open(batch);
  }

  private openEvent(event: RecordedEvent, sealed: SealedFields, key: SubjectKey): RecordedEvent {
    const { [SEALED_FIELD]: _, ...clear } = event.data;
    if (key.state === 'erased') {
      const standIns = sealed.fields.map((field): [string, unknown] => [
        field,
        this.policy.erasedValue(field, event),
      ]);
      return {
        ...event,
        data: { ...clear, ...Object.fromEntries(standIns) },
        personalDataErased: true,
      };
    }
    let values: { readonly [field: string]: unknown };
    try {
      values = openFields(sealed, this.keyObjects.of(key.key), contextOf(event, sealed.subject));
    } catch (error) {
      throw new Error(
        `The sealed personal data of event ${event.id} (${event.streamId}@${event.revision}) do not open under the key of ${sealed.subject}: they were altered, or copied from another event. Run the audit chain verification to find the change.`,
        { cause: error },
      );
    }
    return { ...event, data: { ...clear, ...values } };
  }
}

function sealEvent(
  event: NewEvent,
  subject: string,
  fields: readonly string[],
  key: KeyObject,
): NewEvent {
  const clear: Record<string, unknown> = { ...event.data };
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    values[field] = clear[field];
    delete clear[field];
  }
  const sealed = sealFields(values, key, contextOf(event, subject));
  return { ...event, data: { ...clear, [SEALED_FIELD]: sealed } };
}

function contextOf(event: NewEvent, subject: string) {
  return { eventId: event.id, eventType: event.type, subject };
}
