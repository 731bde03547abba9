import { defineContract, objectSchema, schemaParts } from '../contract.js';

export interface UserDeactivatedV1 {
  readonly tenant: string;
  readonly userId: string;
}

export const userDeactivatedV1 = defineContract<UserDeactivatedV1>({
  type: 'scim.user.deactivated.v1',
  resource: 'User',
  summary:
    'A user was disabled (SCIM active=false, or a DELETE under the keepDisabled policy): refuse its sign-ins.',
  schema: objectSchema(
    'scim.user.deactivated.v1',
    { tenant: schemaParts.tenant, userId: schemaParts.userId },
    ['tenant', 'userId'],
  ),
  example: { tenant: 'acme', userId: '0193a4c2-7d41-7c3e-9f0a-1b2c3d4e5f60' },
});
