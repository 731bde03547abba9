import type { AttributeDefinition } from '../schema/attribute-definition.js';
import type { CompareOperator, FilterValue } from './filter.ast.js';

export type TypedValue = { readonly value: FilterValue } | { readonly problem: string };

const ORDERING: readonly CompareOperator[] = ['gt', 'ge', 'lt', 'le'];
const SUBSTRING: readonly CompareOperator[] = ['co', 'sw', 'ew'];

/**
 * Checks a comparison against the attribute's type and converts the literal to that type
 * (RFC 7644 §3.4.2.2). Entra writes booleans as strings (`roles[primary eq "True"]`), so string
 * booleans become booleans.
 */
export function typeFilterValue(
  definition: AttributeDefinition,
  op: CompareOperator,
  literal: FilterValue,
): TypedValue {
  const name = definition.name;
  if (literal === null) {
    return op === 'eq' || op === 'ne'
      ? { value: null }
      : { problem: `"${op}" cannot compare ${name} with null` };
  }
  switch (definition.type) {
    case 'boolean': {
      // RFC 7644 §3.4.2.2: gt/ge/lt/le on a boolean is invalidFilter.
      if (ORDERING.includes(op) || SUBSTRING.includes(op))
        return { problem: `"${op}" is not defined for the boolean attribute ${name}` };
      const value = toBoolean(literal);
      return value === undefined
        ? { problem: `${name} is a boolean; ${JSON.stringify(literal)} is not` }
        : { value };
    }
    case 'binary':
      if (op !== 'eq' && op !== 'ne')
        return { problem: `"${op}" is not defined for the binary attribute ${name}` };
      return typeof literal === 'string'
        ? { value: literal }
        : { problem: `${name} is binary (base64 text); ${JSON.stringify(literal)} is not` };
    case 'integer':
    case 'decimal': {
      if (SUBSTRING.includes(op))
        return { problem: `"${op}" is not defined for the number attribute ${name}` };
      const value =
        typeof literal === 'string' && literal.trim() !== '' ? Number(literal) : literal;
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (definition.type === 'integer' && !Number.isInteger(value))
      ) {
        return {
          problem: `${name} is ${definition.type === 'integer' ? 'an integer' : 'a decimal'}; ${JSON.stringify(literal)} is not`,
        };
      }
      return { value };
    }
    case 'dateTime': {
      if (SUBSTRING.includes(op))
        return { problem: `"${op}" compares text; ${name} is a dateTime, use gt, ge, lt or le` };
      const instant = typeof literal === 'string' ? toInstant(literal) : undefined;
      if (instant === undefined) {
        return {
          problem: `${name} is a dateTime; ${JSON.stringify(literal)} is not an xsd:dateTime such as "2026-01-01T00:00:00Z"`,
        };
      }
      // One spelling per instant, so every evaluator compares instants, not text.
      return { value: new Date(instant).toISOString() };
    }
    case 'string':
    case 'reference':
      if (typeof literal === 'boolean')
        return { problem: `${name} is a string; ${String(literal)} is not` };
      return { value: String(literal) };
    case 'complex':
      return { problem: `${name} is complex; compare one of its sub-attributes` };
    default: {
      const unhandled: never = definition.type;
      return { problem: `Unsupported type ${String(unhandled)}` };
    }
  }
}

export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

// xsd:dateTime (RFC 7643 §2.3.5), with the date-only form IdPs sometimes send.
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([Zz]|[+-]\d{2}:\d{2})?)?$/;

/**
 * Milliseconds since the epoch of an xsd:dateTime, or undefined when the text is not one. A time
 * without an offset is read as UTC (as SQL databases read it), never as the server's local time.
 */
export function toInstant(text: string): number | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, date, time, zone] = match;
  const instant = Date.parse(
    time === undefined ? date! : `${date}T${time}${zone?.toUpperCase() ?? 'Z'}`,
  );
  return Number.isNaN(instant) ? undefined : instant;
}
