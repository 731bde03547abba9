import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { inTransaction, openDurableSqlite } from '#platform';
import type { ChainLink } from './event-digest.js';

/**
 * Where the audit chain is kept: every tenant's links, each tenant's newest link (its head), and
 * the event store position the keeper has linked everything up to.
 */
export interface ChainStore {
  /** Event store position up to which every event is linked; 0 before the first append. */
  checkpoint(): Promise<number>;
  /** The tenant's newest link, if it has any. */
  head(tenant: string): Promise<ChainLink | undefined>;
  /** Tenants that have at least one link, in name order. */
  tenants(): Promise<readonly string[]>;
  /**
   * Appends links (in position order) and moves the checkpoint, in one transaction. Refuses with
   * a `ChainConflictError` anything that would rewrite, reorder or skip a link.
   */
  append(links: readonly ChainLink[], checkpoint: number): Promise<void>;
  /** The tenant's links in seq order, read a page at a time. */
  links(tenant: string, options?: { readonly fromSeq?: number }): AsyncIterable<ChainLink>;
  close(): Promise<void>;
}

/** An append that would rewrite or break the chain: links are written once and never changed. */
export class ChainConflictError extends Error {
  override readonly name = 'ChainConflictError';
}

const PAGE_SIZE = 500;
const LINK_COLUMNS = 'tenant, seq, position, event_id, stream_id, revision, digest, hash';

/**
 * Links are append-only, down to the file: the triggers refuse an UPDATE or DELETE from any
 * client, not only from this class. (Someone with write access to the file can drop them; the
 * hashes are what make that visible.) `chain_heads` holds a copy of each tenant's last link, so
 * the keeper finds it in one lookup and verification notices links cut off the end.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS chain_links (
  tenant    TEXT    NOT NULL,
  seq       INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  event_id  TEXT    NOT NULL,
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  digest    TEXT    NOT NULL,
  hash      TEXT    NOT NULL,
  PRIMARY KEY (tenant, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chain_heads (
  tenant    TEXT    PRIMARY KEY,
  seq       INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  event_id  TEXT    NOT NULL,
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  digest    TEXT    NOT NULL,
  hash      TEXT    NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chain_checkpoint (
  id       INTEGER PRIMARY KEY CHECK (id = 0),
  position INTEGER NOT NULL,
  saved_at TEXT    NOT NULL
) STRICT;
CREATE TRIGGER IF NOT EXISTS chain_links_never_updated BEFORE UPDATE ON chain_links
BEGIN SELECT RAISE(ABORT, 'audit chain links are append-only: a link is never updated'); END;
CREATE TRIGGER IF NOT EXISTS chain_links_never_deleted BEFORE DELETE ON chain_links
BEGIN SELECT RAISE(ABORT, 'audit chain links are append-only: a link is never deleted'); END;
`;

/**
 * The chain in a SQLite file of its own (e.g. `DATA_DIR/audit-chain.sqlite`), WAL with
 * synchronous=FULL: the checkpoint moves in the same commit as the links, so a crash loses
 * neither more nor less than whole batches, and the keeper resumes without relinking.
 */
export class SqliteChainStore implements ChainStore {
  private readonly statements: {
    readonly checkpoint: StatementSync;
    readonly head: StatementSync;
    readonly tenants: StatementSync;
    readonly linkPage: StatementSync;
    readonly insertLink: StatementSync;
    readonly upsertHead: StatementSync;
    readonly saveCheckpoint: StatementSync;
  };

  constructor(private readonly db: DatabaseSync) {
    db.exec(DDL);
    this.statements = {
      checkpoint: db.prepare('SELECT position FROM chain_checkpoint WHERE id = 0'),
      head: db.prepare(`SELECT ${LINK_COLUMNS} FROM chain_heads WHERE tenant = ?`),
      tenants: db.prepare('SELECT tenant FROM chain_heads ORDER BY tenant'),
      linkPage: db.prepare(
        `SELECT ${LINK_COLUMNS} FROM chain_links WHERE tenant = ? AND seq >= ? ORDER BY seq LIMIT ?`,
      ),
      insertLink: db.prepare(
        `INSERT INTO chain_links (${LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertHead: db.prepare(
        `INSERT OR REPLACE INTO chain_heads (${LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      saveCheckpoint: db.prepare(
        'INSERT OR REPLACE INTO chain_checkpoint (id, position, saved_at) VALUES (0, ?, ?)',
      ),
    };
  }

  async checkpoint(): Promise<number> {
    return this.readCheckpoint();
  }

  async head(tenant: string): Promise<ChainLink | undefined> {
    return this.readHead(tenant);
  }

  async tenants(): Promise<readonly string[]> {
    return this.statements.tenants.all().map((row) => String(row['tenant']));
  }

  async append(links: readonly ChainLink[], checkpoint: number): Promise<void> {
    inTransaction(this.db, () => {
      // Checked inside the write transaction, so a second keeper on the same file is refused
      // instead of forking a chain.
      const previous = this.readCheckpoint();
      if (checkpoint < previous) {
        throw new ChainConflictError(
          `The audit chain checkpoint cannot move back from position ${previous} to ${checkpoint}`,
        );
      }
      const heads = new Map<string, ChainLink>();
      let lastPosition = previous;
      for (const link of links) {
        if (link.position <= lastPosition || link.position > checkpoint) {
          throw new ChainConflictError(
            `Cannot link the event at position ${link.position}: links must follow the chain ` +
              `checkpoint (${previous}) in position order up to the new one (${checkpoint}); ` +
              'an event is linked once and its link is never rewritten',
          );
        }
        assertFollows(heads.get(link.tenant) ?? this.readHead(link.tenant), link);
        this.statements.insertLink.run(...linkValues(link));
        heads.set(link.tenant, link);
        lastPosition = link.position;
      }
      for (const head of heads.values()) this.statements.upsertHead.run(...linkValues(head));
      this.statements.saveCheckpoint.run(checkpoint, new Date().toISOString());
    });
  }

  async *links(
    tenant: string,
    options: { readonly fromSeq?: number } = {},
  ): AsyncIterable<ChainLink> {
    let fromSeq = options.fromSeq ?? 0;
    for (;;) {
      const rows = this.statements.linkPage.all(tenant, fromSeq, PAGE_SIZE).map(toLink);
      yield* rows;
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_SIZE) return;
      fromSeq = last.seq + 1;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private readCheckpoint(): number {
    return Number(this.statements.checkpoint.get()?.['position'] ?? 0);
  }

  private readHead(tenant: string): ChainLink | undefined {
    const row = this.statements.head.get(tenant);
    return row === undefined ? undefined : toLink(row);
  }
}

/** Opens (creating when missing) the chain store in the SQLite file at `path`. */
export function openSqliteChainStore(path: string): SqliteChainStore {
  return new SqliteChainStore(openDurableSqlite(path));
}

function assertFollows(head: ChainLink | undefined, link: ChainLink): void {
  const expected = head === undefined ? 0 : head.seq + 1;
  if (link.seq < expected) {
    throw new ChainConflictError(
      `Link ${link.seq} of tenant '${link.tenant}' already exists: audit chain links are never rewritten`,
    );
  }
  if (link.seq > expected) {
    throw new ChainConflictError(
      `Link ${link.seq} of tenant '${link.tenant}' would leave a gap: the next link is ${expected}`,
    );
  }
}

function linkValues(
  link: ChainLink,
): [string, number, number, string, string, number, string, string] {
  return [
    link.tenant,
    link.seq,
    link.position,
    link.eventId,
    link.streamId,
    link.revision,
    link.digest,
    link.hash,
  ];
}

function toLink(row: Record<string, unknown>): ChainLink {
  return {
    tenant: String(row['tenant']),
    seq: Number(row['seq']),
    position: Number(row['position']),
    eventId: String(row['event_id']),
    streamId: String(row['stream_id']),
    revision: Number(row['revision']),
    digest: String(row['digest']),
    hash: String(row['hash']),
  };
}
