import { existsSync, renameSync, rmSync } from 'node:fs';
import type { EventStore, RecordedEvent } from '#event-store';
import { openSqliteReadModel } from '#read-model';
import { directoryStreamPrefixes } from './directory-projector.js';

export interface RebuildProgress {
  readonly events: number;
  readonly position: number;
  /** Head of the event store when the rebuild started. */
  readonly head: number;
}

export interface RebuildOptions {
  readonly eventStore: EventStore;
  /** The read model file to replace. */
  readonly path: string;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

const sqliteFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`];

/**
 * Rebuilds the read model from the event store side by side: a fresh file is projected up to
 * the store's head, then it replaces the old one. Until the rename, the old file stays intact,
 * so an interrupted rebuild loses nothing. The projector continues from the new checkpoint.
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildProgress> {
  const { eventStore, path } = options;
  const batchSize = options.batchSize ?? 1000;
  const building = `${path}.rebuilding`;
  for (const file of sqliteFiles(building)) rmSync(file, { force: true });

  const head = await eventStore.headPosition();
  const model = openSqliteReadModel({ path: building });
  let progress: RebuildProgress = { events: 0, position: 0, head };
  try {
    let batch: RecordedEvent[] = [];
    const flush = async (): Promise<void> => {
      await model.applyEvents(batch);
      progress = {
        events: progress.events + batch.length,
        position: batch.at(-1)?.position ?? progress.position,
        head,
      };
      batch = [];
      options.onProgress?.(progress);
    };
    for await (const event of eventStore.readAll({
      fromPosition: 0,
      filter: { streamPrefixes: directoryStreamPrefixes },
    })) {
      if (event.position > head) break;
      batch.push(event);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    // The stretch after the last directory event holds only other streams: pass it too.
    await model.advanceCheckpoint(head);
    progress = { ...progress, position: head };
  } finally {
    await model.close();
  }

  for (const file of sqliteFiles(path)) rmSync(file, { force: true });
  renameSync(building, path);
  if (existsSync(`${building}-wal`)) renameSync(`${building}-wal`, `${path}-wal`);
  return progress;
}
