import type { Contract } from './contract.js';
import { groupAdoptedV1 } from './groups/group-adopted.v1.js';
import { groupCreatedV1 } from './groups/group-created.v1.js';
import { groupDeletedV1 } from './groups/group-deleted.v1.js';
import { groupMembersAddedV1 } from './groups/group-members-added.v1.js';
import { groupMembersRemovedV1 } from './groups/group-members-removed.v1.js';
import { groupRenamedV1 } from './groups/group-renamed.v1.js';
import { userDeactivatedV1 } from './users/user-deactivated.v1.js';
import { userDeletedV1 } from './users/user-deleted.v1.js';
import { userErasedV1 } from './users/user-erased.v1.js';
import { userProvisionedV1 } from './users/user-provisioned.v1.js';
import { userReactivatedV1 } from './users/user-reactivated.v1.js';
import { userUpdatedV1 } from './users/user-updated.v1.js';

/** Every contract this release publishes, in the order docs/events.md lists them. */
export const contracts: readonly Contract<unknown>[] = [
  userProvisionedV1,
  userUpdatedV1,
  userDeactivatedV1,
  userReactivatedV1,
  userDeletedV1,
  userErasedV1,
  groupCreatedV1,
  groupRenamedV1,
  groupMembersAddedV1,
  groupMembersRemovedV1,
  groupAdoptedV1,
  groupDeletedV1,
];

const byType = new Map(contracts.map((contract) => [contract.type, contract]));

export function contractOfType(type: string): Contract<unknown> | undefined {
  return byType.get(type);
}
