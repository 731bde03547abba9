import type { JsonSchema } from '../contract.js';

/**
 * The SCIM user attributes the contracts carry by value. Everything else the IdP sends (phone
 * numbers, addresses, extension schemas) stays in the directory; `user.updated` names such
 * attributes in `changedAttributes` without their values, so a consumer knows to look them up.
 */
export interface PublicUserAttributes {
  readonly externalId?: string;
  readonly displayName?: string;
  readonly name?: {
    readonly formatted?: string;
    readonly givenName?: string;
    readonly familyName?: string;
  };
  readonly emails?: readonly {
    readonly value: string;
    readonly type?: string;
    readonly primary?: boolean;
  }[];
}

export const publicUserAttributeNames = ['externalId', 'displayName', 'name', 'emails'] as const;

export const publicUserAttributesSchema: { readonly [name: string]: JsonSchema } = {
  externalId: { type: 'string', description: "The IdP's own id for the user." },
  displayName: { type: 'string' },
  name: {
    type: 'object',
    properties: {
      formatted: { type: 'string' },
      givenName: { type: 'string' },
      familyName: { type: 'string' },
    },
  },
  emails: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        value: { type: 'string' },
        type: { type: 'string' },
        primary: { type: 'boolean' },
      },
      required: ['value'],
    },
  },
};
