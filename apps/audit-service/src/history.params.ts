import { BadRequestException } from '@nestjs/common';
import { type HistoryPoint, parseInstant } from '#history';

const exampleTime = '2026-11-23T10:00:00Z';

/**
 * A moment given as a query parameter: an RFC 3339 date-time with a zone, or an event-store
 * position (a whole number, as `position` in the audit events and timelines).
 */
export function pointParam(
  params: Readonly<Record<string, unknown>>,
  name: string,
): HistoryPoint | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadRequestException(`${name} must be given once`);
  if (/^\d{1,16}$/.test(value)) return { position: Number(value) };
  const time = parseInstant(value);
  if (time === undefined)
    throw new BadRequestException(
      `${name} must be an RFC 3339 time such as ${exampleTime}, or an event-store position (a whole number)`,
    );
  return { time };
}

/** The one moment of a state request (`asOf`), now when left out. */
export function asOfParam(params: Readonly<Record<string, unknown>>): HistoryPoint | undefined {
  allowOnly(params, ['asOf', 'members']);
  return pointParam(params, 'asOf');
}

/** The two moments of a diff (`from`, `to`), both required. */
export function diffParams(params: Readonly<Record<string, unknown>>): {
  from: HistoryPoint;
  to: HistoryPoint;
} {
  allowOnly(params, ['from', 'to']);
  const from = pointParam(params, 'from');
  const to = pointParam(params, 'to');
  if (from === undefined || to === undefined)
    throw new BadRequestException(
      `from and to are both required: the two moments to compare, RFC 3339 times such as ${exampleTime} or event-store positions`,
    );
  return { from, to };
}

/** Paging of a timeline: `after` (a revision from a previous page) and `limit`. */
export function timelineParams(params: Readonly<Record<string, unknown>>): {
  after: number;
  limit: number;
} {
  allowOnly(params, ['after', 'limit']);
  return {
    after: whole(params, 'after', -1, Number.MAX_SAFE_INTEGER) ?? -1,
    limit: whole(params, 'limit', 1, 1000) ?? 100,
  };
}

function whole(
  params: Readonly<Record<string, unknown>>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(number) || number < min || number > max)
    throw new BadRequestException(
      name === 'after'
        ? 'after must be the next value of a previous page (a revision, 0 or more)'
        : `${name} must be a whole number from ${min} to ${max}`,
    );
  return number;
}

function allowOnly(params: Readonly<Record<string, unknown>>, accepted: readonly string[]): void {
  const unknown = Object.keys(params).find((name) => !accepted.includes(name));
  if (unknown !== undefined)
    throw new BadRequestException(
      `Unknown query parameter ${unknown}; the accepted ones are ${accepted.join(', ')}`,
    );
}
