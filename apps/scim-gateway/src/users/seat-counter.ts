import { Inject, Injectable } from '@nestjs/common';
import { WrongExpectedRevisionError, type AppendRequest, type EventStore } from '#event-store';
import type { DirectoryReadModel } from '#read-model';
import { ScimError } from '#scim';
import { uuidv7 } from '#platform';
import type { EventMetadata } from '#event-store';
import { EVENT_STORE, READ_MODEL } from '../shared/injection-tokens.js';
import type { TenantActor } from '../tenants/tenant.writer.js';
import type { ScimCaller } from '../shared/request-context.js';
import { schemasFor } from '../shared/scim-schemas.js';

/** ADR 0005: one counter stream per tenant with a seat limit; tenants without one have none. */
export const seatStream = (tenant: string): string => `seats-${tenant}`;

interface SeatCount {
  /** Users holding a seat after this event. */
  readonly used: number;
}

/**
 * Counts the seats of a limited tenant in the write model (DESIGN decision 4): every user SCIM
 * can see holds one, from its creation to its DELETE (under either deletion policy). Taking or
 * freeing a seat is an append to the counter stream at the revision it was read, made in the same
 * atomic append as the user's events, so concurrent creates cannot both take the last seat.
 */
@Injectable()
export class SeatCounter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
  ) {}

  /** The append that gives `userId` a seat; a 403 when none is left. Undefined: no limit. */
  async take(caller: ScimCaller, userId: string): Promise<AppendRequest | undefined> {
    const limit = caller.profile.seatLimit;
    if (limit === null) return undefined;
    const { used, expected } = await this.current(caller.tenant);
    if (used >= limit) {
      // RFC 7644 §3.12: 403 "the server does not permit the operation"; none of the scimTypes
      // fits (`tooMany` is a 400 about filters), so there is none.
      throw new ScimError(
        403,
        `Tenant ${caller.tenant} has used all ${limit} seats; an administrator can raise the limit with PUT /admin/tenants/${caller.tenant}/seat-limit, or delete a user to free a seat`,
      );
    }
    return this.counted(caller, 'SeatTaken', userId, used + 1, expected);
  }

  /** The append that frees the seat of a deleted user. Undefined: the tenant counts no seats. */
  async free(caller: ScimCaller, userId: string): Promise<AppendRequest | undefined> {
    if (caller.profile.seatLimit === null) return undefined;
    const { used, expected } = await this.current(caller.tenant);
    if (expected === 'no_stream') return undefined;
    return this.counted(caller, 'SeatFreed', userId, Math.max(0, used - 1), expected);
  }

  /**
   * Starts counting when a limit is first set: the users the read model holds (after the admin's
   * write was applied) are the seats in use. A limit that changes keeps the running count.
   */
  async start(tenant: string, actor: TenantActor): Promise<void> {
    if ((await this.store.readLastEvent(seatStream(tenant))) !== undefined) return;
    const { totalResults } = await this.readModel.listUsers(tenant, {
      startIndex: 1,
      count: 0,
      resolver: schemasFor('generic').forResource('User'),
    });
    const started = this.counted(
      { tenant, ...actor },
      'SeatCountStarted',
      undefined,
      totalResults,
      'no_stream',
    );
    try {
      await this.store.append([started]);
    } catch (error) {
      // Another process started the count first: its count stands.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }

  /** A lifted limit stops the count; setting one again counts afresh. */
  async stop(tenant: string): Promise<void> {
    await this.store.deleteStream(seatStream(tenant));
  }

  private async current(tenant: string): Promise<{ used: number; expected: number | 'no_stream' }> {
    const last = await this.store.readLastEvent(seatStream(tenant));
    if (last === undefined) return { used: 0, expected: 'no_stream' };
    return { used: (last.data as unknown as SeatCount).used, expected: last.revision };
  }

  private counted(
    caller: Pick<ScimCaller, 'tenant' | 'caller' | 'correlationId' | 'requestId'>,
    type: string,
    userId: string | undefined,
    used: number,
    expected: number | 'no_stream',
  ): AppendRequest {
    return {
      streamId: seatStream(caller.tenant),
      expected,
      events: [
        {
          id: uuidv7(),
          type,
          data: { ...(userId === undefined ? {} : { userId }), used },
          metadata: metadataOf(caller),
        },
      ],
    };
  }
}

function metadataOf({
  tenant,
  caller,
  correlationId,
  requestId,
}: Pick<ScimCaller, 'tenant' | 'caller' | 'correlationId' | 'requestId'>): EventMetadata {
  return {
    tenant,
    caller,
    correlationId,
    ...(requestId === undefined ? {} : { requestId }),
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  };
}
