import { attribute, complex, type SchemaDefinition } from './attribute-definition.js';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/**
 * RFC 7643 §4.2 and the Group schema of §8.7.1. `members.display` is not in the RFC schema but
 * Okta sends it with every membership PATCH, so it is accepted.
 */
export const groupSchema: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', 'string', { required: true }),
    complex(
      'members',
      [
        attribute('value', 'string', { mutability: 'immutable' }),
        attribute('$ref', 'reference', {
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        attribute('type', 'string', {
          mutability: 'immutable',
          canonicalValues: ['User', 'Group'],
        }),
        attribute('display', 'string', { mutability: 'immutable' }),
      ],
      { multiValued: true },
    ),
  ],
};
