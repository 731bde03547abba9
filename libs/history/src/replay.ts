import { upcast } from '#directory';
import type { EventStore, RecordedEvent } from '#event-store';

/** One step of a stream's replay: the recorded event, its decoded form and the states around it. */
export interface ReplayStep<State, Event> {
  readonly recorded: RecordedEvent;
  /** Undefined for a type this release does not know (it leaves the state as it is). */
  readonly event: Event | undefined;
  readonly before: State;
  readonly after: State;
}

/**
 * A stream replayed with the directory's `evolve`, one event at a time, oldest first. Only the
 * current state is held, whatever the stream's length.
 */
export async function* replayStream<State, Event>(
  store: EventStore,
  streamId: string,
  initial: State,
  evolve: (state: State, event: Event) => State,
): AsyncGenerator<ReplayStep<State, Event>> {
  let state = initial;
  for await (const recorded of store.readStream(streamId)) {
    const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
      Event | undefined;
    const after = event === undefined ? state : evolve(state, event);
    yield { recorded, event, before: state, after };
    state = after;
  }
}
