export type {
  AppendRequest,
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamInfo,
  SubscribeOptions,
  Subscription,
} from './event-store.port.js';
export { EventStoreClosedError, WrongExpectedRevisionError } from './event-store.errors.js';
export {
  openSqliteEventStore,
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteEventStoreStats,
} from './sqlite/sqlite-event-store.js';
export type { SqliteSynchronous } from './sqlite/sqlite-schema.js';
