import { defineContract, objectSchema, schemaParts } from '../contract.js';

/** Only the members that left; a large change arrives in parts (see `part` in docs/events.md). */
export interface GroupMembersRemovedV1 {
  readonly tenant: string;
  readonly groupId: string;
  /** SCIM `id`s of the users or groups that left. */
  readonly memberIds: readonly string[];
}

export const groupMembersRemovedV1 = defineContract<GroupMembersRemovedV1>({
  type: 'scim.group.members.removed.v1',
  resource: 'Group',
  summary: 'Users or groups left a group.',
  schema: objectSchema(
    'scim.group.members.removed.v1',
    {
      tenant: schemaParts.tenant,
      groupId: schemaParts.groupId,
      memberIds: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
    ['tenant', 'groupId', 'memberIds'],
  ),
  example: {
    tenant: 'acme',
    groupId: '0193a4c3-1e2f-7a4b-8c5d-6e7f8091a2b3',
    memberIds: ['0193a4c2-9b10-7d2e-8a3f-4b5c6d7e8f90'],
  },
});
