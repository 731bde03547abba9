import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { normaliseUserName, streams } from '#directory';
import type { AppendRequest, EventStore, NewEvent } from '#event-store';
import { EVENT_STORE } from '../shared/injection-tokens.js';
import { UserRepository } from './user.repository.js';
import { uuidv7 } from '#platform';

export const USER_NAME_RESERVED = 'UserNameReserved';

/**
 * DESIGN decision 4: a userName is unique per tenant through a reservation stream per normalised
 * value, appended with `no_stream` in the same atomic append as the user's own events, and
 * released by deleting the stream. Release happens after the user's append; if the process died
 * in between, the reservation is stale and the next claimant frees it (`releaseIfStale`).
 */
@Injectable()
export class UserNameReservations {
  private readonly logger = new Logger(UserNameReservations.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly users: UserRepository,
  ) {}

  streamOf(tenant: string, normalisedUserName: string): string {
    const key = createHash('sha256').update(normalisedUserName).digest('hex');
    return streams.reservation(tenant, 'userName', key);
  }

  reserve(
    tenant: string,
    normalisedUserName: string,
    userId: string,
    template: NewEvent,
  ): AppendRequest {
    return {
      streamId: this.streamOf(tenant, normalisedUserName),
      expected: 'no_stream',
      events: [
        {
          ...template,
          id: uuidv7(),
          type: USER_NAME_RESERVED,
          data: { userId, userName: normalisedUserName },
        },
      ],
    };
  }

  async release(tenant: string, normalisedUserNames: readonly string[]): Promise<void> {
    for (const name of normalisedUserNames) {
      try {
        await this.store.deleteStream(this.streamOf(tenant, name));
      } catch (error) {
        // The user's change is already durable; a stale reservation heals on the next claim.
        this.logger.warn(
          `Could not release a userName reservation of tenant ${tenant}: ${String(error)}`,
        );
      }
    }
  }

  /** Frees a reservation whose owner no longer holds the name. True when it was freed. */
  async releaseIfStale(tenant: string, normalisedUserName: string): Promise<boolean> {
    const streamId = this.streamOf(tenant, normalisedUserName);
    const last = await this.store.readLastEvent(streamId);
    if (last === undefined) return true;
    const ownerId = (last.data as { userId?: unknown }).userId;
    if (typeof ownerId !== 'string') return false;
    const { state } = await this.users.load(tenant, ownerId);
    const holds =
      (state.status === 'active' || state.status === 'inactive') &&
      normaliseUserName(state.userName) === normalisedUserName;
    if (holds) return false;
    await this.store.deleteStream(streamId, last.revision);
    return true;
  }
}
