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

function displayNameChange(event: GroupEvent): UniqueValueChange[] {
  switch (event.type) {
    case 'GroupCreated':
      return [{ kind: 'claimed', value: event.data.displayName }];
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
