import { Injectable } from '@nestjs/common';
import {
  DomainError,
  decideUser,
  initialUserState,
  isExistingUser,
  normaliseUserName,
  streams,
  userNameReservationsFor,
  type ExistingUser,
  type ProvisionUser,
  type UserCommand,
  type UserEvent,
  type UserState,
} from '#directory';
import type { AppendRequest } from '#event-store';
import { toNewEvents, type WriteResult } from '../shared/new-events.js';
import type { ScimCaller } from '../shared/request-context.js';
import { RevisionMismatch, retryOnConflict } from '../shared/retry-on-conflict.js';
import { StreamWriteQueue } from '../shared/stream-write-queue.js';
import { UniqueValueReservations } from '../shared/unique-value.reservations.js';
import { SeatCounter, seatStream } from './seat-counter.js';
import { UserRepository, type LoadedUser } from './user.repository.js';

/**
 * The one write path for users: load, decide, append the user's events together with any
 * userName reservation (atomically), then release the names given up.
 */
@Injectable()
export class UserWriter {
  constructor(
    private readonly queue: StreamWriteQueue,
    private readonly users: UserRepository,
    private readonly reservations: UniqueValueReservations,
    private readonly seats: SeatCounter,
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
          const command = withRoleRule(await commandFor(current), caller);
          const events = decideUser(command, current.state);
          if (events.length === 0) return { id: userId, revision: current.revision, position: 0 };
          const seat = events.some(freesSeat) ? await this.seats.free(caller, userId) : undefined;
          return this.append(caller, userId, current.revision, events, seat);
        },
        (error) => {
          // The seat counter moved under us: count again, whatever If-Match pinned.
          if (error.streamId === seatStream(caller.tenant)) return true;
          if (error.streamId !== userStream) return false;
          if (expectedRevision !== undefined) throw new RevisionMismatch();
          return true;
        },
      ),
    );
  }

  /**
   * Provisions a user under a freshly generated id. Its stream cannot exist yet, so nothing is
   * loaded; the append still expects `no_stream`, and only the userName reservation (or, on a
   * limited tenant, the seat counter) can conflict.
   */
  async provision(caller: ScimCaller, command: ProvisionUser): Promise<WriteResult> {
    const events = decideUser(command, initialUserState);
    const { userId } = command.data;
    if (caller.profile.seatLimit === null) return this.append(caller, userId, -1, events);
    // ADR 0005: creates of a limited tenant queue on its seat counter here, and retry on a
    // conflict with another process's create, so exactly the seats left are taken.
    const counter = seatStream(caller.tenant);
    return this.queue.run(counter, () =>
      retryOnConflict(
        async () => {
          const seat = await this.seats.take(caller, userId);
          return this.append(caller, userId, -1, events, seat);
        },
        (error) => error.streamId === counter,
      ),
    );
  }

  private async append(
    caller: ScimCaller,
    userId: string,
    revision: number,
    events: UserEvent[],
    seat?: AppendRequest,
  ): Promise<WriteResult> {
    const result = await this.reservations.appendClaiming(
      {
        streamId: streams.user(caller.tenant, userId),
        expected: revision < 0 ? 'no_stream' : revision,
        events: toNewEvents(events, caller, new Date().toISOString()),
      },
      {
        tenant: caller.tenant,
        kind: 'userName',
        ownerId: userId,
        changes: userNameReservationsFor(events),
        holds: (ownerId, userName) => this.holds(caller.tenant, ownerId, userName),
        taken: () =>
          new DomainError(
            'user_name_taken',
            `userName "${userNameOf(events)}" is already used by another user of this tenant (userNames are compared ignoring case)`,
          ),
      },
      seat === undefined ? [] : [seat],
    );
    return { id: userId, revision: result.nextRevisions[0]!, position: result.position };
  }

  /** Whether the user holds the normalised userName now (else its reservation is stale). */
  private async holds(tenant: string, userId: string, userName: string): Promise<boolean> {
    const { state } = await this.users.load(tenant, userId);
    return isExistingUser(state) && normaliseUserName(state.userName) === userName;
  }
}

/** A change re-derives the user's role when the tenant has a role rule (PUT and PATCH alike). */
function withRoleRule(command: UserCommand, caller: ScimCaller): UserCommand {
  const rule = caller.profile.roleRule;
  if (command.type !== 'ChangeUser' || rule === null) return command;
  return { ...command, data: { ...command.data, roleRule: rule } };
}

/** Under either deletion policy the user leaves SCIM, and with it its seat (ADR 0005). */
function freesSeat(event: UserEvent): boolean {
  return event.type === 'UserDeleted' || event.type === 'UserHiddenByDeletionPolicy';
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
