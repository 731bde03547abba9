import type { Attributes, DirectoryEvent, GroupEvent, JsonValue, UserEvent } from '#directory';
import { sourceOf, subjectOf, type ContractEvent } from './contract-event.js';
import type { Contract, ContractResource } from './contract.js';
import { groupAdoptedV1 } from './groups/group-adopted.v1.js';
import { groupCreatedV1 } from './groups/group-created.v1.js';
import { groupDeletedV1 } from './groups/group-deleted.v1.js';
import { groupMembersAddedV1 } from './groups/group-members-added.v1.js';
import { groupMembersRemovedV1 } from './groups/group-members-removed.v1.js';
import { groupRenamedV1 } from './groups/group-renamed.v1.js';
import type { PublicUserAttributes } from './users/public-user-attributes.js';
import { publicUserAttributeNames } from './users/public-user-attributes.js';
import { userDeactivatedV1 } from './users/user-deactivated.v1.js';
import { userDeletedV1 } from './users/user-deleted.v1.js';
import { userErasedV1 } from './users/user-erased.v1.js';
import { userProvisionedV1 } from './users/user-provisioned.v1.js';
import { userReactivatedV1 } from './users/user-reactivated.v1.js';
import { userUpdatedV1, type ChangedUserAttributes } from './users/user-updated.v1.js';

/** A recorded directory event, upcast to its current shape, with the facts of its envelope. */
export interface DirectorySourceEvent {
  readonly id: string;
  readonly position: number;
  readonly event: DirectoryEvent;
  readonly metadata: {
    readonly tenant: string;
    readonly caller: string;
    readonly correlationId: string;
    readonly requestId?: string;
    readonly occurredAt: string;
  };
}

/** Members per message: a change of 100,000 members stays far below Kafka's 1 MB message limit. */
export const maxMembersPerMessage = 1000;

/**
 * The v1 contracts a directory event becomes: usually one, none for facts downstream systems do
 * not see (tenant and app registration events, `active` being cleared or set without a change of
 * status, a user hidden by the keepDisabled policy after its deactivation, group attributes other
 * than displayName), several for a membership change larger than `maxMembersPerMessage`.
 */
export function contractEventsV1(source: DirectorySourceEvent): ContractEvent[] {
  const { event } = source;
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
      return userContract(source, event);
    case 'GroupCreated':
    case 'LocalGroupCreated':
    case 'GroupAdoptedByScim':
    case 'GroupRenamed':
    case 'GroupAttributesChanged':
    case 'GroupMembersAdded':
    case 'GroupMembersRemoved':
    case 'GroupDeleted':
      return groupContracts(source, event);
    // Listed rather than a default: a new directory event fails to compile until it is decided
    // here whether downstream systems see it.
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
    case 'AppRegistrationCreated':
    case 'AppRegistrationChanged':
    case 'ClientSecretAdded':
    case 'ClientSecretRetirementScheduled':
    case 'ClientSecretRevoked':
    case 'AppRegistrationConsentGranted':
    case 'AppRegistrationDeleted':
      return [];
  }
}

function userContract(source: DirectorySourceEvent, event: UserEvent): ContractEvent[] {
  const tenant = source.metadata.tenant;
  const one = <Data>(contract: Contract<Data>, data: Data) => [
    envelope(source, contract, 'User', event.data.userId, data),
  ];
  const { userId } = event.data;
  switch (event.type) {
    case 'UserProvisioned': {
      const { userName, active, attributes, role } = event.data;
      return one(userProvisionedV1, {
        tenant,
        userId,
        userName,
        active,
        ...(role === undefined ? {} : { role }),
        ...publicAttributes(attributes),
      });
    }
    case 'UserAttributesChanged': {
      const { set, unset } = event.data;
      const removed = Object.fromEntries(unset.map((name) => [name, null]));
      return one(userUpdatedV1, {
        tenant,
        userId,
        changedAttributes: [...Object.keys(set), ...unset],
        attributes: { ...publicAttributes(set), ...pickPublic(removed) },
      });
    }
    case 'UserNameChanged': {
      const { from, to } = event.data;
      return one(userUpdatedV1, {
        tenant,
        userId,
        changedAttributes: ['userName'],
        attributes: {},
        userName: { from, to },
      });
    }
    case 'UserPasswordChanged':
      return one(userUpdatedV1, {
        tenant,
        userId,
        changedAttributes: ['password'],
        attributes: {},
      });
    case 'UserRoleChanged': {
      const { from, to } = event.data;
      return one(userUpdatedV1, {
        tenant,
        userId,
        changedAttributes: ['role'],
        attributes: {},
        role: from === undefined ? { to } : { from, to },
      });
    }
    case 'UserDeactivated':
      return one(userDeactivatedV1, { tenant, userId });
    case 'UserReactivated':
      return one(userReactivatedV1, { tenant, userId });
    case 'UserDeleted':
      return one(userDeletedV1, { tenant, userId, userName: event.data.userName });
    case 'UserErased':
      return one(userErasedV1, { tenant, userId });
    case 'UserActiveCleared':
    case 'UserActiveSet':
    case 'UserHiddenByDeletionPolicy':
      return [];
  }
}

function groupContracts(source: DirectorySourceEvent, event: GroupEvent): ContractEvent[] {
  const tenant = source.metadata.tenant;
  const { groupId } = event.data;
  const one = <Data>(contract: Contract<Data>, data: Data) => [
    envelope(source, contract, 'Group', groupId, data),
  ];
  switch (event.type) {
    case 'GroupCreated': {
      const { displayName, attributes } = event.data;
      return one(groupCreatedV1, {
        tenant,
        groupId,
        displayName,
        managedBy: 'scim',
        ...externalIdOf(attributes),
      });
    }
    case 'LocalGroupCreated':
      return one(groupCreatedV1, {
        tenant,
        groupId,
        displayName: event.data.displayName,
        managedBy: 'application',
      });
    case 'GroupAdoptedByScim': {
      const { displayName, attributes } = event.data;
      return one(groupAdoptedV1, { tenant, groupId, displayName, ...externalIdOf(attributes) });
    }
    case 'GroupRenamed':
      return one(groupRenamedV1, { tenant, groupId, from: event.data.from, to: event.data.to });
    case 'GroupMembersAdded': {
      const members = event.data.members.map(({ value, type }) => ({ id: value, type }));
      return inParts(members, (part) => ({ tenant, groupId, members: part })).map(([data, part]) =>
        envelope(source, groupMembersAddedV1, 'Group', groupId, data, part),
      );
    }
    case 'GroupMembersRemoved':
      return inParts(event.data.memberIds, (part) => ({ tenant, groupId, memberIds: part })).map(
        ([data, part]) => envelope(source, groupMembersRemovedV1, 'Group', groupId, data, part),
      );
    case 'GroupDeleted':
      return one(groupDeletedV1, { tenant, groupId, displayName: event.data.displayName });
    case 'GroupAttributesChanged':
      return [];
  }
}

type Part = ContractEvent['part'];

function envelope<Data>(
  source: DirectorySourceEvent,
  contract: Contract<Data>,
  resource: ContractResource,
  resourceId: string,
  data: Data,
  part?: Part,
): ContractEvent<Data> {
  const { tenant, caller, correlationId, requestId, occurredAt } = source.metadata;
  return {
    id: part === undefined ? source.id : `${source.id}#${part.index}`,
    type: contract.type,
    source: sourceOf(tenant),
    subject: subjectOf(resource, resourceId),
    time: occurredAt,
    tenant,
    resource,
    resourceId,
    position: source.position,
    caller,
    correlationId,
    ...(requestId === undefined ? {} : { requestId }),
    ...(part === undefined ? {} : { part }),
    data,
  };
}

/** One data per slice of `maxMembersPerMessage`; parts are numbered only when there are several. */
function inParts<Item, Data>(
  items: readonly Item[],
  dataOf: (slice: readonly Item[]) => Data,
): [Data, Part][] {
  const count = Math.ceil(items.length / maxMembersPerMessage);
  if (count <= 1) return [[dataOf(items), undefined]];
  return Array.from({ length: count }, (_, i) => [
    dataOf(items.slice(i * maxMembersPerMessage, (i + 1) * maxMembersPerMessage)),
    { index: i + 1, count },
  ]);
}

function externalIdOf(attributes: Attributes): { externalId?: string } {
  const externalId = attributes.externalId;
  return typeof externalId === 'string' ? { externalId } : {};
}

/**
 * The public attributes among `attributes`, keeping only the sub-attributes the contract names,
 * so whatever else an IdP put in `name` or `emails` never reaches downstream systems.
 */
function publicAttributes(attributes: {
  readonly [name: string]: JsonValue;
}): PublicUserAttributes {
  const { externalId, displayName, name, emails } = attributes;
  return {
    ...(typeof externalId === 'string' ? { externalId } : {}),
    ...(typeof displayName === 'string' ? { displayName } : {}),
    ...(isObject(name) ? { name: strings(name, ['formatted', 'givenName', 'familyName']) } : {}),
    ...(Array.isArray(emails) ? { emails: emails.filter(isObject).flatMap(email) } : {}),
  };
}

function pickPublic(removed: { readonly [name: string]: null }): ChangedUserAttributes {
  return Object.fromEntries(
    publicUserAttributeNames.filter((name) => name in removed).map((name) => [name, null]),
  );
}

function email(entry: { readonly [key: string]: JsonValue }) {
  const { value, type, primary } = entry;
  if (typeof value !== 'string') return [];
  return [
    {
      value,
      ...(typeof type === 'string' ? { type } : {}),
      ...(typeof primary === 'boolean' ? { primary } : {}),
    },
  ];
}

function strings(
  object: { readonly [key: string]: JsonValue },
  keys: readonly string[],
): { [key: string]: string } {
  return Object.fromEntries(
    keys.flatMap((key) => {
      const value = object[key];
      return typeof value === 'string' ? [[key, value]] : [];
    }),
  );
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
