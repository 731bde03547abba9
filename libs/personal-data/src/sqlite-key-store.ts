import { randomBytes } from 'node:crypto';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openDurableSqlite } from '#platform';
import {
  type Erasure,
  KEY_BYTES,
  type PersonalDataKeyStore,
  presentKeys,
  type SubjectKey,
  subjectKeyOf,
} from './key-store.js';

/**
 * A subject's row holds its key until the subject is erased, then only the time of erasure. The
 * trigger keeps an erased row erased. `secure_delete` makes SQLite overwrite the key's old bytes
 * with zeros instead of leaving them in free space.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS subject_keys (
  subject    TEXT PRIMARY KEY,
  key        BLOB,
  created_at TEXT NOT NULL,
  erased_at  TEXT,
  CHECK ((key IS NULL) = (erased_at IS NOT NULL))
) STRICT, WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS subject_keys_stay_erased BEFORE UPDATE ON subject_keys
WHEN OLD.erased_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an erased subject stays erased: its key is never given back'); END;
`;

interface KeyRow {
  readonly subject: string;
  readonly key: Uint8Array | null;
  readonly erased_at: string | null;
}

/**
 * The keys in a SQLite file of their own (`DATA_DIR/personal-data-keys.sqlite`), WAL with
 * synchronous=FULL: a key is on disk before the first event sealed with it is appended, so a
 * crash never leaves an event without its key.
 */
export class SqliteKeyStore implements PersonalDataKeyStore {
  private pending: { readonly subjects: Set<string>; readonly written: Promise<void> } | undefined;
  private readonly statements: {
    readonly lookup: StatementSync;
    readonly lookupOne: StatementSync;
    readonly create: StatementSync;
    readonly erase: StatementSync;
    readonly tombstone: StatementSync;
  };

  constructor(
    private readonly db: DatabaseSync,
    readonly location: string,
  ) {
    db.exec('PRAGMA secure_delete = ON');
    db.exec(DDL);
    this.statements = {
      lookup: db.prepare(
        'SELECT subject, key, erased_at FROM subject_keys WHERE subject IN (SELECT value FROM json_each(?))',
      ),
      lookupOne: db.prepare('SELECT subject, key, erased_at FROM subject_keys WHERE subject = ?'),
      create: db.prepare(
        'INSERT INTO subject_keys (subject, key, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      erase: db.prepare(
        'UPDATE subject_keys SET key = NULL, erased_at = ? WHERE subject = ? AND erased_at IS NULL',
      ),
      tombstone: db.prepare(
        'INSERT INTO subject_keys (subject, key, created_at, erased_at) VALUES (?, NULL, ?, ?) ON CONFLICT DO NOTHING',
      ),
    };
  }

  async keysForWriting(subjects: readonly string[]): Promise<ReadonlyMap<string, Buffer>> {
    let known = this.read(subjects);
    const missing = subjects.filter((subject) => !known.has(subject));
    if (missing.length > 0) {
      await this.create(missing);
      known = this.read(subjects);
    }
    return presentKeys(subjects, known);
  }

  /**
   * Makes keys for new subjects. The creates asked for while one event loop turn runs (the
   * POSTs of an IdP's concurrent requests) share one transaction and its fsync.
   */
  private create(subjects: readonly string[]): Promise<void> {
    if (this.pending === undefined) {
      const batch = new Set<string>();
      const written = new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          this.pending = undefined;
          try {
            const now = new Date().toISOString();
            inTransaction(this.db, () => {
              for (const subject of batch)
                this.statements.create.run(subject, randomBytes(KEY_BYTES), now);
            });
            resolve();
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      this.pending = { subjects: batch, written };
    }
    for (const subject of subjects) this.pending.subjects.add(subject);
    return this.pending.written;
  }

  lookup(subjects: readonly string[]): Promise<ReadonlyMap<string, SubjectKey>> {
    return Promise.resolve(this.read(subjects));
  }

  erase(subject: string): Promise<Erasure> {
    const erasedAt = new Date().toISOString();
    const destroyedNow = inTransaction(this.db, () => {
      const { changes } = this.statements.erase.run(erasedAt, subject);
      // A subject with no key yet is recorded as erased all the same: it never gets one.
      if (changes === 0) this.statements.tombstone.run(subject, erasedAt, erasedAt);
      return changes > 0;
    });
    // The old page with the key may still be in the write-ahead log: fold it into the file and
    // empty the log. Readers in other processes can hold it back; the log's next reuse then does.
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const [row] = this.read([subject]).values();
    return Promise.resolve({
      erasedAt: row?.state === 'erased' ? row.erasedAt : erasedAt,
      destroyedNow,
    });
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private read(subjects: readonly string[]): Map<string, SubjectKey> {
    // One subject is the common case (an append about one user): a plain key lookup.
    const rows = (subjects.length === 1
      ? this.statements.lookupOne.all(subjects[0]!)
      : this.statements.lookup.all(JSON.stringify(subjects))) as unknown as KeyRow[];
    return new Map(rows.map((row) => [row.subject, subjectKeyOf(row.key, row.erased_at)]));
  }
}

export function openSqliteKeyStore(path: string): SqliteKeyStore {
  return new SqliteKeyStore(openDurableSqlite(path), path);
}
