import { Inject, Injectable } from '@nestjs/common';
import {
  decideTenant,
  evolveTenant,
  initialTenantState,
  streams,
  type TenantCommand,
  type TenantState,
} from '#directory';
import type { EventStore } from '#event-store';
import { decideOnStream, loadStream, type TenantActor } from '../shared/decider-stream.js';
import { EVENT_STORE } from '../shared/injection-tokens.js';
import { StreamWriteQueue } from '../shared/stream-write-queue.js';

export type { TenantActor } from '../shared/decider-stream.js';

const tenantDecider = {
  decide: decideTenant,
  evolve: evolveTenant,
  initialState: initialTenantState,
};

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
  execute(actor: TenantActor, command: TenantCommand): Promise<number> {
    const tenantId = command.data.tenantId;
    return decideOnStream(
      this.store,
      this.queue,
      tenantDecider,
      { streamId: streams.tenant(tenantId), tenant: tenantId },
      actor,
      command,
    );
  }

  /** The tenant as its events tell it: `absent` when it was never registered. */
  load(streamId: string): Promise<{ state: TenantState; revision: number }> {
    return loadStream(this.store, streamId, tenantDecider);
  }
}
