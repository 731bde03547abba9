/**
 * What SCIM POST /Groups does when the application already holds a group of the same
 * displayName that was not created through SCIM (a "local" group, made by an admin in the app).
 * `alwaysCreate` creates a new SCIM group and leaves the local one alone, as Document360 does.
 * `adoptExisting` takes the local group over, keeping its members, as DocuWare does. A tenant
 * starts with `alwaysCreate`: adopting hands a group's membership to the IdP, which an admin
 * should choose knowingly.
 */
export const groupMatchingPolicies = ['alwaysCreate', 'adoptExisting'] as const;

export type GroupMatchingPolicy = (typeof groupMatchingPolicies)[number];

export const defaultGroupMatchingPolicy: GroupMatchingPolicy = 'alwaysCreate';

export function isGroupMatchingPolicy(value: unknown): value is GroupMatchingPolicy {
  return typeof value === 'string' && (groupMatchingPolicies as readonly string[]).includes(value);
}
