import type { UserEvent } from './user.events.js';

/**
 * Which fields of which events hold a user's personal data (DESIGN, ADR 0010). They are sealed
 * with the user's own key when stored, and become unreadable when the user is erased. Ids, the
 * account status, the role and the attribute names removed stay in clear: they say what happened
 * without saying who to.
 */
const personalFieldsByType: { readonly [T in UserEvent['type']]: readonly string[] } & {
  readonly [type: string]: readonly string[] | undefined;
} = {
  UserProvisioned: ['userName', 'attributes', 'passwordHash'],
  UserAttributesChanged: ['set'],
  UserNameChanged: ['from', 'to'],
  UserPasswordChanged: ['passwordHash'],
  UserDeleted: ['userName'],
  UserHiddenByDeletionPolicy: ['userName'],
  UserDeactivated: [],
  UserReactivated: [],
  UserActiveCleared: [],
  UserActiveSet: [],
  UserRoleChanged: [],
  UserErased: [],
  // The userName reservation (ADR 0003) is stored in the reserving append, under the user's key.
  UserNameReserved: ['userName'],
};

/** The personal fields an event holds, and the user they belong to; undefined when none. */
export interface PersonalFields {
  readonly userId: string;
  readonly fields: readonly string[];
}

export function personalFieldsOf(
  type: string,
  data: { readonly [key: string]: unknown },
): PersonalFields | undefined {
  const listed = personalFieldsByType[type];
  const userId = data['userId'];
  if (listed === undefined || typeof userId !== 'string') return undefined;
  const fields = listed.filter((field) => data[field] !== undefined);
  return fields.length === 0 ? undefined : { userId, fields };
}

/**
 * What an erased field reads as: a value of the field's type, so that every fold and projection
 * still runs over the erased user's history. Names are unique per user, so replaying two erased
 * users side by side never collides on a unique userName.
 */
export function erasedValueOf(field: string, userId: string): unknown {
  switch (field) {
    case 'attributes':
    case 'set':
      return {};
    case 'passwordHash':
      return 'erased';
    default:
      return `erased-${userId}`;
  }
}
