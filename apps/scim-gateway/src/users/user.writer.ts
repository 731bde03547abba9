import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  decideUser,
  initialUserState,
  isExistingUser,
  streams,
  userNameReservationsFor,
  type ExistingUser,
  type ProvisionUser,
  type UserCommand,
  type UserEvent,
  type UserState,
} from '#directory';
import { type AppendRequest, type EventStore, WrongExpectedRevisionError } from '#event-store';
import { EVENT_STORE } from '../shared/injection-tokens.js';
import { toNewEvents, type WriteResult } from '../shared/new-events.js';
import type { ScimCaller } from '../shared/request-context.js';
import { RevisionMismatch, retryOnConflict } from '../shared/retry-on-conflict.js';
import { StreamWriteQueue } from '../shared/stream-write-queue.js';
import { UserNameReservations } from './user-name.reservations.js';
import { UserRepository, type LoadedUser } from './user.repository.js';

/**
 * The one write path for users: load, decide, append the user's events together with any
 * userName reservation (atomically), then release the names given up.
 */
@Injectable()
export class UserWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queue: StreamWriteQueue,
    private readonly users: UserRepository,
    private readonly reservations: UserNameReservations,
  ) {}

  /**
   * Decides `commandFor(current)` against fresh state, retrying when another writer got there
   * first, unless the caller pinned a revision with If-Match (then 412).
   */
  async write(
    caller: ScimCaller,
    userId: string,
    expectedRevision: number | undefined,
    commandFor: (current: LoadedUser) => Promise<UserCommand> | UserCommand,
  ): Promise<WriteResult> {
    const userStream = streams.user(caller.tenant, userId);
    return this.queue.run(userStream, () =>
      retryOnConflict(
        async () => {
          const current = await this.users.load(caller.tenant, userId);
          if (
            expectedRevision !== undefined &&
            isExistingUser(current.state) &&
            expectedRevision !== current.revision
          ) {
            throw new RevisionMismatch();
          }
          const command = await commandFor(current);
          const events = decideUser(command, current.state);
          if (events.length === 0) return { id: userId, revision: current.revision, position: 0 };
          return this.append(caller, userId, current.revision, events);
        },
        (error) => {
          if (error.streamId !== userStream) return false;
          if (expectedRevision !== undefined) throw new RevisionMismatch();
          return true;
        },
      ),
    );
  }

  /**
   * Provisions a user under a freshly generated id. Its stream cannot exist yet, so nothing is
   * loaded; the append still expects `no_stream`, and only the userName reservation can conflict.
   */
  async provision(caller: ScimCaller, command: ProvisionUser): Promise<WriteResult> {
    const events = decideUser(command, initialUserState);
    return this.append(caller, command.data.userId, -1, events);
  }

  private async append(
    caller: ScimCaller,
    userId: string,
    revision: number,
    events: UserEvent[],
  ): Promise<WriteResult> {
    const occurredAt = new Date().toISOString();
    const newEvents = toNewEvents(events, caller, occurredAt);
    const { reserve, release } = userNameReservationsFor(events);
    const requests: AppendRequest[] = [
      {
        streamId: streams.user(caller.tenant, userId),
        expected: revision < 0 ? 'no_stream' : revision,
        events: newEvents,
      },
      ...reserve.map((name) =>
        this.reservations.reserve(caller.tenant, name, userId, newEvents[0]!),
      ),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.store.append(requests);
        await this.reservations.release(caller.tenant, release);
        return { id: userId, revision: result.nextRevisions[0]!, position: result.position };
      } catch (error) {
        const taken =
          error instanceof WrongExpectedRevisionError
            ? reserve.find(
                (name) => this.reservations.streamOf(caller.tenant, name) === error.streamId,
              )
            : undefined;
        if (taken === undefined) throw error;
        if (attempt === 1 && (await this.reservations.releaseIfStale(caller.tenant, taken)))
          continue;
        throw new DomainError(
          'user_name_taken',
          `userName "${userNameOf(events)}" is already used by another user of this tenant (userNames are compared ignoring case)`,
        );
      }
    }
  }
}

function userNameOf(events: readonly UserEvent[]): string {
  for (const event of events) {
    if (event.type === 'UserProvisioned') return event.data.userName;
    if (event.type === 'UserNameChanged') return event.data.to;
  }
  return '';
}

export function existingOrNotFound(state: UserState, userId: string): ExistingUser {
  if (!isExistingUser(state))
    throw new DomainError('user_not_found', `No user with id ${userId} in this tenant`);
  return state;
}
