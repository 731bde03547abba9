import {
  attribute,
  complex,
  multiValuedSet,
  type SchemaDefinition,
} from './attribute-definition.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/**
 * RFC 7643 §4.1 and the User schema of §8.7.1. Descriptions are ours; characteristics follow the
 * RFC except where the service behaves otherwise, and then the published schema tells the truth.
 */
export const userSchema: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', {
      description: 'The unique sign-in name of the user; unique in the tenant, case-insensitive',
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'name',
      [
        attribute('formatted', 'string', { description: 'The full name, formatted for display' }),
        attribute('familyName', 'string', { description: 'The family (last) name' }),
        attribute('givenName', 'string', { description: 'The given (first) name' }),
        attribute('middleName', 'string', { description: 'The middle name(s)' }),
        attribute('honorificPrefix', 'string', { description: 'A title such as "Ms." or "Dr."' }),
        attribute('honorificSuffix', 'string', { description: 'A suffix such as "III"' }),
      ],
      { description: "The components of the user's name" },
    ),
    attribute('displayName', 'string', { description: 'The name shown to other people' }),
    attribute('nickName', 'string', { description: 'The casual name of the user' }),
    attribute('profileUrl', 'reference', {
      description: "A URL of the user's online profile",
      referenceTypes: ['external'],
    }),
    attribute('title', 'string', { description: 'The job title, e.g. "Vice President"' }),
    attribute('userType', 'string', {
      description: 'The relationship to the organization, e.g. "Employee" or "Contractor"',
    }),
    attribute('preferredLanguage', 'string', {
      description: 'The preferred written or spoken language, e.g. "en-US"',
    }),
    attribute('locale', 'string', {
      description: 'The locale for formatting dates, numbers and currency, e.g. "en-US"',
    }),
    attribute('timezone', 'string', {
      description: 'The time zone in IANA format, e.g. "Europe/Berlin"',
    }),
    attribute('active', 'boolean', {
      description: 'Whether the user may sign in; false deactivates without deleting',
    }),
    attribute('password', 'string', {
      description: 'The clear-text password to set; stored hashed and never returned',
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiValuedSet('emails', {
      description: 'Email addresses of the user',
      types: ['work', 'home', 'other'],
    }),
    multiValuedSet('phoneNumbers', {
      description: 'Phone numbers of the user',
      types: ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
    }),
    multiValuedSet('ims', {
      description: 'Instant messaging addresses of the user',
      types: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    }),
    multiValuedSet('photos', {
      description: 'URLs of photos of the user',
      valueType: 'reference',
      referenceTypes: ['external'],
      types: ['photo', 'thumbnail'],
    }),
    complex(
      'addresses',
      [
        attribute('formatted', 'string', { description: 'The full address, formatted for mail' }),
        attribute('streetAddress', 'string', { description: 'The street, house number and unit' }),
        attribute('locality', 'string', { description: 'The city or locality' }),
        attribute('region', 'string', { description: 'The state or region' }),
        attribute('postalCode', 'string', { description: 'The postal or ZIP code' }),
        attribute('country', 'string', {
          description: 'The country, as an ISO 3166-1 alpha-2 code',
        }),
        attribute('type', 'string', {
          description: 'A label for the address',
          canonicalValues: ['work', 'home', 'other'],
        }),
        attribute('primary', 'boolean', {
          description: 'Whether this is the preferred address; true at most once',
        }),
      ],
      { description: 'Physical mailing addresses of the user', multiValued: true },
    ),
    // RFC 7643 §4.1.2: group membership is changed through the Group resource only.
    complex(
      'groups',
      [
        attribute('value', 'string', {
          description: 'The id of the group',
          mutability: 'readOnly',
        }),
        attribute('$ref', 'reference', {
          description: 'The URI of the group',
          mutability: 'readOnly',
          referenceTypes: ['User', 'Group'],
        }),
        attribute('display', 'string', {
          description: 'The display name of the group',
          mutability: 'readOnly',
        }),
        attribute('type', 'string', {
          description: 'Whether the membership is direct or through a nested group',
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
      {
        description: 'The groups the user belongs to; change membership through /Groups',
        multiValued: true,
        mutability: 'readOnly',
      },
    ),
    multiValuedSet('entitlements', { description: 'Entitlements of the user' }),
    multiValuedSet('roles', { description: 'Roles of the user' }),
    multiValuedSet('x509Certificates', {
      description: 'X.509 certificates of the user, DER encoded in base64',
      valueType: 'binary',
    }),
  ],
};
