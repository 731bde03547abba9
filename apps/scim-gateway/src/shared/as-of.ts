import type { HistoryPoint } from '#history';
import { parseInstant } from '#history';
import { ScimError } from '#scim';

type QueryString = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The `asOf` parameter of a single-resource GET: an RFC 3339 date-time with a zone. The resource
 * is then answered as it was at that moment, replayed from the event store (an extension of
 * RFC 7644, see the README).
 */
export function asOfFrom(query: QueryString): { time: string } | undefined {
  const value = query['asOf'];
  if (value === undefined) return undefined;
  const instant = typeof value === 'string' ? parseInstant(value) : undefined;
  if (instant === undefined)
    throw ScimError.of(
      'invalidValue',
      `asOf must be one RFC 3339 date-time with a time zone, such as 2026-11-23T10:00:00Z (got ${JSON.stringify(value)})`,
    );
  return { time: instant };
}

export const describePoint = (point: HistoryPoint): string =>
  'time' in point ? point.time : `position ${point.position}`;
