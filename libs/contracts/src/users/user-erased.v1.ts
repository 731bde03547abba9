import { defineContract, objectSchema, schemaParts } from '../contract.js';

/**
 * The personal data of a user deleted earlier were erased on request (right to erasure). Every
 * copy a consumer keeps of them must go: its userName, attributes and anything derived from them.
 * Records of what happened (ids, types, times) may stay.
 */
export interface UserErasedV1 {
  readonly tenant: string;
  readonly userId: string;
}

export const userErasedV1 = defineContract<UserErasedV1>({
  type: 'scim.user.erased.v1',
  resource: 'User',
  summary:
    "A deleted user's personal data were erased on request: delete every copy you keep of them.",
  schema: objectSchema(
    'scim.user.erased.v1',
    { tenant: schemaParts.tenant, userId: schemaParts.userId },
    ['tenant', 'userId'],
  ),
  example: { tenant: 'acme', userId: '0193a4c2-7d41-7c3e-9f0a-1b2c3d4e5f60' },
});
