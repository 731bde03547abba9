import { defineContract, objectSchema, schemaParts } from '../contract.js';

/**
 * The IdP took over a local group (`managedBy: "application"`) of the same displayName under the
 * tenant's `adoptExisting` policy. Same id, same members; from now on the IdP manages it, and
 * `displayName` is spelled as the IdP sent it.
 */
export interface GroupAdoptedV1 {
  readonly tenant: string;
  readonly groupId: string;
  readonly displayName: string;
  readonly externalId?: string;
}

export const groupAdoptedV1 = defineContract<GroupAdoptedV1>({
  type: 'scim.group.adopted.v1',
  resource: 'Group',
  summary: 'The IdP took over a group an admin had created in the application.',
  schema: objectSchema(
    'scim.group.adopted.v1',
    {
      tenant: schemaParts.tenant,
      groupId: schemaParts.groupId,
      displayName: schemaParts.displayName,
      externalId: { type: 'string', description: "The IdP's own id for the group." },
    },
    ['tenant', 'groupId', 'displayName'],
  ),
  example: {
    tenant: 'acme',
    groupId: '0193a4c3-1e2f-7a4b-8c5d-6e7f8091a2b3',
    displayName: 'Engineering',
    externalId: '00g1a2b3c4d5e6f7g8h9',
  },
});
