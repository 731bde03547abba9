import type { ContractMessage, ContractSink, ContractTopics } from '#contracts';
import type { EventStore, RecordedEvent } from '#event-store';
import { contractMessagesOf, contractStreamPrefixes } from './contract-messages.js';

/** One end of a range: an event-store position, or a time (when the change was decided). */
export type RangeBound = { readonly position: number } | { readonly time: string };

export interface RepublishRangeOptions {
  readonly eventStore: EventStore;
  readonly sink: ContractSink;
  readonly topics: ContractTopics;
  /** Exclusive for a position, inclusive for a time. */
  readonly from: RangeBound;
  /** Inclusive for a position, exclusive for a time. */
  readonly to: RangeBound;
  /** Messages per publish. Default 500. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: { events: number; messages: number; position: number }) => void;
}

/**
 * Publishes the contracts of a range of the history again, for a consumer that lost them, without
 * touching the change publisher's checkpoint: it can run while the publisher runs, and every
 * other consumer drops the copies by `ce_id`. A time range is matched on each event's decision
 * time, so the whole store before the range's end is read to find it.
 */
export async function republishRange(
  options: RepublishRangeOptions,
): Promise<{ events: number; messages: number }> {
  const { eventStore, sink, topics, from, to } = options;
  const batchSize = options.batchSize ?? 500;
  let events = 0;
  let messages = 0;
  let batch: ContractMessage[] = [];
  let position = 'position' in from ? from.position : 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await sink.publish(batch);
    messages += batch.length;
    batch = [];
    options.onProgress?.({ events, messages, position });
  };
  for await (const recorded of eventStore.readAll({
    fromPosition: 'position' in from ? from.position : 0,
    filter: { streamPrefixes: contractStreamPrefixes },
  })) {
    if ('position' in to && recorded.position > to.position) break;
    position = recorded.position;
    if (!within(recorded, from, to)) continue;
    events++;
    batch.push(...contractMessagesOf(recorded, topics));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { events, messages };
}

function within(recorded: RecordedEvent, from: RangeBound, to: RangeBound): boolean {
  const time = Date.parse(recorded.metadata.occurredAt);
  if ('time' in from && time < Date.parse(from.time)) return false;
  if ('time' in to && time >= Date.parse(to.time)) return false;
  return true;
}
