import { erasedValueOf, personalFieldsOf } from '#directory';
import type { NewEvent } from '#event-store';

/** Which data of an event are personal, whose they are, and what they read as once erased. */
export interface PersonalDataPolicy {
  /** The subject and the personal fields of `event`; undefined when it holds none. */
  personalDataOf(event: NewEvent): { subject: string; fields: readonly string[] } | undefined;
  /** The stand-in value of `field` of an event whose subject was erased. */
  erasedValue(field: string, event: NewEvent): unknown;
}

/** The subject of a user's personal data: each user of each tenant has a key of its own. */
export function userSubject(tenant: string, userId: string): string {
  return `${tenant}/${userId}`;
}

/** The directory's personal data: the users' (`#directory` personalFieldsOf). */
export const directoryPersonalData: PersonalDataPolicy = {
  personalDataOf(event) {
    const personal = personalFieldsOf(event.type, event.data);
    if (personal === undefined) return undefined;
    return {
      subject: userSubject(event.metadata.tenant, personal.userId),
      fields: personal.fields,
    };
  },
  erasedValue(field, event) {
    return erasedValueOf(field, String(event.data['userId']));
  },
};
