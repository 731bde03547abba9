import type { UserEvent } from './user.events.js';

/**
 * The key under which a userName is unique in a tenant. RFC 7643 §4.1.1 declares userName
 * `caseExact: false`, so "Alice@Example.com" and "alice@example.com" are the same user. NFC first,
 * so that composed and decomposed forms of the same letters compare equal. No trimming: the
 * gateway rejects surrounding whitespace before a command is made.
 */
export function normaliseUserName(userName: string): string {
  return userName.normalize('NFC').toLowerCase();
}

/** Normalised userNames to reserve and to release once `events` are appended. */
export interface UserNameReservations {
  readonly reserve: readonly string[];
  readonly release: readonly string[];
}

/**
 * Which userName reservations the events of one decision need (DESIGN decision 4). A change of
 * case only keeps the reservation it has.
 */
export function userNameReservationsFor(events: readonly UserEvent[]): UserNameReservations {
  const reserve: string[] = [];
  const release: string[] = [];
  for (const event of events) {
    if (event.type === 'UserProvisioned') reserve.push(normaliseUserName(event.data.userName));
    if (event.type === 'UserDeleted') release.push(normaliseUserName(event.data.userName));
    if (event.type === 'UserNameChanged') {
      const from = normaliseUserName(event.data.from);
      const to = normaliseUserName(event.data.to);
      if (from !== to) {
        reserve.push(to);
        release.push(from);
      }
    }
  }
  return { reserve, release };
}
