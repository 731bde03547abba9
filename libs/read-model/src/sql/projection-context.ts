import type { RecordedEvent } from '#event-store';

/** What every row change needs from the recorded event besides its data. */
export interface EventContext {
  readonly tenant: string;
  /** Stream revision: the resource's ETag after this event. */
  readonly revision: number;
  /** RFC 3339 (normalised with toISOString so text order is time order), from metadata.occurredAt. */
  readonly time: string;
}

export function eventContext(event: RecordedEvent): EventContext {
  const occurred = Date.parse(event.metadata.occurredAt);
  const time = new Date(
    Number.isNaN(occurred) ? Date.parse(event.recordedAt) : occurred,
  ).toISOString();
  return { tenant: event.metadata.tenant, revision: event.revision, time };
}

type Json = { readonly [key: string]: unknown };

/** Applies a top-level attribute diff (`set` replaces whole attributes, `unset` removes them). */
export function mergeAttributes(current: Json, set: Json, unset: readonly string[]): Json {
  const next: Record<string, unknown> = { ...current, ...set };
  for (const name of unset) delete next[name];
  return next;
}

export function externalIdOf(attributes: Json): string | null {
  const value = attributes['externalId'];
  return typeof value === 'string' ? value : null;
}
