import {
  attribute,
  complex,
  multiValuedSet,
  type SchemaDefinition,
} from './attribute-definition.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** RFC 7643 §4.1 and the User schema of §8.7.1. */
export const userSchema: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', { required: true, uniqueness: 'server' }),
    complex('name', [
      attribute('formatted'),
      attribute('familyName'),
      attribute('givenName'),
      attribute('middleName'),
      attribute('honorificPrefix'),
      attribute('honorificSuffix'),
    ]),
    attribute('displayName'),
    attribute('nickName'),
    attribute('profileUrl', 'reference', { referenceTypes: ['external'] }),
    attribute('title'),
    attribute('userType'),
    attribute('preferredLanguage'),
    attribute('locale'),
    attribute('timezone'),
    attribute('active', 'boolean'),
    attribute('password', 'string', { mutability: 'writeOnly', returned: 'never' }),
    multiValuedSet('emails', { types: ['work', 'home', 'other'] }),
    multiValuedSet('phoneNumbers', { types: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }),
    multiValuedSet('ims', {
      types: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    }),
    multiValuedSet('photos', {
      valueType: 'reference',
      referenceTypes: ['external'],
      types: ['photo', 'thumbnail'],
    }),
    complex(
      'addresses',
      [
        attribute('formatted'),
        attribute('streetAddress'),
        attribute('locality'),
        attribute('region'),
        attribute('postalCode'),
        attribute('country'),
        attribute('type', 'string', { canonicalValues: ['work', 'home', 'other'] }),
        attribute('primary', 'boolean'),
      ],
      { multiValued: true },
    ),
    // RFC 7643 §4.1.2: group membership is changed through the Group resource only.
    complex(
      'groups',
      [
        attribute('value', 'string', { mutability: 'readOnly' }),
        attribute('$ref', 'reference', {
          mutability: 'readOnly',
          referenceTypes: ['User', 'Group'],
        }),
        attribute('display', 'string', { mutability: 'readOnly' }),
        attribute('type', 'string', {
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
      { multiValued: true, mutability: 'readOnly' },
    ),
    multiValuedSet('entitlements'),
    multiValuedSet('roles'),
    multiValuedSet('x509Certificates', { valueType: 'binary' }),
  ],
};
