const tenantIdPattern = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Tenant ids appear in URLs (`/scim/v2/{tenant}`), stream names and Kafka keys, so they are kept
 * to lower-case letters, digits, `_` and `-` (never `:`, the stream-name separator), 1 to 63 long.
 */
export function isValidTenantId(tenantId: string): boolean {
  return tenantIdPattern.test(tenantId);
}
