import { defineContract, objectSchema, schemaParts } from '../contract.js';

/**
 * The user is gone: its id never comes back, its userName may be given to a new user. It left
 * every group it was in; no members-removed messages are sent for that.
 */
export interface UserDeletedV1 {
  readonly tenant: string;
  readonly userId: string;
  readonly userName: string;
}

export const userDeletedV1 = defineContract<UserDeletedV1>({
  type: 'scim.user.deleted.v1',
  resource: 'User',
  summary: 'A user was deleted (SCIM DELETE /Users/{id} under the hardDelete policy).',
  schema: objectSchema(
    'scim.user.deleted.v1',
    { tenant: schemaParts.tenant, userId: schemaParts.userId, userName: schemaParts.userName },
    ['tenant', 'userId', 'userName'],
  ),
  example: {
    tenant: 'acme',
    userId: '0193a4c2-7d41-7c3e-9f0a-1b2c3d4e5f60',
    userName: 'ada.lovelace@acme.example',
  },
});
