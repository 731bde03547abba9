import { Inject, Injectable } from '@nestjs/common';
import {
  currentSchemaVersion,
  decideTenant,
  evolveTenant,
  initialTenantState,
  streams,
  upcast,
  type TenantCommand,
  type TenantEvent,
  type TenantState,
} from '#directory';
import type { EventStore, NewEvent } from '#event-store';
import { uuidv7 } from '#platform';
import { EVENT_STORE } from '../shared/injection-tokens.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';
import { StreamWriteQueue } from '../shared/stream-write-queue.js';

/** Who changes a tenant, for the events' metadata (DESIGN decision 8). */
export interface TenantActor {
  /** `admin:bootstrap` for ADMIN_BOOTSTRAP_TOKEN, `system:bootstrap` for start-up configuration. */
  readonly caller: string;
  readonly correlationId: string;
  readonly requestId: string | undefined;
}

/**
 * The one write path for tenants: load the tenant stream (a tenant has few events: its tokens and
 * profile changes), decide, append. Lost races are decided again on fresh state.
 */
@Injectable()
export class TenantWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queue: StreamWriteQueue,
  ) {}

  /** Answers the global position of the write, 0 when the command changed nothing. */
  async execute(actor: TenantActor, command: TenantCommand): Promise<number> {
    const tenantId = command.data.tenantId;
    const streamId = streams.tenant(tenantId);
    return this.queue.run(streamId, () =>
      retryOnConflict(
        async () => {
          const { state, revision } = await this.load(streamId);
          const events = decideTenant(command, state);
          if (events.length === 0) return 0;
          const result = await this.store.append([
            {
              streamId,
              expected: revision < 0 ? 'no_stream' : revision,
              events: events.map((event) => toNewEvent(event, tenantId, actor)),
            },
          ]);
          return result.position;
        },
        (error) => error.streamId === streamId,
      ),
    );
  }

  /** The tenant as its events tell it: `absent` when it was never registered. */
  async load(streamId: string): Promise<{ state: TenantState; revision: number }> {
    let state: TenantState = initialTenantState;
    let revision = -1;
    for await (const recorded of this.store.readStream(streamId)) {
      const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
        TenantEvent | undefined;
      if (event !== undefined) state = evolveTenant(state, event);
      revision = recorded.revision;
    }
    return { state, revision };
  }
}

function toNewEvent(event: TenantEvent, tenant: string, actor: TenantActor): NewEvent {
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
