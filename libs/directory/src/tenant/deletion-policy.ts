/**
 * What SCIM DELETE /Users/{id} does in a tenant. `hardDelete` deletes the user and frees its
 * userName. `keepDisabled` deactivates the user and hides it from the SCIM surface, so systems fed
 * by the events see an account that was disabled, not one that vanished (for audits and for
 * downstream systems that must never lose an account's history). A tenant starts with `hardDelete`.
 */
export const deletionPolicies = ['hardDelete', 'keepDisabled'] as const;

export type DeletionPolicy = (typeof deletionPolicies)[number];

export const defaultDeletionPolicy: DeletionPolicy = 'hardDelete';

export function isDeletionPolicy(value: unknown): value is DeletionPolicy {
  return typeof value === 'string' && (deletionPolicies as readonly string[]).includes(value);
}
