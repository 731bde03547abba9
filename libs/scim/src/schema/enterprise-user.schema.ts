import { attribute, complex, type SchemaDefinition } from './attribute-definition.js';

export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** RFC 7643 §4.3 and the Enterprise User schema of §8.7.1. */
export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', {
      description: 'The number the organization gives the employee',
    }),
    attribute('costCenter', 'string', { description: 'The name of a cost center' }),
    attribute('organization', 'string', { description: 'The name of an organization' }),
    attribute('division', 'string', { description: 'The name of a division' }),
    attribute('department', 'string', { description: 'The name of a department' }),
    complex(
      'manager',
      [
        attribute('value', 'string', { description: "The id of the manager's User resource" }),
        attribute('$ref', 'reference', {
          description: "The URI of the manager's User resource",
          referenceTypes: ['User'],
        }),
        // RFC 7643 §8.7.1 marks it readOnly, so a value sent in a request is ignored.
        attribute('displayName', 'string', {
          description: 'The display name of the manager',
          mutability: 'readOnly',
        }),
      ],
      { description: "The user's manager" },
    ),
  ],
};
