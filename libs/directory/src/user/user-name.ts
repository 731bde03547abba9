import {
  normaliseUniqueValue,
  reservationChangesFor,
  type ReservationChanges,
  type UniqueValueChange,
} from '../shared/unique-value.js';
import { unreachable } from '../shared/unreachable.js';
import type { UserEvent } from './user.events.js';

/**
 * The key under which a userName is unique in a tenant. RFC 7643 §4.1.1 declares userName
 * `caseExact: false`, so "Alice@Example.com" and "alice@example.com" are the same user.
 */
export const normaliseUserName = normaliseUniqueValue;

/** Which userName reservations the events of one decision need (DESIGN decision 4). */
export function userNameReservationsFor(events: readonly UserEvent[]): ReservationChanges {
  return reservationChangesFor(events.flatMap(userNameChange));
}

function userNameChange(event: UserEvent): UniqueValueChange[] {
  switch (event.type) {
    case 'UserProvisioned':
      return [{ kind: 'claimed', value: event.data.userName }];
    case 'UserNameChanged':
      return [{ kind: 'changed', from: event.data.from, to: event.data.to }];
    // A user hidden by the deletion policy frees its userName too (see UserHiddenByDeletionPolicy).
    case 'UserDeleted':
    case 'UserHiddenByDeletionPolicy':
      return [{ kind: 'released', value: event.data.userName }];
    case 'UserAttributesChanged':
    case 'UserPasswordChanged':
    case 'UserDeactivated':
    case 'UserReactivated':
    case 'UserActiveCleared':
    case 'UserActiveSet':
    case 'UserRoleChanged':
    case 'UserErased':
      return [];
    default:
      return unreachable(event);
  }
}
