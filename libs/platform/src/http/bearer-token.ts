import { UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks `Authorization: Bearer <token>` against one configured token, throwing a 401 whose detail
 * names the token the caller should send (`what`, e.g. "the audit API token (AUDIT_API_TOKEN)").
 */
export function requireBearerToken(
  authorization: string | undefined,
  expected: string,
  what: string,
): void {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined)
    throw new UnauthorizedException(
      `Authentication required: send ${what} as "Authorization: Bearer <token>"`,
    );
  if (!sameSecret(presented, expected))
    throw new UnauthorizedException(`The bearer token is not ${what}`);
}

/** Compares digests, so neither the length nor a prefix of the secret leaks through timing. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
