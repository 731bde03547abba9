import { defineContract, objectSchema, schemaParts } from '../contract.js';
import { publicUserAttributesSchema, type PublicUserAttributes } from './public-user-attributes.js';

/** A user was created by the IdP. `active: false` means it starts disabled. */
export interface UserProvisionedV1 extends PublicUserAttributes {
  readonly tenant: string;
  readonly userId: string;
  readonly userName: string;
  readonly active: boolean;
  /** The role the tenant's role rule gives the user, when the tenant has a rule. */
  readonly role?: string;
}

export const userProvisionedV1 = defineContract<UserProvisionedV1>({
  type: 'scim.user.provisioned.v1',
  resource: 'User',
  summary: 'A user was provisioned (SCIM POST /Users).',
  schema: objectSchema(
    'scim.user.provisioned.v1',
    {
      tenant: schemaParts.tenant,
      userId: schemaParts.userId,
      userName: schemaParts.userName,
      active: { type: 'boolean', description: 'false when the user starts disabled.' },
      role: { type: 'string', description: "The role given by the tenant's role rule." },
      ...publicUserAttributesSchema,
    },
    ['tenant', 'userId', 'userName', 'active'],
  ),
  example: {
    tenant: 'acme',
    userId: '0193a4c2-7d41-7c3e-9f0a-1b2c3d4e5f60',
    userName: 'ada.lovelace@acme.example',
    active: true,
    externalId: '00u1a2b3c4d5e6f7g8h9',
    displayName: 'Ada Lovelace',
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ value: 'ada.lovelace@acme.example', type: 'work', primary: true }],
  },
});
