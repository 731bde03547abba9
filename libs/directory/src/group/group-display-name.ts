import {
  normaliseUniqueValue,
  reservationChangesFor,
  type ReservationChanges,
  type UniqueValueChange,
} from '../shared/unique-value.js';
import { unreachable } from '../shared/unreachable.js';
import type { GroupEvent } from './group.events.js';

/**
 * The key under which a group's displayName is unique in a tenant. Entra matches groups by
 * `displayName eq` and requires unique names; RFC 7643 §4.2 declares displayName
 * `caseExact: false`, so "Sales" and "SALES" name the same group.
 */
export const normaliseDisplayName = normaliseUniqueValue;

/** Which displayName reservations the events of one decision need (DESIGN decision 4). */
export function displayNameReservationsFor(events: readonly GroupEvent[]): ReservationChanges {
  return reservationChangesFor(events.flatMap(displayNameChange));
}

/**
 * Which reservations of local group names (unique among the tenant's local groups only, apart
 * from SCIM's) the events need. Adoption hands the name over to SCIM's reservations.
 */
export function localDisplayNameReservationsFor(events: readonly GroupEvent[]): ReservationChanges {
  return reservationChangesFor(events.flatMap(localDisplayNameChange));
}

function displayNameChange(event: GroupEvent): UniqueValueChange[] {
  switch (event.type) {
    case 'GroupCreated':
    case 'GroupAdoptedByScim':
      return [{ kind: 'claimed', value: event.data.displayName }];
    case 'LocalGroupCreated':
      return [];
    case 'GroupRenamed':
      return [{ kind: 'changed', from: event.data.from, to: event.data.to }];
    case 'GroupDeleted':
      return [{ kind: 'released', value: event.data.displayName }];
    case 'GroupAttributesChanged':
    case 'GroupMembersAdded':
    case 'GroupMembersRemoved':
      return [];
    default:
      return unreachable(event);
  }
}

function localDisplayNameChange(event: GroupEvent): UniqueValueChange[] {
  switch (event.type) {
    case 'LocalGroupCreated':
      return [{ kind: 'claimed', value: event.data.displayName }];
    case 'GroupAdoptedByScim':
      return [{ kind: 'released', value: event.data.displayName }];
    case 'GroupCreated':
    case 'GroupRenamed':
    case 'GroupDeleted':
    case 'GroupAttributesChanged':
    case 'GroupMembersAdded':
    case 'GroupMembersRemoved':
      return [];
    default:
      return unreachable(event);
  }
}
