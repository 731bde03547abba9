import type { RecordedEvent } from '#event-store';
import {
  type AppRegistrationEvent,
  type DirectoryEvent,
  type GroupEvent,
  type TenantEvent,
  upcast,
  type UserEvent,
} from '#directory';
import { eventContext, type EventContext } from './projection-context.js';

/** The checkpoints row the directory projection owns. */
export const directoryCheckpoint = 'directory';

export interface PendingEvent {
  readonly event: DirectoryEvent;
  readonly ctx: EventContext;
}

/**
 * The events of a batch the read model has not applied yet (those after `checkpoint`), decoded,
 * and the checkpoint after the batch. Reservation streams, snapshots and future types are not the
 * projection's: skipped, but passed.
 */
export function pendingEvents(
  events: readonly RecordedEvent[],
  checkpoint: number,
): { readonly pending: PendingEvent[]; readonly position: number } {
  let position = checkpoint;
  const pending: PendingEvent[] = [];
  for (const recorded of events) {
    if (recorded.position <= position) continue;
    const event = upcast(recorded.type, recorded.metadata.schemaVersion, recorded.data);
    if (event !== undefined) pending.push({ event, ctx: eventContext(recorded) });
    position = recorded.position;
  }
  return { pending, position };
}

/** The writers of one adapter, one per table family; `R` is void or a promise. */
export interface DirectoryRowWriters<R> {
  readonly users: { apply(event: UserEvent, ctx: EventContext): R };
  readonly groups: { apply(event: GroupEvent, ctx: EventContext): R };
  readonly tenants: { apply(event: TenantEvent, ctx: EventContext): R };
  readonly appRegistrations: { apply(event: AppRegistrationEvent, ctx: EventContext): R };
}

/** Hands a directory event to the writer of its tables. */
export function routeDirectoryEvent<R>(
  event: DirectoryEvent,
  ctx: EventContext,
  writers: DirectoryRowWriters<R>,
): R {
  switch (event.type) {
    case 'UserProvisioned':
    case 'UserAttributesChanged':
    case 'UserNameChanged':
    case 'UserPasswordChanged':
    case 'UserDeactivated':
    case 'UserReactivated':
    case 'UserActiveCleared':
    case 'UserActiveSet':
    case 'UserDeleted':
    case 'UserHiddenByDeletionPolicy':
    case 'UserRoleChanged':
    case 'UserErased':
      return writers.users.apply(event, ctx);
    case 'GroupCreated':
    case 'GroupRenamed':
    case 'GroupAttributesChanged':
    case 'GroupMembersAdded':
    case 'GroupMembersRemoved':
    case 'GroupDeleted':
    case 'LocalGroupCreated':
    case 'GroupAdoptedByScim':
      return writers.groups.apply(event, ctx);
    case 'TenantRegistered':
    case 'BearerTokenIssued':
    case 'BearerTokenRevoked':
    case 'TenantIdpPresetChosen':
    case 'TenantSchemaExtensionRegistered':
    case 'TenantSchemaExtensionRemoved':
    case 'TenantProvisioningDisabled':
    case 'TenantProvisioningEnabled':
    case 'TenantDeletionPolicyChosen':
    case 'TenantSeatLimitSet':
    case 'TenantRoleRuleSet':
    case 'TenantGroupMatchingPolicyChosen':
      return writers.tenants.apply(event, ctx);
    case 'AppRegistrationCreated':
    case 'AppRegistrationChanged':
    case 'ClientSecretAdded':
    case 'ClientSecretRetirementScheduled':
    case 'ClientSecretRevoked':
    case 'AppRegistrationConsentGranted':
    case 'AppRegistrationDeleted':
      return writers.appRegistrations.apply(event, ctx);
    default: {
      const never: never = event;
      throw new Error(`Unhandled directory event ${JSON.stringify(never)}`);
    }
  }
}
