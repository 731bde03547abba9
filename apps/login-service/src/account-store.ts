import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openDurableSqlite, withSecureDelete } from '#platform';

export type AccountStatus = 'active' | 'disabled' | 'deleted';

/** What the login service knows about one user: whether it may sign in. */
export interface Account {
  readonly tenant: string;
  readonly userId: string;
  /** Unknown (null) while only events without a userName arrived, e.g. a deactivation first. */
  readonly userName: string | null;
  readonly status: AccountStatus;
  /** When the last change applied was decided (the event's `ce_time`). */
  readonly updatedAt: string;
}

/** One event's effect on one account; fields left out keep their stored value. */
export interface AccountChange {
  readonly eventId: string;
  readonly tenant: string;
  readonly userId: string;
  readonly position: number;
  readonly occurredAt: string;
  readonly status?: AccountStatus;
  readonly userName?: string;
  /** The user's personal data were erased: the account goes, only a tombstone stays. */
  readonly erased?: true;
}

/**
 * `duplicate`: the event was applied before; `stale`: a newer one was, or the user was erased,
 * so it changed nothing.
 */
export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

export interface AccountStore {
  /** Applies and records the change in one transaction; committed when the promise resolves. */
  apply(change: AccountChange): Promise<ApplyOutcome>;
  /** Applies several in one transaction, all or nothing, each as `apply` would. */
  applyAll(changes: readonly AccountChange[]): Promise<ApplyOutcome[]>;
  find(tenant: string, userId: string): Promise<Account | undefined>;
  close(): Promise<void>;
}

interface AccountRow {
  readonly user_name: string | null;
  readonly status: AccountStatus;
  readonly position: number;
  readonly updated_at: string;
}

const DDL = `
CREATE TABLE IF NOT EXISTS accounts (
  tenant        TEXT    NOT NULL,
  user_id       TEXT    NOT NULL,
  user_name     TEXT,
  status        TEXT    NOT NULL CHECK (status IN ('active', 'disabled', 'deleted')),
  position      INTEGER NOT NULL,
  updated_at    TEXT    NOT NULL,
  last_event_id TEXT    NOT NULL,
  PRIMARY KEY (tenant, user_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS erased_accounts (
  tenant    TEXT    NOT NULL,
  user_id   TEXT    NOT NULL,
  position  INTEGER NOT NULL,
  erased_at TEXT    NOT NULL,
  PRIMARY KEY (tenant, user_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS processed_events (
  event_id     TEXT PRIMARY KEY,
  processed_at TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Opens (and creates when new) the account store at `path`, e.g. `DATA_DIR/accounts.sqlite`. */
export function openSqliteAccountStore(
  path: string,
  now: () => Date = () => new Date(),
): SqliteAccountStore {
  return new SqliteAccountStore(path, now);
}

/**
 * Account status in SQLite. An event's write and the record that it was processed commit
 * together, so a redelivery after a crash (Kafka offsets are committed after the handler) finds
 * the event processed and changes nothing.
 * An erased user's account row is deleted and a tombstone (`erased_accounts`, no personal data)
 * kept in its place, so a replay of the user's earlier messages cannot bring the row back.
 */
export class SqliteAccountStore implements AccountStore {
  private readonly db: DatabaseSync;
  private readonly statements: Record<
    | 'find'
    | 'isProcessed'
    | 'markProcessed'
    | 'upsert'
    | 'isErased'
    | 'deleteAccount'
    | 'tombstone',
    StatementSync
  >;

  constructor(
    path: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = openDurableSqlite(path);
    // Overwritten rows are zeroed in the pages written anyway; an erasure zeroes everything it
    // frees (withSecureDelete), so an erased userName leaves no trace in the file.
    this.db.exec('PRAGMA secure_delete = FAST');
    this.db.exec(DDL);
    this.statements = {
      find: this.db.prepare(
        'SELECT user_name, status, position, updated_at FROM accounts WHERE tenant = ? AND user_id = ?',
      ),
      isProcessed: this.db.prepare('SELECT 1 AS found FROM processed_events WHERE event_id = ?'),
      markProcessed: this.db.prepare(
        'INSERT INTO processed_events (event_id, processed_at) VALUES (?, ?)',
      ),
      upsert: this.db.prepare(
        `INSERT INTO accounts (tenant, user_id, user_name, status, position, updated_at, last_event_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant, user_id) DO UPDATE SET user_name = excluded.user_name,
           status = excluded.status, position = excluded.position,
           updated_at = excluded.updated_at, last_event_id = excluded.last_event_id`,
      ),
      isErased: this.db.prepare(
        'SELECT 1 AS found FROM erased_accounts WHERE tenant = ? AND user_id = ?',
      ),
      deleteAccount: this.db.prepare('DELETE FROM accounts WHERE tenant = ? AND user_id = ?'),
      tombstone: this.db.prepare(
        'INSERT INTO erased_accounts (tenant, user_id, position, erased_at) VALUES (?, ?, ?, ?)',
      ),
    };
  }

  async apply(change: AccountChange): Promise<ApplyOutcome> {
    const [outcome] = await this.applyAll([change]);
    return outcome!;
  }

  /** One transaction for the lot: one fsync however many events a batch holds. */
  async applyAll(changes: readonly AccountChange[]): Promise<ApplyOutcome[]> {
    if (changes.length === 0) return [];
    const apply = () =>
      inTransaction(this.db, () => changes.map((change) => this.applyOne(change)));
    const outcomes = changes.some((change) => change.erased)
      ? withSecureDelete(this.db, apply)
      : apply();
    const erased = changes.some((change, n) => change.erased && outcomes[n] === 'applied');
    // The deleted row's older versions may still sit in the write-ahead log: copy the log into
    // the database file (where secure_delete zeroed them) and empty it.
    if (erased) this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return outcomes;
  }

  async find(tenant: string, userId: string): Promise<Account | undefined> {
    const row = this.row(tenant, userId);
    if (row === undefined) return undefined;
    return {
      tenant,
      userId,
      userName: row.user_name,
      status: row.status,
      updatedAt: row.updated_at,
    };
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private applyOne(change: AccountChange): ApplyOutcome {
    if (this.statements.isProcessed.get(change.eventId) !== undefined) return 'duplicate';
    const outcome = this.isErased(change) ? 'stale' : this.applyNew(change);
    this.statements.markProcessed.run(change.eventId, this.now().toISOString());
    return outcome;
  }

  /**
   * Nothing follows an erasure in the directory (an erased user takes no more commands), so any
   * message for an erased user is an older one replayed: it must not recreate the account.
   */
  private isErased({ tenant, userId }: AccountChange): boolean {
    return this.statements.isErased.get(tenant, userId) !== undefined;
  }

  private applyNew(change: AccountChange): ApplyOutcome {
    // An erasure applies whatever its position: keeping personal data is never the safe side.
    if (change.erased) {
      this.erase(change);
      return 'applied';
    }
    const current = this.row(change.tenant, change.userId);
    if (current !== undefined && change.position < current.position) return 'stale';
    this.write(change, current);
    return 'applied';
  }

  private erase({ tenant, userId, position, occurredAt }: AccountChange): void {
    this.statements.deleteAccount.run(tenant, userId);
    this.statements.tombstone.run(tenant, userId, position, occurredAt);
  }

  private row(tenant: string, userId: string): AccountRow | undefined {
    return this.statements.find.get(tenant, userId) as AccountRow | undefined;
  }

  /**
   * An account seen for the first time is created from whatever the event says. Without a
   * status in it (an update whose provisioning this service never received, e.g. consumed from
   * a topic whose retention dropped it) the user counts as active: the directory publishes
   * updates only for users that exist, and a change of status always comes as its own event.
   */
  private write(change: AccountChange, current: AccountRow | undefined): void {
    this.statements.upsert.run(
      change.tenant,
      change.userId,
      change.userName ?? current?.user_name ?? null,
      change.status ?? current?.status ?? 'active',
      change.position,
      change.occurredAt,
      change.eventId,
    );
  }
}
