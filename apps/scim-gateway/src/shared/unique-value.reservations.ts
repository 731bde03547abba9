import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, streams, type ReservationChanges } from '#directory';
import {
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type NewEvent,
  WrongExpectedRevisionError,
} from '#event-store';
import { uuidv7 } from '#platform';
import { EVENT_STORE } from './injection-tokens.js';

/** The attributes unique per tenant, each with its own family of reservation streams. */
export type UniqueValueKind = 'userName' | 'groupDisplayName' | 'localGroupDisplayName';

/**
 * How a kind's reservation events look. The userName fields are those written since ADR 0003, so
 * reservations made before this code stay readable.
 */
const reservationShapes: Readonly<
  Record<UniqueValueKind, { eventType: string; ownerField: string; valueField: string }>
> = {
  userName: { eventType: 'UserNameReserved', ownerField: 'userId', valueField: 'userName' },
  groupDisplayName: {
    eventType: 'GroupDisplayNameReserved',
    ownerField: 'groupId',
    valueField: 'displayName',
  },
  // Local groups (made in the application) have their own namespace: SCIM never sees them.
  localGroupDisplayName: {
    eventType: 'LocalGroupDisplayNameReserved',
    ownerField: 'groupId',
    valueField: 'displayName',
  },
};

/** One resource's claim on unique values, made by the append that records its change. */
export interface UniqueValueClaim {
  readonly tenant: string;
  readonly kind: UniqueValueKind;
  readonly ownerId: string;
  readonly changes: ReservationChanges;
  /** Whether `ownerId` holds the normalised `value` now, by its own stream (not the read model). */
  readonly holds: (ownerId: string, value: string) => Promise<boolean>;
  /** The error when another resource holds a value to reserve: it names the value as sent. */
  readonly taken: () => DomainError;
}

/**
 * DESIGN decision 4 and ADR 0003: a value is unique per tenant through a reservation stream per
 * normalised value, appended with `no_stream` in the same atomic append as the owner's own
 * events, and released by deleting the stream. Release happens after the owner's append; if the
 * process died in between, the reservation is stale and the next claimant frees it.
 */
@Injectable()
export class UniqueValueReservations {
  private readonly logger = new Logger(UniqueValueReservations.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Appends `resource` (the owner's events, first) together with the reservations of
   * `claim.changes.reserve`, all or nothing, then releases `claim.changes.release`. A conflict on
   * the owner's own stream, or on one of the `alongside` streams (a seat counter, ADR 0005)
   * appended in the same call, is rethrown as is, for the caller's retry.
   */
  async appendClaiming(
    resource: AppendRequest,
    claim: UniqueValueClaim,
    alongside: readonly AppendRequest[] = [],
  ): Promise<AppendResult> {
    const { reserve, release } = claim.changes;
    const template = resource.events[0];
    const requests =
      template === undefined
        ? [resource]
        : [
            resource,
            ...reserve.map((value) => this.reservation(claim, value, template)),
            ...alongside,
          ];
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.store.append(requests);
        await this.release(claim, release);
        return result;
      } catch (error) {
        const taken =
          error instanceof WrongExpectedRevisionError
            ? reserve.find((value) => this.streamOf(claim, value) === error.streamId)
            : undefined;
        if (taken === undefined) throw error;
        if (attempt === 1 && (await this.releaseIfStale(claim, taken))) continue;
        throw claim.taken();
      }
    }
  }

  /**
   * The id of the resource holding the reservation of the normalised `value`, by the reservation
   * stream itself (read-your-writes, unlike the read model). It may be stale: the caller checks
   * the owner's own stream.
   */
  async holderOf(
    tenant: string,
    kind: UniqueValueKind,
    value: string,
  ): Promise<string | undefined> {
    const last = await this.store.readLastEvent(this.streamOf({ tenant, kind }, value));
    const ownerId = last?.data[reservationShapes[kind].ownerField];
    return typeof ownerId === 'string' ? ownerId : undefined;
  }

  /** Releases reservations of normalised values the owner gave up in an append already made. */
  async releaseAll(
    tenant: string,
    kind: UniqueValueKind,
    values: readonly string[],
  ): Promise<void> {
    await this.release({ tenant, kind }, values);
  }

  private streamOf(claim: Pick<UniqueValueClaim, 'tenant' | 'kind'>, value: string): string {
    const key = createHash('sha256').update(value).digest('hex');
    return streams.reservation(claim.tenant, claim.kind, key);
  }

  private reservation(claim: UniqueValueClaim, value: string, template: NewEvent): AppendRequest {
    const shape = reservationShapes[claim.kind];
    return {
      streamId: this.streamOf(claim, value),
      expected: 'no_stream',
      events: [
        {
          ...template,
          id: uuidv7(),
          type: shape.eventType,
          data: { [shape.ownerField]: claim.ownerId, [shape.valueField]: value },
        },
      ],
    };
  }

  private async release(
    claim: Pick<UniqueValueClaim, 'tenant' | 'kind'>,
    values: readonly string[],
  ): Promise<void> {
    for (const value of values) {
      try {
        // Deleting a stream that never existed is a no-op: values held before reservations
        // existed (groups created before ADR 0004) have none to release.
        await this.store.deleteStream(this.streamOf(claim, value));
      } catch (error) {
        // The owner's change is already durable; a stale reservation heals on the next claim.
        this.logger.warn(
          `Could not release a ${claim.kind} reservation of tenant ${claim.tenant}: ${String(error)}`,
        );
      }
    }
  }

  /** Frees a reservation whose owner no longer holds the value. True when it was freed. */
  private async releaseIfStale(claim: UniqueValueClaim, value: string): Promise<boolean> {
    const streamId = this.streamOf(claim, value);
    const last = await this.store.readLastEvent(streamId);
    if (last === undefined) return true;
    const ownerId = (last.data as Record<string, unknown>)[
      reservationShapes[claim.kind].ownerField
    ];
    if (typeof ownerId !== 'string' || (await claim.holds(ownerId, value))) return false;
    try {
      await this.store.deleteStream(streamId, last.revision);
      return true;
    } catch (error) {
      // Another claimant freed and took the value meanwhile: it is taken.
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
  }
}
