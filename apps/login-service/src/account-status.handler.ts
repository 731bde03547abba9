import {
  type ContractEvent,
  type UserDeletedV1,
  type UserProvisionedV1,
  type UserUpdatedV1,
  groupAdoptedV1,
  groupCreatedV1,
  groupDeletedV1,
  groupMembersAddedV1,
  groupMembersRemovedV1,
  groupRenamedV1,
  userDeactivatedV1,
  userDeletedV1,
  userErasedV1,
  userProvisionedV1,
  userReactivatedV1,
  userUpdatedV1,
} from '#contracts';
import type { ContractHandler } from '#kafka';
import type { AccountChange, AccountStore } from './account-store.js';

type StatusEffect = Pick<AccountChange, 'status' | 'userName' | 'erased'>;

/**
 * Keeps each user's account status as the directory decides it. Idempotent: an event applied
 * before (same `ce_id`) or older than what the account already reflects (lower `ce_position`)
 * changes nothing. An erasure deletes the account with its userName; no later message for that
 * user recreates it. Group events do not affect sign-in and are skipped.
 */
export function accountStatusHandler(store: AccountStore): ContractHandler {
  return async (events) => {
    const changes = events.flatMap((event): AccountChange[] => {
      const effect = effectOf(event);
      if (effect === undefined) return [];
      return [
        {
          eventId: event.id,
          tenant: event.tenant,
          userId: event.resourceId,
          position: event.position,
          occurredAt: event.time,
          ...effect,
        },
      ];
    });
    await store.applyAll(changes);
  };
}

/** `data` was checked against the contract's schema when the message was parsed. */
function effectOf(event: ContractEvent): StatusEffect | undefined {
  switch (event.type) {
    case userProvisionedV1.type: {
      const { userName, active } = event.data as UserProvisionedV1;
      return { userName, status: active ? 'active' : 'disabled' };
    }
    case userUpdatedV1.type: {
      const { userName } = event.data as UserUpdatedV1;
      return userName === undefined ? {} : { userName: userName.to };
    }
    case userDeactivatedV1.type:
      return { status: 'disabled' };
    case userReactivatedV1.type:
      return { status: 'active' };
    case userDeletedV1.type:
      return { status: 'deleted', userName: (event.data as UserDeletedV1).userName };
    case userErasedV1.type:
      return { erased: true };
    case groupCreatedV1.type:
    case groupRenamedV1.type:
    case groupMembersAddedV1.type:
    case groupMembersRemovedV1.type:
    case groupAdoptedV1.type:
    case groupDeletedV1.type:
      return undefined;
    default:
      // A contract this service does not read (a later version, say): tolerated, not an error.
      return undefined;
  }
}
