import { attribute, type SchemaDefinition } from './attribute-definition.js';

export const DOCUMENT360_USER_SCHEMA =
  'urn:ietf:params:scim:schemas:extension:document360:2.0:User';

/** The product's own User extension; registered by the composition root, not by default. */
export const document360UserSchema: SchemaDefinition = {
  id: DOCUMENT360_USER_SCHEMA,
  name: 'Document360User',
  description: 'Document360 user settings',
  attributes: [
    attribute('isTeamAccount', 'boolean', {
      description: 'Whether the account is shared by a team rather than used by one person',
    }),
  ],
};
