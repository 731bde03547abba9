import { Inject, Injectable } from '@nestjs/common';
import {
  type AppRegistrationCommand,
  decideAppRegistration,
  evolveAppRegistration,
  initialAppRegistrationState,
  streams,
} from '#directory';
import type { EventStore } from '#event-store';
import { decideOnStream, type TenantActor } from '../shared/decider-stream.js';
import { EVENT_STORE } from '../shared/injection-tokens.js';
import { StreamWriteQueue } from '../shared/stream-write-queue.js';

const appRegistrationDecider = {
  decide: decideAppRegistration,
  evolve: evolveAppRegistration,
  initialState: initialAppRegistrationState,
};

/** Application registrations: each its own stream `appregistration-<tenant>:<clientId>`. */
@Injectable()
export class AppRegistrationWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queue: StreamWriteQueue,
  ) {}

  /** Answers the global position of the write, 0 when the command changed nothing. */
  execute(actor: TenantActor, command: AppRegistrationCommand): Promise<number> {
    const { tenantId, clientId } = command.data;
    return decideOnStream(
      this.store,
      this.queue,
      appRegistrationDecider,
      { streamId: streams.appRegistration(tenantId, clientId), tenant: tenantId },
      actor,
      command,
    );
  }
}
