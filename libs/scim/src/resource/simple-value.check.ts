import { toBoolean } from '../filter/filter-value.coerce.js';
import type { JsonValue } from '../json/json.js';
import type { AttributeDefinition, AttributeType } from '../schema/attribute-definition.js';

/** A simple value in its attribute's type, or what the attribute expects instead. */
export type CheckedValue =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly expected: string };

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
// xsd:dateTime (RFC 7643 §2.3.5), which RFC 3339 date-times are; the zone may be left out.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/i;
// Base64 or base64url, padded or not, line breaks allowed (RFC 7643 §2.3.6).
const BASE64 = /^[A-Za-z0-9+/_\-\s]*={0,2}\s*$/;

/** What an attribute of each type expects, as error details say it. */
export function expectedOf(type: Exclude<AttributeType, 'complex'>): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'decimal':
      return 'a number';
    case 'dateTime':
      return 'an RFC 3339 date-time such as "2024-05-13T04:42:34Z"';
    case 'reference':
      return 'a URI (a string)';
    case 'binary':
      return 'base64-encoded text';
    default: {
      const unhandled: never = type;
      throw new Error(`Unhandled type ${String(unhandled)}`);
    }
  }
}

/**
 * Checks one value of a simple attribute (RFC 7643 §2.3) and converts it where a client's
 * spelling differs from the type: Entra's `"True"`/`"False"` become booleans and numeric strings
 * become numbers. Every other value is kept exactly as sent (Entra asks for no reformatting).
 */
export function checkSimpleValue(definition: AttributeDefinition, value: JsonValue): CheckedValue {
  const type = definition.type;
  if (type === 'complex') return { ok: false, expected: 'an object of sub-attributes' };
  const fail: CheckedValue = { ok: false, expected: expectedOf(type) };
  switch (type) {
    case 'string':
    case 'reference':
      return typeof value === 'string' ? { ok: true, value } : fail;
    case 'binary':
      return typeof value === 'string' && BASE64.test(value) ? { ok: true, value } : fail;
    case 'boolean': {
      const bool = toBoolean(value);
      return bool === undefined ? fail : { ok: true, value: bool };
    }
    case 'integer':
    case 'decimal': {
      const pattern = type === 'integer' ? INTEGER : DECIMAL;
      const number =
        typeof value === 'string' && pattern.test(value.trim()) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) return fail;
      if (type === 'integer' && !Number.isInteger(number)) return fail;
      return { ok: true, value: number };
    }
    case 'dateTime':
      return typeof value === 'string' && isDateTime(value) ? { ok: true, value } : fail;
    default: {
      const unhandled: never = type;
      throw new Error(`Unhandled type ${String(unhandled)}`);
    }
  }
}

function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const zoneHours = match[9] === undefined ? 0 : Number(match[9]);
  const zoneMinutes = match[10] === undefined ? 0 : Number(match[10]);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    zoneHours <= 23 &&
    zoneMinutes <= 59
  );
}

/** A value shown in an error detail: short, whatever the client sent, however deep. */
export function shown(value: JsonValue): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value !== 'string') return String(value);
  return value.length > 40
    ? `${JSON.stringify(value.slice(0, 40)).slice(0, -1)}..."`
    : JSON.stringify(value);
}
