import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  displayNameReservationsFor,
  localDisplayNameReservationsFor,
  normaliseDisplayName,
  type GroupEvent,
} from '#directory';
import type { AppendRequest, AppendResult } from '#event-store';
import type { DirectoryReadModel } from '#read-model';
import { READ_MODEL } from '../shared/injection-tokens.js';
import type { ScimCaller } from '../shared/request-context.js';
import { UniqueValueReservations } from '../shared/unique-value.reservations.js';
import { GroupRepository } from './group.repository.js';

/** How many groups of one name the legacy check looks at; more than one means old duplicates. */
const legacyHoldersChecked = 10;

/**
 * Group displayNames are unique per tenant, ignoring case (ADR 0004): Entra matches groups by
 * `displayName eq` and its validator expects 409 `uniqueness` for a second group of one name.
 * Reservations work as for userNames (DESIGN decision 4), plus one check for groups created
 * before reservations existed, which hold their names without one.
 */
@Injectable()
export class GroupDisplayNames {
  constructor(
    private readonly reservations: UniqueValueReservations,
    private readonly groups: GroupRepository,
    @Inject(READ_MODEL) private readonly readModel: DirectoryReadModel,
  ) {}

  /** Appends the group's events with the reservations they need, all or nothing. */
  async append(
    caller: ScimCaller,
    groupId: string,
    request: AppendRequest,
    events: readonly GroupEvent[],
  ): Promise<AppendResult> {
    const local = localDisplayNameReservationsFor(events);
    if (local.reserve.length > 0) return this.appendLocal(caller, groupId, request, events);
    const changes = displayNameReservationsFor(events);
    const taken = () => takenError(events);
    for (const value of changes.reserve) {
      if (await this.heldWithoutReservation(caller, groupId, value)) throw taken();
    }
    const result = await this.reservations.appendClaiming(request, {
      tenant: caller.tenant,
      kind: 'groupDisplayName',
      ownerId: groupId,
      changes,
      holds: (ownerId, value) => this.holds(caller.tenant, ownerId, value),
      taken,
    });
    // An adopted group's name moves from the local namespace to SCIM's.
    await this.reservations.releaseAll(caller.tenant, 'localGroupDisplayName', local.release);
    return result;
  }

  /**
   * The local group an adopting POST of `displayName` takes over: the holder of the local name's
   * reservation, if its own stream says it is still a local group of that name.
   */
  async localGroupNamed(tenant: string, displayName: string): Promise<string | undefined> {
    const value = normaliseDisplayName(displayName);
    const holder = await this.reservations.holderOf(tenant, 'localGroupDisplayName', value);
    if (holder === undefined) return undefined;
    return (await this.holdsLocal(tenant, holder, value)) ? holder : undefined;
  }

  /** A local group's name is unique among the tenant's local groups only, ignoring case. */
  private appendLocal(
    caller: ScimCaller,
    groupId: string,
    request: AppendRequest,
    events: readonly GroupEvent[],
  ): Promise<AppendResult> {
    return this.reservations.appendClaiming(request, {
      tenant: caller.tenant,
      kind: 'localGroupDisplayName',
      ownerId: groupId,
      changes: localDisplayNameReservationsFor(events),
      holds: (ownerId, value) => this.holdsLocal(caller.tenant, ownerId, value),
      taken: () =>
        new DomainError(
          'group_display_name_taken',
          `displayName "${displayNameOf(events)}" is already used by another local group of this tenant (compared ignoring case); choose another name`,
        ),
    });
  }

  private async holdsLocal(tenant: string, groupId: string, value: string): Promise<boolean> {
    const { state } = await this.groups.load(tenant, groupId);
    return (
      state.status === 'present' &&
      state.managedBy === 'local' &&
      normaliseDisplayName(state.displayName) === value
    );
  }

  /** Whether the SCIM group holds the normalised displayName now, by its own stream. */
  private async holds(tenant: string, groupId: string, value: string): Promise<boolean> {
    const { state } = await this.groups.load(tenant, groupId);
    return (
      state.status === 'present' &&
      state.managedBy === 'scim' &&
      normaliseDisplayName(state.displayName) === value
    );
  }

  /**
   * ADR 0004: a group created before displayName reservations holds its name without one, so the
   * `no_stream` append would let a second group take it. The read model names the candidates (an
   * indexed `displayName eq`); each one's own stream decides whether it still holds the name.
   */
  private async heldWithoutReservation(
    caller: ScimCaller,
    groupId: string,
    value: string,
  ): Promise<boolean> {
    const { rows } = await this.readModel.listGroups(caller.tenant, {
      filter: { kind: 'compare', path: { attribute: 'displayName' }, op: 'eq', value },
      startIndex: 1,
      count: legacyHoldersChecked,
      resolver: caller.profile.schemas.forResource('Group'),
    });
    for (const row of rows) {
      if (row.id !== groupId && (await this.holds(caller.tenant, row.id, value))) return true;
    }
    return false;
  }
}

function takenError(events: readonly GroupEvent[]): DomainError {
  const name = displayNameOf(events);
  return new DomainError(
    'group_display_name_taken',
    `displayName "${name}" is already used by another group of this tenant (displayNames are compared ignoring case); choose another name or update that group`,
  );
}

function displayNameOf(events: readonly GroupEvent[]): string {
  for (const event of events) {
    if (
      event.type === 'GroupCreated' ||
      event.type === 'LocalGroupCreated' ||
      event.type === 'GroupAdoptedByScim'
    )
      return event.data.displayName;
    if (event.type === 'GroupRenamed') return event.data.to;
  }
  return '';
}
