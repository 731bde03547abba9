import { attribute, complex, type AttributeDefinition } from './attribute-definition.js';

/** RFC 7643 §3.1: attributes every resource carries, outside any schema. */
export const commonAttributes: readonly AttributeDefinition[] = [
  attribute('id', 'string', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', { caseExact: true }),
  complex(
    'meta',
    [
      attribute('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attribute('location', 'reference', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attribute('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
];
