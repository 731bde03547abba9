import {
  attribute,
  type AttributePath,
  type Filter,
  parseFilter,
  parseListParams,
  SchemaRegistry,
  type SchemaDefinition,
} from '#scim';
import type { ListQuery } from '../read-model.port.js';
import type { ContractContext } from './contract-setup.js';
import { users } from './recorded-events.fixture.js';

export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CUSTOM = 'urn:example:params:scim:schemas:extension:custom:1.0:User';

/** A tenant's own User extension: typed attributes the read model only knows through the schema. */
const customSchema: SchemaDefinition = {
  id: CUSTOM,
  name: 'Custom',
  description: 'Attributes of one tenant',
  attributes: [
    attribute('level', 'integer'),
    attribute('hired', 'dateTime'),
    attribute('badge', 'string', { caseExact: true }),
  ],
};

const registry = new SchemaRegistry({
  extensions: [{ resourceType: 'User', schema: customSchema }],
});
export const userResolver = registry.forResource('User');
export const groupResolver = registry.forResource('Group');

/** A filter as a client writes it, parsed as the gateway parses it. */
export const userFilter = (text: string): Filter => parseFilter(text, userResolver);
export const groupFilter = (text: string): Filter => parseFilter(text, groupResolver);

/** A sortBy as a client writes it. */
export const userSort = (text: string): AttributePath => {
  const { sortBy } = parseListParams({ sortBy: text }, userResolver);
  if (sortBy === undefined) throw new Error(`No sortBy in "${text}"`);
  return sortBy;
};

export const userQuery = (extra: Partial<ListQuery> = {}): ListQuery => ({
  startIndex: 1,
  count: 50,
  resolver: userResolver,
  ...extra,
});
export const groupQuery = (extra: Partial<ListQuery> = {}): ListQuery => ({
  startIndex: 1,
  count: 50,
  resolver: groupResolver,
  ...extra,
});

/** Hand-built trees, for what the parser would already refuse. */
export const path = (attribute: string, subAttribute?: string, schema?: string): AttributePath => ({
  attribute,
  ...(subAttribute === undefined ? {} : { subAttribute }),
  ...(schema === undefined ? {} : { schema }),
});

/**
 * Three users and two groups the list tests read; created in the order u1, u2, u3, g1, g2, one
 * second apart. u1's `hired` is 08:00Z written with a +02:00 offset, u2's is 08:30Z.
 */
export async function seedDirectory(c: ContractContext): Promise<void> {
  const { log, apply } = c;
  await apply(
    log.provision('acme', 'u1', 'Alice@Example.com', {
      externalId: 'EXT-1',
      displayName: 'Alice Ärger',
      title: 'Engineer',
      name: { givenName: 'Alice', familyName: 'Smith' },
      emails: [
        { value: 'Alice@X.example', type: 'work', primary: true },
        { value: 'alice@home.example', type: 'home' },
      ],
      roles: [{ value: 'admin', primary: true }],
      [ENTERPRISE]: { employeeNumber: '701', manager: { value: 'u2' } },
      [CUSTOM]: { level: 3, hired: '2020-05-01T10:00:00+02:00', badge: 'AB-1' },
    }),
    log.provision(
      'acme',
      'u2',
      'bob@example.com',
      {
        externalId: 'ext-2',
        name: { familyName: 'Jones' },
        emails: [
          { value: 'bob@x.example', type: 'home' },
          { value: 'bob@corp.example', type: 'work' },
        ],
        [CUSTOM]: { level: 1, hired: '2020-05-01T08:30:00.000Z', badge: 'ab-1' },
      },
      false,
    ),
    log.provision('acme', 'u3', 'carol', { nickName: '' }),
    log.provision('globex', 'u9', 'alice@example.com'),
    log.createGroup('acme', 'g1', 'Admins', { externalId: 'G-1' }),
    log.createGroup('acme', 'g2', 'Staff'),
    log.addMembers('acme', 'g1', users('u1')),
    log.addMembers('acme', 'g2', users('u1', 'u2')),
  );
}
