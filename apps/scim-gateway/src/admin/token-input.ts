import { ScimError } from '#scim';
import { objectBody, optionalString } from './admin-body.js';

export const tokenExample = '{"label": "okta", "expiresAt": "2027-01-01T00:00:00Z"}';
const defaultLabel = 'admin';
const maxLabelLength = 100;

// RFC 3339 §5.6 date-time: a full date, a time, and an offset (Z or ±hh:mm).
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export interface TokenInput {
  readonly label: string;
  /** Normalised to UTC (toISOString); undefined for a token that never expires. */
  readonly expiresAt: string | undefined;
}

/** The optional body of POST /admin/tenants/:id/tokens; `now` decides what "in the future" is. */
export function tokenInput(body: unknown, now: number): TokenInput {
  if (body === undefined || body === null) return { label: defaultLabel, expiresAt: undefined };
  const input = objectBody(body, tokenExample);
  const label = optionalString(input, 'label')?.trim() || defaultLabel;
  if (label.length > maxLabelLength) {
    throw new ScimError(
      400,
      `"label" is at most ${maxLabelLength} characters; name the IdP connection, e.g. ${tokenExample}`,
      'invalidValue',
    );
  }
  return { label, expiresAt: expiry(optionalString(input, 'expiresAt'), now) };
}

function expiry(value: string | undefined, now: number): string | undefined {
  if (value === undefined) return undefined;
  const time = rfc3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ScimError(
      400,
      `"expiresAt" must be an RFC 3339 date-time with an offset, e.g. ${tokenExample}`,
      'invalidValue',
    );
  }
  if (time <= now) {
    throw new ScimError(
      400,
      `"expiresAt" ${value} is not in the future; give a later time or leave it out for a token that does not expire`,
      'invalidValue',
    );
  }
  return new Date(time).toISOString();
}
