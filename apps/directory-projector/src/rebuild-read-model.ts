import { existsSync, renameSync, rmSync } from 'node:fs';
import type { EventStore, RecordedEvent } from '#event-store';
import {
  defaultReadModelSchema,
  type DirectoryProjectionTarget,
  openPostgresReadModel,
  openSqliteReadModel,
  PostgresSchemaSwap,
} from '#read-model';
import { directoryStreamPrefixes } from './directory-projector.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: number;
  /** The event-store position the rebuild is heading for. */
  readonly head: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface SqliteRebuildOptions extends RebuildOptions {
  /** The read model file to replace. */
  readonly path: string;
}

export interface PostgresRebuildOptions extends RebuildOptions {
  /** DATABASE_URL. */
  readonly connectionString: string;
  /** The live schema to replace. Default `read_model`. */
  readonly schema?: string;
}

/** Feeds directory events from the store into a read model being built, batch by batch. */
class Replay {
  private progress: RebuildProgress = { events: 0, position: 0, head: 0 };

  constructor(
    private readonly eventStore: EventStore,
    private readonly target: DirectoryProjectionTarget,
    private readonly options: RebuildOptions,
  ) {}

  get result(): RebuildProgress {
    return this.progress;
  }

  /** Applies every directory event after the target's checkpoint up to `head`. */
  async to(head: number): Promise<number> {
    const batchSize = this.options.batchSize ?? 1000;
    this.progress = { ...this.progress, head };
    let batch: RecordedEvent[] = [];
    const flush = async (): Promise<void> => {
      await this.target.applyEvents(batch);
      this.progress = {
        events: this.progress.events + batch.length,
        position: batch.at(-1)?.position ?? this.progress.position,
        head,
      };
      batch = [];
      this.options.onProgress?.(this.progress);
    };
    for await (const event of this.eventStore.readAll({
      fromPosition: await this.target.checkpoint(),
      filter: { streamPrefixes: directoryStreamPrefixes },
    })) {
      if (event.position > head) break;
      batch.push(event);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    // The stretch after the last directory event holds only other streams: pass it too.
    await this.target.advanceCheckpoint(head);
    const position = await this.target.checkpoint();
    this.progress = { ...this.progress, position };
    return position;
  }
}

const sqliteFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`];

/**
 * Rebuilds the SQLite read model side by side: a fresh file is projected up to the store's head,
 * then it replaces the old one. Until the rename the old file stays intact, so an interrupted
 * rebuild loses nothing. Run it with the service stopped: a running projector keeps the old file
 * open.
 */
export async function rebuildSqliteReadModel(
  options: SqliteRebuildOptions,
): Promise<RebuildProgress> {
  const { eventStore, path } = options;
  const building = `${path}.rebuilding`;
  for (const file of sqliteFiles(building)) rmSync(file, { force: true });

  const model = openSqliteReadModel({ path: building });
  const replay = new Replay(eventStore, model, options);
  try {
    await replay.to(await eventStore.headPosition());
  } finally {
    await model.close();
  }

  for (const file of sqliteFiles(path)) rmSync(file, { force: true });
  renameSync(building, path);
  if (existsSync(`${building}-wal`)) renameSync(`${building}-wal`, `${path}-wal`);
  return replay.result;
}

/**
 * Rebuilds the PostgreSQL read model while the services run: the new model is projected into a
 * schema beside the live one, caught up once more to the head (so the final step is short), then
 * swapped in under the live checkpoint's lock after applying whatever the active projector had
 * applied meanwhile ({@link PostgresSchemaSwap}). Gateways keep answering from the old model until
 * the swap; the projector continues on the new one.
 */
export async function rebuildPostgresReadModel(
  options: PostgresRebuildOptions,
): Promise<RebuildProgress> {
  const { eventStore, connectionString } = options;
  const swap = await PostgresSchemaSwap.begin({
    connectionString,
    live: options.schema ?? defaultReadModelSchema,
  });
  try {
    const model = await openPostgresReadModel({ connectionString, schema: swap.building });
    const replay = new Replay(eventStore, model, options);
    try {
      await replay.to(await eventStore.headPosition());
      await replay.to(await eventStore.headPosition());
      await swap.swap(async (livePosition) =>
        replay.to(Math.max(livePosition, await model.checkpoint())),
      );
    } finally {
      await model.close();
    }
    return replay.result;
  } finally {
    await swap.close();
  }
}
