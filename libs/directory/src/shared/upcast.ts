import {
  appRegistrationEventTypes,
  type AppRegistrationEvent,
} from '../app-registration/app-registration.events.js';
import { groupEventTypes, type GroupEvent } from '../group/group.events.js';
import { tenantEventTypes, type TenantEvent } from '../tenant/tenant.events.js';
import { userEventTypes, type UserEvent } from '../user/user.events.js';

export type DirectoryEvent = UserEvent | GroupEvent | TenantEvent | AppRegistrationEvent;
export type DirectoryEventType = DirectoryEvent['type'];

export const directoryEventTypes: readonly DirectoryEventType[] = [
  ...userEventTypes,
  ...groupEventTypes,
  ...tenantEventTypes,
  ...appRegistrationEventTypes,
];

type Upcaster = (data: unknown) => unknown;

/**
 * The one place where old event shapes become current ones (DESIGN decision 1). For each type,
 * `upcasters[type][n - 1]` turns data of schema version n into version n + 1; the current version
 * of a type is one more than the number of its upcasters. Every type is at version 1 today.
 */
const upcasters: { readonly [T in DirectoryEventType]: readonly Upcaster[] } = {
  UserProvisioned: [],
  UserAttributesChanged: [],
  UserNameChanged: [],
  UserPasswordChanged: [],
  UserDeactivated: [],
  UserReactivated: [],
  UserActiveCleared: [],
  UserActiveSet: [],
  UserDeleted: [],
  GroupCreated: [],
  GroupRenamed: [],
  GroupAttributesChanged: [],
  GroupMembersAdded: [],
  GroupMembersRemoved: [],
  GroupDeleted: [],
  LocalGroupCreated: [],
  GroupAdoptedByScim: [],
  TenantRegistered: [],
  BearerTokenIssued: [],
  BearerTokenRevoked: [],
  TenantIdpPresetChosen: [],
  TenantSchemaExtensionRegistered: [],
  TenantSchemaExtensionRemoved: [],
  TenantProvisioningDisabled: [],
  TenantProvisioningEnabled: [],
  TenantDeletionPolicyChosen: [],
  TenantSeatLimitSet: [],
  TenantRoleRuleSet: [],
  TenantGroupMatchingPolicyChosen: [],
  UserRoleChanged: [],
  UserHiddenByDeletionPolicy: [],
  UserErased: [],
  AppRegistrationCreated: [],
  AppRegistrationChanged: [],
  ClientSecretAdded: [],
  ClientSecretRetirementScheduled: [],
  ClientSecretRevoked: [],
  AppRegistrationConsentGranted: [],
  AppRegistrationDeleted: [],
};

export function isDirectoryEventType(type: string): type is DirectoryEventType {
  return Object.hasOwn(upcasters, type);
}

/** The schema version new events of `type` are written with (metadata `schemaVersion`). */
export function currentSchemaVersion(type: DirectoryEventType): number {
  return upcasters[type].length + 1;
}

/**
 * The event as the current code knows it. `undefined` for a type this code does not know, which
 * projectors skip. A schema version newer than the current one was written by a newer release;
 * reading it as if it were current could corrupt state, so that throws.
 */
export function upcast(
  type: string,
  schemaVersion: number,
  data: unknown,
): DirectoryEvent | undefined {
  if (!isDirectoryEventType(type)) return undefined;
  const steps = upcasters[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > steps.length + 1) {
    throw new Error(
      `Event ${type} has schema version ${schemaVersion}, but this release reads versions 1 to ${steps.length + 1}; upgrade the service.`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`Event ${type} has data that is not a JSON object.`);
  }
  const current = steps
    .slice(schemaVersion - 1)
    .reduce<unknown>((value, step) => step(value), data);
  // The store holds only events this library decided, so after upcasting the shape is current.
  return { type, data: current } as DirectoryEvent;
}
