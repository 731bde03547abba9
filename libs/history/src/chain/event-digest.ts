import { createHash } from 'node:crypto';
import type { RecordedEvent } from '#event-store';
import { canonicalJson } from './canonical-json.js';

/** The previous hash of a tenant's first link. */
export const GENESIS_HASH = '0'.repeat(64);

/** One event's place in its tenant's chain, as the chain store keeps it. */
export interface ChainLink {
  readonly tenant: string;
  /** 0 for the tenant's first event, then one more per event in position order. */
  readonly seq: number;
  /** Event store position of the event when it was linked. */
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
  /** `eventDigest` of the event. */
  readonly digest: string;
  /** `linkHash` of the previous link's hash and this digest. */
  readonly hash: string;
}

/** The newest link of a tenant: quoting it (e.g. in a signed manifest) pins the whole chain. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
  readonly position: number;
}

/**
 * The tenant whose chain an event belongs to. An event written without one (which the write path
 * never does) still gets linked, under the empty tenant, rather than stopping the keeper.
 */
export function tenantOf(event: RecordedEvent): string {
  const tenant: unknown = event.metadata?.tenant;
  return typeof tenant === 'string' ? tenant : '';
}

/**
 * SHA-256 (hex) of the canonical JSON of what the event says. `position` and `recordedAt` are
 * left out: a migration to another store assigns new ones, and the history must still verify.
 */
export function eventDigest(event: RecordedEvent): string {
  const { id, streamId, revision, type, data, metadata } = event;
  return sha256(canonicalJson({ id, streamId, revision, type, data, metadata }));
}

/** SHA-256 (hex) over the previous link's hash then the event's digest (both 64 hex chars). */
export function linkHash(previousHash: string, digest: string): string {
  return sha256(previousHash + digest);
}

/** The link that follows `previous` (undefined: the tenant's first) for `event`. */
export function nextLink(previous: ChainHead | undefined, event: RecordedEvent): ChainLink {
  const digest = eventDigest(event);
  return {
    tenant: tenantOf(event),
    seq: previous === undefined ? 0 : previous.seq + 1,
    position: event.position,
    eventId: event.id,
    streamId: event.streamId,
    revision: event.revision,
    digest,
    hash: linkHash(previous?.hash ?? GENESIS_HASH, digest),
  };
}

export function headOf(link: ChainLink): ChainHead {
  return { seq: link.seq, hash: link.hash, position: link.position };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
