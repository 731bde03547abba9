import { afterEach, beforeEach } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import type { ReadModelAdapter } from '../read-model.port.js';
import { RecordedEventLog } from './recorded-events.fixture.js';

export type OpenReadModel = () => Promise<ReadModelAdapter>;

export interface ContractContext {
  readonly model: ReadModelAdapter;
  readonly log: RecordedEventLog;
  /** Projects the events through the adapter, as the projector does. */
  readonly apply: (...events: RecordedEvent[]) => Promise<void>;
}

/** A fresh, empty read model and event log for every test. */
export function useReadModel(open: OpenReadModel): () => ContractContext {
  let context: ContractContext | undefined;
  beforeEach(async () => {
    const model = await open();
    context = {
      model,
      log: new RecordedEventLog(),
      apply: (...events) => model.applyEvents(events),
    };
  });
  afterEach(async () => {
    await context?.model.close();
    context = undefined;
  });
  return () => {
    if (context === undefined) throw new Error('The read model is opened in beforeEach');
    return context;
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
