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
export {
  KurrentDbEventStore,
  openKurrentDbEventStore,
  type KurrentDbEventStoreOptions,
} from './kurrentdb/kurrentdb-event-store.js';
export {
  LeaderElection,
  type LeaderElectionOptions,
  type LeaderRole,
} from './lease/leader-election.js';
export { leaseStreamPrefix, StoreLease, type StoreLeaseOptions } from './lease/store-lease.js';
export {
  openConfiguredEventStore,
  type EventStoreLocation,
} from './open-configured-event-store.js';
