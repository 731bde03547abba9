import { attribute, complex, type SchemaDefinition } from './attribute-definition.js';

export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** RFC 7643 §4.3 and the Enterprise User schema of §8.7.1. */
export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber'),
    attribute('costCenter'),
    attribute('organization'),
    attribute('division'),
    attribute('department'),
    complex('manager', [
      attribute('value'),
      attribute('$ref', 'reference', { referenceTypes: ['User'] }),
      attribute('displayName', 'string', { mutability: 'readOnly' }),
    ]),
  ],
};
