// Personal data protection (ADR 0010): users' personal data are sealed in the event store under a
// key per user, and erased by destroying the key.

export {
  type Erasure,
  PersonalDataKeyMissingError,
  type PersonalDataKeyStore,
  SubjectErasedError,
  type SubjectKey,
} from './key-store.js';
export {
  directoryPersonalData,
  type PersonalDataPolicy,
  userSubject,
} from './personal-data-policy.js';
export { ProtectedEventStore } from './protected-event-store.js';
export { type ErasureRecord, erasuresIn, reapplyErasures } from './erasures.js';
export { SEALED_FIELD, type SealedFields } from './sealing.js';
export { openSqliteKeyStore, SqliteKeyStore } from './sqlite-key-store.js';
export { PostgresKeyStore } from './postgres-key-store.js';
export {
  type KeyStoreLocation,
  openConfiguredKeyStore,
  openProtectedEventStore,
} from './open-protected-event-store.js';
