import { attribute, complex, type SchemaDefinition } from './attribute-definition.js';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/**
 * When `members.display` is returned: with every group (`default`), or only when a request names
 * it in `attributes` (`request`), so that a PATCH or PUT answers exactly the members the client
 * sent, which strict conformance suites compare value by value.
 */
export type MemberDisplayReturned = 'default' | 'request';

/**
 * RFC 7643 §4.2 and the Group schema of §8.7.1. Two departures, both to tell the truth:
 * `displayName` is required because the service refuses a group without one, and
 * `members.display` (not in the RFC schema) is published because responses carry it.
 */
export function groupSchemaWith(memberDisplay: MemberDisplayReturned): SchemaDefinition {
  return {
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'Group',
    attributes: [
      attribute('displayName', 'string', {
        description: 'The name of the group, as shown to people',
        required: true,
      }),
      complex(
        'members',
        [
          attribute('value', 'string', {
            description: 'The id of the member User or Group',
            mutability: 'immutable',
          }),
          attribute('$ref', 'reference', {
            description: 'The URI of the member User or Group',
            mutability: 'immutable',
            referenceTypes: ['User', 'Group'],
          }),
          attribute('type', 'string', {
            description: 'Whether the member is a User or a Group',
            mutability: 'immutable',
            canonicalValues: ['User', 'Group'],
          }),
          // The member's current name, joined when the group is read. Okta sends it with every
          // membership PATCH; being readOnly it is accepted there and ignored (RFC 7644 §3.5.2).
          attribute('display', 'string', {
            description: 'The display name of the member, kept up to date by the service',
            mutability: 'readOnly',
            returned: memberDisplay,
          }),
        ],
        { description: 'The users and groups that belong to the group', multiValued: true },
      ),
    ],
  };
}

export const groupSchema: SchemaDefinition = groupSchemaWith('default');
