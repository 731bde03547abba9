/**
 * Stable codes of domain errors. The gateway maps each code to a SCIM error (`status` and
 * `scimType`) in one place; the codes never change meaning once released.
 */
export const domainErrorCodes = [
  'user_not_found',
  'group_not_found',
  /** Another user of the tenant holds the same userName (compared case-insensitively). */
  'user_name_taken',
  /** Another group of the tenant holds the same displayName (compared case-insensitively). */
  'group_display_name_taken',
  'already_exists',
  'invalid_value',
  /** A member id that does not name a user or group of the same tenant. */
  'invalid_member',
  'tenant_not_found',
  'tenant_exists',
  'token_not_found',
  'app_registration_not_found',
  'client_secret_not_found',
  /** A tenant's custom extension schema that is not registered. */
  'schema_extension_not_found',
  /** An attempt to change an attribute that cannot be changed (RFC 7644 §3.12 `mutability`). */
  'mutability',
  /** Erasure of a user that still exists: it must be deleted first. */
  'user_not_erasable',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** A rule of the domain was broken. `detail` is a sentence that tells an admin what to fix. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** True when `error` is a DomainError, optionally of the given code. */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
