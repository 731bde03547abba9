import { defineContract, objectSchema, schemaParts } from '../contract.js';

/** The group is gone with all its memberships; no members-removed messages precede this one. */
export interface GroupDeletedV1 {
  readonly tenant: string;
  readonly groupId: string;
  readonly displayName: string;
}

export const groupDeletedV1 = defineContract<GroupDeletedV1>({
  type: 'scim.group.deleted.v1',
  resource: 'Group',
  summary: 'A group was deleted (SCIM DELETE /Groups/{id}).',
  schema: objectSchema(
    'scim.group.deleted.v1',
    {
      tenant: schemaParts.tenant,
      groupId: schemaParts.groupId,
      displayName: schemaParts.displayName,
    },
    ['tenant', 'groupId', 'displayName'],
  ),
  example: {
    tenant: 'acme',
    groupId: '0193a4c3-1e2f-7a4b-8c5d-6e7f8091a2b3',
    displayName: 'Research & Engineering',
  },
});
