/**
 * A moment in a resource's history: a time (RFC 3339; the events decided at or before it) or an
 * event-store position (the events at or before it).
 */
export type HistoryPoint = { readonly time: string } | { readonly position: number };

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** The instant of an RFC 3339 date-time with a zone, or undefined for anything else. */
export function parseInstant(text: string): string | undefined {
  if (!rfc3339.test(text)) return undefined;
  const time = Date.parse(text.toUpperCase());
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Whether a recorded event lies at or before the point. */
export function reaches(
  point: HistoryPoint | undefined,
  event: { readonly position: number; readonly metadata: { readonly occurredAt: string } },
): boolean {
  if (point === undefined) return true;
  if ('position' in point) return event.position <= point.position;
  return Date.parse(event.metadata.occurredAt) <= Date.parse(point.time);
}
