import { defineContract, objectSchema, schemaParts } from '../contract.js';

/**
 * A group now exists. `managedBy: "scim"` for a group the IdP created; `"application"` for a
 * local group an admin created in the application (an IdP may adopt it later under the tenant's
 * `adoptExisting` policy; it keeps its id and members then).
 */
export interface GroupCreatedV1 {
  readonly tenant: string;
  readonly groupId: string;
  readonly displayName: string;
  readonly managedBy: 'scim' | 'application';
  readonly externalId?: string;
}

export const groupCreatedV1 = defineContract<GroupCreatedV1>({
  type: 'scim.group.created.v1',
  resource: 'Group',
  summary: 'A group was created by the IdP (SCIM POST /Groups) or by an admin (a local group).',
  schema: objectSchema(
    'scim.group.created.v1',
    {
      tenant: schemaParts.tenant,
      groupId: schemaParts.groupId,
      displayName: schemaParts.displayName,
      managedBy: { enum: ['scim', 'application'] },
      externalId: { type: 'string', description: "The IdP's own id for the group." },
    },
    ['tenant', 'groupId', 'displayName', 'managedBy'],
  ),
  example: {
    tenant: 'acme',
    groupId: '0193a4c3-1e2f-7a4b-8c5d-6e7f8091a2b3',
    displayName: 'Engineering',
    managedBy: 'scim',
    externalId: '00g1a2b3c4d5e6f7g8h9',
  },
});
