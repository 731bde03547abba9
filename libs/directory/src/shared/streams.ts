/**
 * Stream names. Every stream carries its tenant. Tenant ids never contain `:`, so
 * `<category>-<tenant>:<id>` is unambiguous; the category is the part before the first `-`.
 */
export const streams = {
  user: (tenant: string, userId: string) => `user-${tenant}:${userId}`,
  group: (tenant: string, groupId: string) => `group-${tenant}:${groupId}`,
  groupSnapshot: (tenant: string, groupId: string) => `groupsnapshot-${tenant}:${groupId}`,
  tenant: (tenant: string) => `tenant-${tenant}`,
  appRegistration: (tenant: string, clientId: string) => `appregistration-${tenant}:${clientId}`,
  /** Reservation of a unique value; `key` is already normalised and hashed. */
  reservation: (tenant: string, kind: string, key: string) => `unique-${tenant}:${kind}:${key}`,
} as const;

export const streamPrefixes = {
  user: 'user-',
  group: 'group-',
  tenant: 'tenant-',
  appRegistration: 'appregistration-',
} as const;
