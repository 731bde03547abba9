import { defineContract, objectSchema, schemaParts } from '../contract.js';

export interface GroupRenamedV1 {
  readonly tenant: string;
  readonly groupId: string;
  readonly from: string;
  readonly to: string;
}

export const groupRenamedV1 = defineContract<GroupRenamedV1>({
  type: 'scim.group.renamed.v1',
  resource: 'Group',
  summary: "A group's displayName changed.",
  schema: objectSchema(
    'scim.group.renamed.v1',
    {
      tenant: schemaParts.tenant,
      groupId: schemaParts.groupId,
      from: schemaParts.displayName,
      to: schemaParts.displayName,
    },
    ['tenant', 'groupId', 'from', 'to'],
  ),
  example: {
    tenant: 'acme',
    groupId: '0193a4c3-1e2f-7a4b-8c5d-6e7f8091a2b3',
    from: 'Engineering',
    to: 'Research & Engineering',
  },
});
