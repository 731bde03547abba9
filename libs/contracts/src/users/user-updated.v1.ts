import { defineContract, objectSchema, schemaParts } from '../contract.js';
import { publicUserAttributesSchema, type PublicUserAttributes } from './public-user-attributes.js';

/** Removed attributes are `null` in `attributes`. */
export type ChangedUserAttributes = {
  readonly [K in keyof PublicUserAttributes]?: PublicUserAttributes[K] | null;
};

/**
 * Something about the user other than its status changed: attributes, its userName, its role or
 * its password (named in `changedAttributes`, never with a value).
 */
export interface UserUpdatedV1 {
  readonly tenant: string;
  readonly userId: string;
  /** Every top-level SCIM attribute that changed, extension schemas by URN. */
  readonly changedAttributes: readonly string[];
  /** New values of the changed attributes among externalId, displayName, name and emails. */
  readonly attributes: ChangedUserAttributes;
  readonly userName?: { readonly from: string; readonly to: string };
  readonly role?: { readonly from?: string; readonly to: string };
}

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

export const userUpdatedV1 = defineContract<UserUpdatedV1>({
  type: 'scim.user.updated.v1',
  resource: 'User',
  summary: "A user's attributes, userName, role or password changed.",
  schema: objectSchema(
    'scim.user.updated.v1',
    {
      tenant: schemaParts.tenant,
      userId: schemaParts.userId,
      changedAttributes: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        description: 'Top-level SCIM attribute names (extension schemas by URN); `password` too.',
      },
      attributes: {
        type: 'object',
        properties: Object.fromEntries(
          Object.entries(publicUserAttributesSchema).map(([name, schema]) => [
            name,
            nullable(schema),
          ]),
        ),
      },
      userName: {
        type: 'object',
        properties: { from: schemaParts.userName, to: schemaParts.userName },
        required: ['from', 'to'],
      },
      role: {
        type: 'object',
        properties: { from: { type: 'string' }, to: { type: 'string' } },
        required: ['to'],
      },
    },
    ['tenant', 'userId', 'changedAttributes', 'attributes'],
  ),
  example: {
    tenant: 'acme',
    userId: '0193a4c2-7d41-7c3e-9f0a-1b2c3d4e5f60',
    changedAttributes: ['name', 'phoneNumbers'],
    attributes: { name: { givenName: 'Ada', familyName: 'King' } },
  },
});
