import { ScimError } from '../errors/scim-error.js';
import type { ListQuery } from './list-params.js';

export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

const TEXT_MEMBERS = ['filter', 'sortBy', 'sortOrder'];
const LIST_MEMBERS = ['attributes', 'excludedAttributes'];
const NUMBER_MEMBERS = ['startIndex', 'count'];

/**
 * Reads the body of `POST .search` (RFC 7644 §3.4.3) into the query parameters a GET would carry,
 * so both go through `parseListParams`. Member names are case-insensitive (RFC 7643 §2.1);
 * members the request does not define are ignored.
 */
export function parseSearchRequest(body: unknown): ListQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ScimError.invalidSyntax(
      `The body must be a JSON object holding a SearchRequest ({"schemas": ["${SEARCH_REQUEST_SCHEMA}"], ...})`,
    );
  }
  const members = new Map<string, unknown>(
    Object.entries(body as Record<string, unknown>).map(([key, value]) => [
      key.toLowerCase(),
      value,
    ]),
  );
  const schemas = members.get('schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some(
      (schema) =>
        typeof schema === 'string' && schema.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase(),
    )
  ) {
    throw ScimError.invalidSyntax(`"schemas" must list ${SEARCH_REQUEST_SCHEMA}`);
  }
  const query: Record<string, string> = {};
  for (const name of [...TEXT_MEMBERS, ...LIST_MEMBERS, ...NUMBER_MEMBERS]) {
    const value = members.get(name.toLowerCase());
    if (value === undefined || value === null) continue;
    query[name] = LIST_MEMBERS.includes(name)
      ? attributeList(name, value)
      : NUMBER_MEMBERS.includes(name)
        ? wholeNumber(name, value)
        : text(name, value);
  }
  return query;
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string') throw ScimError.invalidValue(`${name} must be a string`);
  return value;
}

/** RFC 7644 §3.4.3 gives a list of strings; a comma-separated string, as in a GET, is accepted. */
function attributeList(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value.join(',');
  throw ScimError.invalidValue(
    `${name} must be a list of attribute names, e.g. ["userName", "emails.value"]`,
  );
}

function wholeNumber(name: string, value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  // Numbers in quotes are read as a GET reads them; parseListParams rejects non-integers.
  if (typeof value === 'string') return value;
  throw ScimError.invalidValue(`${name} must be a whole number, not ${JSON.stringify(value)}`);
}
