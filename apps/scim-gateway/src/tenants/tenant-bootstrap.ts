import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import {
  decideTenant,
  evolveTenant,
  initialTenantState,
  streams,
  upcast,
  type TenantCommand,
  type TenantEvent,
  type TenantState,
} from '#directory';
import type { EventStore } from '#event-store';
import { defaultTenantProfile } from '../shared/tenant-profile.js';
import { EVENT_STORE } from '../shared/injection-tokens.js';
import { toNewEvents } from '../shared/new-events.js';
import type { ScimCaller } from '../shared/request-context.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';

/**
 * SCIM_BOOTSTRAP_TENANT and SCIM_BOOTSTRAP_TOKEN: make sure the tenant exists and accepts the
 * token. Idempotent across restarts: the deciders emit nothing for a tenant or token that exists.
 */
@Injectable()
export class TenantBootstrap {
  private readonly logger = new Logger(TenantBootstrap.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Returns the global position of the last write, 0 when nothing had to change. */
  async ensure(tenantId: string, token: string): Promise<number> {
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const system: ScimCaller = {
      tenant: tenantId,
      caller: 'system:bootstrap',
      correlationId: randomUUID(),
      requestId: undefined,
      baseUrl: '',
      profile: defaultTenantProfile,
    };
    let position = await this.apply(system, {
      type: 'RegisterTenant',
      data: { tenantId, name: tenantId },
    });
    position = Math.max(
      position,
      await this.apply(system, {
        type: 'IssueBearerToken',
        data: {
          tenantId,
          tokenId: tokenHash.slice(0, 16),
          tokenHash,
          label: 'SCIM_BOOTSTRAP_TOKEN',
        },
      }),
    );
    if (position > 0) this.logger.log(`Bootstrap tenant "${tenantId}" is ready with its token`);
    return position;
  }

  private async apply(caller: ScimCaller, command: TenantCommand): Promise<number> {
    const streamId = streams.tenant(caller.tenant);
    return retryOnConflict(
      async () => {
        let state: TenantState = initialTenantState;
        let revision = -1;
        for await (const recorded of this.store.readStream(streamId)) {
          const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data) as
            TenantEvent | undefined;
          if (event !== undefined) state = evolveTenant(state, event);
          revision = recorded.revision;
        }
        if (command.type === 'RegisterTenant' && state.status !== 'absent') return 0;
        const events = decideTenant(command, state);
        if (events.length === 0) return 0;
        const result = await this.store.append([
          {
            streamId,
            expected: revision < 0 ? 'no_stream' : revision,
            events: toNewEvents(events, caller, new Date().toISOString()),
          },
        ]);
        return result.position;
      },
      (error) => error.streamId === streamId,
    );
  }
}
