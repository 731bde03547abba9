import { defineContract, objectSchema, schemaParts } from '../contract.js';

export interface GroupMemberV1 {
  /** The SCIM `id` of the member in the same tenant. */
  readonly id: string;
  readonly type: 'User' | 'Group';
}

/** Only the members that joined; a large change arrives in parts (see `part` in docs/events.md). */
export interface GroupMembersAddedV1 {
  readonly tenant: string;
  readonly groupId: string;
  readonly members: readonly GroupMemberV1[];
}

export const groupMembersAddedV1 = defineContract<GroupMembersAddedV1>({
  type: 'scim.group.members.added.v1',
  resource: 'Group',
  summary: 'Users or groups joined a group.',
  schema: objectSchema(
    'scim.group.members.added.v1',
    {
      tenant: schemaParts.tenant,
      groupId: schemaParts.groupId,
      members: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: { id: { type: 'string', minLength: 1 }, type: { enum: ['User', 'Group'] } },
          required: ['id', 'type'],
        },
      },
    },
    ['tenant', 'groupId', 'members'],
  ),
  example: {
    tenant: 'acme',
    groupId: '0193a4c3-1e2f-7a4b-8c5d-6e7f8091a2b3',
    members: [
      { id: '0193a4c2-7d41-7c3e-9f0a-1b2c3d4e5f60', type: 'User' },
      { id: '0193a4c2-9b10-7d2e-8a3f-4b5c6d7e8f90', type: 'User' },
    ],
  },
});
