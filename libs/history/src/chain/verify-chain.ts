import type { EventStore, RecordedEvent } from '#event-store';
import type { ChainStore } from './chain-store.js';
import {
  type ChainHead,
  type ChainLink,
  eventDigest,
  GENESIS_HASH,
  headOf,
  linkHash,
  tenantOf,
} from './event-digest.js';

export type ChainBreakReason = 'altered' | 'missing' | 'unexpected';

/** The first place where the event store and the tenant's chain disagree. */
export interface ChainBreak {
  /** The link's seq; for an unexpected event, the seq it would have had. */
  readonly seq: number;
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  /**
   * `altered`: the event (or its link) no longer hashes as when it was linked. `missing`: a linked
   * event (or link) is gone. `unexpected`: an event below the checkpoint that was never linked.
   */
  readonly reason: ChainBreakReason;
  readonly detail: string;
}

export interface ChainVerification {
  readonly tenant: string;
  /** Events checked and found as they were linked. */
  readonly verified: number;
  /** The last link verified: without a break, the tenant's chain head, which a manifest quotes. */
  readonly head?: ChainHead;
  readonly firstBreak?: ChainBreak;
}

export interface VerifyChainOptions {
  /** Called every `PROGRESS_EVERY` verified events, for long walks. */
  readonly onProgress?: (progress: {
    readonly verified: number;
    readonly position: number;
  }) => void;
}

const PROGRESS_EVERY = 1000;

/**
 * Walks the tenant's events in the event store and its links in the chain store side by side,
 * in position order, up to the chain checkpoint, and stops at the first disagreement. Both sides
 * are streamed, so memory does not grow with the history.
 *
 * Positions pair an event with its link; digests and hashes are what prove it unchanged. The
 * chain proves the store against itself: quoting the head hash outside this machine (a signed
 * export manifest) is what would also expose someone who rewrote both the store and the chain.
 */
export async function verifyChain(
  eventStore: EventStore,
  chainStore: ChainStore,
  tenant: string,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  // The head before the checkpoint: both move in one commit, so this head is at or below it.
  const recordedHead = await chainStore.head(tenant);
  const checkpoint = await chainStore.checkpoint();
  const events = new Cursor(tenantEvents(eventStore, tenant, checkpoint));
  const links = new Cursor(linksUpTo(chainStore, tenant, checkpoint));
  let previous: ChainLink | undefined;
  let verified = 0;
  const result = (firstBreak?: ChainBreak): ChainVerification => ({
    tenant,
    verified,
    ...(previous === undefined ? {} : { head: headOf(previous) }),
    ...(firstBreak === undefined ? {} : { firstBreak }),
  });
  try {
    let event = await events.next();
    let link = await links.next();
    while (event !== undefined || link !== undefined) {
      const expectedSeq = previous === undefined ? 0 : previous.seq + 1;
      if (link !== undefined && (event === undefined || link.position < event.position)) {
        return result(await linkedEventGone(eventStore, link, tenant));
      }
      if (event !== undefined && (link === undefined || event.position < link.position)) {
        return result(unexpected(event, expectedSeq, checkpoint));
      }
      // Same position: this is the event the link was made for, unless it was swapped.
      const found = event!;
      const linked = link!;
      if (linked.seq !== expectedSeq) return result(linksCut(linked, expectedSeq));
      const alteration = alterationOf(found, linked, previous?.hash ?? GENESIS_HASH);
      if (alteration !== undefined) return result(breakAt(linked, 'altered', alteration));
      previous = linked;
      if (++verified % PROGRESS_EVERY === 0) {
        options.onProgress?.({ verified, position: linked.position });
      }
      event = await events.next();
      link = await links.next();
    }
    if (recordedHead !== undefined && (previous?.seq ?? -1) < recordedHead.seq) {
      return result(
        breakAt(
          recordedHead,
          'missing',
          `The chain's head is link ${recordedHead.seq}, but its links end at ` +
            `${previous === undefined ? 'none' : previous.seq}: links were cut off the end`,
        ),
      );
    }
    return result();
  } finally {
    await Promise.all([events.close(), links.close()]);
  }
}

/** What changed in `event` since it was linked, or undefined when it is as linked. */
function alterationOf(
  event: RecordedEvent,
  link: ChainLink,
  previousHash: string,
): string | undefined {
  if (event.id !== link.eventId) {
    return `Position ${link.position} held event ${link.eventId} when linked, and now holds ${event.id}`;
  }
  if (event.streamId !== link.streamId || event.revision !== link.revision) {
    return (
      `Event ${event.id} was linked as ${link.streamId}@${link.revision} and now reads as ` +
      `${event.streamId}@${event.revision}`
    );
  }
  const digest = eventDigest(event);
  if (digest !== link.digest) {
    return (
      `Event ${event.id} (${event.type}) no longer matches the digest recorded when it was ` +
      `linked: its type, data or metadata changed (digest was ${link.digest}, is now ${digest})`
    );
  }
  if (linkHash(previousHash, link.digest) !== link.hash) {
    return `Link ${link.seq} does not hash from link ${link.seq - 1}: the chain store itself was changed`;
  }
  return undefined;
}

/**
 * The link's event is not among the tenant's events. Looking at its position tells an event
 * moved to another tenant (altered metadata) from one deleted or replaced.
 */
async function linkedEventGone(
  eventStore: EventStore,
  link: ChainLink,
  tenant: string,
): Promise<ChainBreak> {
  const atPosition = await eventAt(eventStore, link.position);
  if (atPosition?.id === link.eventId) {
    return breakAt(
      link,
      'altered',
      `Event ${link.eventId} was linked for tenant '${tenant}' and now names tenant '${tenantOf(atPosition)}'`,
    );
  }
  return breakAt(
    link,
    'missing',
    `Event ${link.eventId} (${link.streamId}@${link.revision}) was linked at position ` +
      `${link.position} and is no longer in the event store`,
  );
}

function unexpected(event: RecordedEvent, seq: number, checkpoint: number): ChainBreak {
  return {
    seq,
    position: event.position,
    eventId: event.id,
    streamId: event.streamId,
    reason: 'unexpected',
    detail:
      `Event ${event.id} (${event.type}) at position ${event.position} is not in the chain, ` +
      `although every event up to position ${checkpoint} was linked`,
  };
}

function linksCut(link: ChainLink, expectedSeq: number): ChainBreak {
  return breakAt(
    link,
    'missing',
    `Links ${expectedSeq} to ${link.seq - 1}, before this one, are gone from the chain ` +
      'together with their events',
  );
}

function breakAt(link: ChainLink, reason: ChainBreakReason, detail: string): ChainBreak {
  const { seq, position, eventId, streamId } = link;
  return { seq, position, eventId, streamId, reason, detail };
}

async function eventAt(
  eventStore: EventStore,
  position: number,
): Promise<RecordedEvent | undefined> {
  // `fromPosition` is exclusive.
  for await (const event of eventStore.readAll({ fromPosition: position - 1, maxCount: 1 })) {
    return event.position === position ? event : undefined;
  }
  return undefined;
}

/** There is no index by tenant: the whole log is read, keeping the tenant's events. */
async function* tenantEvents(
  eventStore: EventStore,
  tenant: string,
  checkpoint: number,
): AsyncGenerator<RecordedEvent> {
  for await (const event of eventStore.readAll()) {
    if (event.position > checkpoint) return;
    if (tenantOf(event) === tenant) yield event;
  }
}

/** Links past the checkpoint read at the start belong to a batch committed meanwhile. */
async function* linksUpTo(
  chainStore: ChainStore,
  tenant: string,
  checkpoint: number,
): AsyncGenerator<ChainLink> {
  for await (const link of chainStore.links(tenant)) {
    if (link.position > checkpoint) return;
    yield link;
  }
}

/** Pulls one item at a time from an async generator, and closes it when the walk ends early. */
class Cursor<T> {
  constructor(private readonly generator: AsyncGenerator<T>) {}

  async next(): Promise<T | undefined> {
    const step = await this.generator.next();
    return step.done === true ? undefined : step.value;
  }

  async close(): Promise<void> {
    await this.generator.return(undefined);
  }
}
