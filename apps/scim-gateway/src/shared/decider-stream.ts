import { currentSchemaVersion, type DirectoryEvent, upcast } from '#directory';
import type { EventStore, NewEvent } from '#event-store';
import { uuidv7 } from '#platform';
import { retryOnConflict } from './retry-on-conflict.js';
import type { StreamWriteQueue } from './stream-write-queue.js';

/** Who changes a tenant's configuration, for the events' metadata (DESIGN decision 8). */
export interface TenantActor {
  /** `admin:bootstrap` for ADMIN_BOOTSTRAP_TOKEN, `system:bootstrap` for start-up configuration. */
  readonly caller: string;
  readonly correlationId: string;
  readonly requestId: string | undefined;
}

/** A small aggregate whose whole stream is read for every decision (tenants, app registrations). */
export interface StreamDecider<Command, State, Event extends DirectoryEvent> {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

/**
 * Load the stream, decide, append with the revision read; a lost race is decided again on fresh
 * state. Writes to one stream are queued in this process, so races only come from elsewhere.
 * Answers the global position of the write, 0 when the command changed nothing.
 */
export function decideOnStream<Command, State, Event extends DirectoryEvent>(
  store: EventStore,
  queue: StreamWriteQueue,
  decider: StreamDecider<Command, State, Event>,
  target: { readonly streamId: string; readonly tenant: string },
  actor: TenantActor,
  command: Command,
): Promise<number> {
  const { streamId, tenant } = target;
  return queue.run(streamId, () =>
    retryOnConflict(
      async () => {
        const { state, revision } = await loadStream(store, streamId, decider);
        const events = decider.decide(command, state);
        if (events.length === 0) return 0;
        const result = await store.append([
          {
            streamId,
            expected: revision < 0 ? 'no_stream' : revision,
            events: events.map((event) => actorEvent(event, tenant, actor)),
          },
        ]);
        return result.position;
      },
      (error) => error.streamId === streamId,
    ),
  );
}

/** The aggregate as its events tell it, and the stream revision (-1 for no stream). */
export async function loadStream<State, Event extends DirectoryEvent>(
  store: EventStore,
  streamId: string,
  decider: Pick<StreamDecider<unknown, State, Event>, 'evolve' | 'initialState'>,
): Promise<{ state: State; revision: number }> {
  let state = decider.initialState;
  let revision = -1;
  for await (const recorded of store.readStream(streamId)) {
    const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
      Event | undefined;
    if (event !== undefined) state = decider.evolve(state, event);
    revision = recorded.revision;
  }
  return { state, revision };
}

function actorEvent(event: DirectoryEvent, tenant: string, actor: TenantActor): NewEvent {
  return {
    id: uuidv7(),
    type: event.type,
    data: event.data,
    metadata: {
      tenant,
      caller: actor.caller,
      correlationId: actor.correlationId,
      ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
      occurredAt: new Date().toISOString(),
      schemaVersion: currentSchemaVersion(event.type),
    },
  };
}
