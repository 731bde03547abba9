/**
 * Where each data subject's key lives (ADR 0010). A key is made the first time personal data of
 * its subject are stored, and destroyed when the subject is erased; the erasure itself is kept, so
 * that an erased subject is told apart from a key that went missing, and never gets a new key.
 */
export interface PersonalDataKeyStore {
  /** Where the keys are, for messages to operators (a file path, or the PostgreSQL table). */
  readonly location: string;
  /** The keys to seal new data with, made for subjects that have none. Refuses erased subjects. */
  keysForWriting(subjects: readonly string[]): Promise<ReadonlyMap<string, Buffer>>;
  /** What is known of each subject; subjects the store never saw are absent from the answer. */
  lookup(subjects: readonly string[]): Promise<ReadonlyMap<string, SubjectKey>>;
  /** Destroys the subject's key, for good, and records when. Erasing again changes nothing. */
  erase(subject: string): Promise<Erasure>;
  close(): Promise<void>;
}

export type SubjectKey =
  | { readonly state: 'present'; readonly key: Buffer }
  | { readonly state: 'erased'; readonly erasedAt: string };

export interface Erasure {
  readonly erasedAt: string;
  /** False when the subject had been erased before: nothing was destroyed this time. */
  readonly destroyedNow: boolean;
}

/** New personal data for a subject that was erased: it is never sealed under a new key. */
export class SubjectErasedError extends Error {
  override readonly name = 'SubjectErasedError';
  constructor(readonly subject: string) {
    super(`The personal data of ${subject} were erased; nothing more is stored for it.`);
  }
}

/** Sealed data whose key is neither in the store nor recorded as erased. */
export class PersonalDataKeyMissingError extends Error {
  override readonly name = 'PersonalDataKeyMissingError';
  constructor(
    readonly subject: string,
    location: string,
  ) {
    super(
      `The key of the personal data of ${subject} is not in ${location}, and no erasure of it is recorded there. ` +
        'Every service that reads the event store must use the same key store: set the same DATABASE_URL on all of them (with KURRENTDB_URL), or share DATA_DIR.',
    );
  }
}

/** 256-bit keys for AES-256-GCM. */
export const KEY_BYTES = 32;

/** The row of one subject, as a key or an erasure. */
export function subjectKeyOf(key: Uint8Array | null, erasedAt: string | Date | null): SubjectKey {
  if (key === null) {
    const when = erasedAt instanceof Date ? erasedAt.toISOString() : (erasedAt ?? '');
    return { state: 'erased', erasedAt: when };
  }
  return { state: 'present', key: Buffer.from(key) };
}

/** The key of each subject; throws for the first subject that was erased. */
export function presentKeys(
  subjects: readonly string[],
  known: ReadonlyMap<string, SubjectKey>,
): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const subject of subjects) {
    const found = known.get(subject);
    if (found?.state !== 'present') throw new SubjectErasedError(subject);
    keys.set(subject, found.key);
  }
  return keys;
}
