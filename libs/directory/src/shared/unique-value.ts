import { unreachable } from './unreachable.js';

/**
 * The key under which a case-insensitive value is unique in a tenant (RFC 7643: userName and
 * Group displayName are `caseExact: false`). NFC first, so that composed and decomposed forms of
 * the same letters compare equal. No trimming: the gateway rejects surrounding whitespace before
 * a command is made.
 */
export function normaliseUniqueValue(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

/** Normalised values to reserve and to release once the events of one decision are appended. */
export interface ReservationChanges {
  readonly reserve: readonly string[];
  readonly release: readonly string[];
}

/** What a decision does to the value a resource holds, in the order its events say it. */
export type UniqueValueChange =
  | { readonly kind: 'claimed'; readonly value: string }
  | { readonly kind: 'changed'; readonly from: string; readonly to: string }
  | { readonly kind: 'released'; readonly value: string };

/**
 * Which reservations a decision needs (DESIGN decision 4). A change of case only keeps the
 * reservation the resource has: the normalised key stays the same.
 */
export function reservationChangesFor(changes: readonly UniqueValueChange[]): ReservationChanges {
  const reserve: string[] = [];
  const release: string[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'claimed':
        reserve.push(normaliseUniqueValue(change.value));
        break;
      case 'released':
        release.push(normaliseUniqueValue(change.value));
        break;
      case 'changed': {
        const from = normaliseUniqueValue(change.from);
        const to = normaliseUniqueValue(change.to);
        if (from !== to) {
          reserve.push(to);
          release.push(from);
        }
        break;
      }
      default:
        unreachable(change);
    }
  }
  return { reserve, release };
}
