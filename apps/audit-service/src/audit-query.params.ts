import { BadRequestException } from '@nestjs/common';
import { parseInstant } from '#history';
import type { AuditQuery } from './audit-log.js';

export const defaultLimit = 100;
export const maxLimit = 1000;

const textFilters = ['tenant', 'resourceId', 'type', 'caller'] as const;
const accepted = [...textFilters, 'resourceType', 'from', 'to', 'after', 'limit'];
const exampleTime = '2026-11-23T10:00:00Z';

/**
 * The audit query a request's query string asks for. Throws a 400 naming the parameter and the
 * form it accepts, for the first parameter that is wrong.
 */
export function parseAuditQuery(params: Readonly<Record<string, unknown>>): AuditQuery {
  const unknown = Object.keys(params).find((name) => !accepted.includes(name));
  if (unknown !== undefined)
    throw badRequest(
      `Unknown query parameter ${unknown}; the accepted ones are ${accepted.join(', ')}`,
    );
  const text = (name: string) => single(params, name);
  const query: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = { limit: defaultLimit };
  for (const name of textFilters) {
    const value = text(name);
    if (value !== undefined) query[name] = value;
  }
  const resourceType = text('resourceType');
  if (resourceType !== undefined) {
    if (resourceType !== 'User' && resourceType !== 'Group')
      throw badRequest('resourceType must be User or Group');
    query.resourceType = resourceType;
  }
  const from = time(text('from'), 'from');
  const to = time(text('to'), 'to');
  if (from !== undefined && to !== undefined && to <= from)
    throw badRequest('to must be later than from (from is inclusive, to is exclusive)');
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  const after = integer(text('after'), 'after', 0, Number.MAX_SAFE_INTEGER);
  if (after !== undefined) query.after = after;
  query.limit = integer(text('limit'), 'limit', 1, maxLimit) ?? defaultLimit;
  return query;
}

function single(params: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} must be given once`);
  if (value === '') throw badRequest(`${name} must not be empty; leave it out to match any`);
  return value;
}

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const instant = parseInstant(value);
  if (instant === undefined)
    throw badRequest(`${name} must be an RFC 3339 time such as ${exampleTime}`);
  return Date.parse(instant);
}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(number) || number < min || number > max) {
    const form =
      name === 'after'
        ? 'the next value of a previous page (a sequence number, 0 or more)'
        : `an integer from ${min} to ${max}`;
    throw badRequest(`${name} must be ${form}`);
  }
  return number;
}

function badRequest(detail: string): BadRequestException {
  return new BadRequestException(detail);
}
