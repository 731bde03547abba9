import { defineContract, objectSchema, schemaParts } from '../contract.js';

export interface UserReactivatedV1 {
  readonly tenant: string;
  readonly userId: string;
}

export const userReactivatedV1 = defineContract<UserReactivatedV1>({
  type: 'scim.user.reactivated.v1',
  resource: 'User',
  summary: 'A disabled user was enabled again (SCIM active=true, or active removed).',
  schema: objectSchema(
    'scim.user.reactivated.v1',
    { tenant: schemaParts.tenant, userId: schemaParts.userId },
    ['tenant', 'userId'],
  ),
  example: { tenant: 'acme', userId: '0193a4c2-7d41-7c3e-9f0a-1b2c3d4e5f60' },
});
