import { once } from 'node:events';
import type { ServerWritableStream } from '@grpc/grpc-js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import type { InMemoryLog } from './in-memory-log.js';
import { readEventResponse, streamsPb, type UuidFormat } from './wire-messages.js';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;
type ReadOptions = InstanceType<typeof streamsPb.ReadReq.Options>;
type ReadResp = InstanceType<typeof streamsPb.ReadResp>;

/** KurrentDB's default filter search window; checkpoints come every multiplier × window events. */
const DEFAULT_SEARCH_WINDOW = 32;

/**
 * A catch-up subscription to `$all`: confirmation, the stored events after the start, a
 * checkpoint and CaughtUp at the head, then live events as they are written. A filtered
 * subscription also gets a checkpoint every `checkpointIntervalMultiplier × window` events read,
 * matching or not, so a sparse filter still advances the reader's checkpoint. Writes wait for
 * the HTTP/2 flow-control window, so a slow reader holds the server back instead of filling
 * its memory.
 */
export async function streamAllSubscription(
  log: InMemoryLog,
  call: ServerWritableStream<ReadReq, ReadResp>,
  options: ReadOptions,
  format: UuidFormat,
): Promise<void> {
  let cancelled = false;
  let wake: (() => void) | undefined;
  const cancel = () => {
    cancelled = true;
    wake?.();
  };
  call.on('cancelled', cancel);
  call.on('close', cancel);
  const removeListener = log.onWrite(() => wake?.());
  const send = async (response: ReadResp) => {
    if (call.write(response) || cancelled) return;
    await Promise.race([once(call, 'drain'), once(call, 'close')]);
  };
  try {
    const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(
      crypto.randomUUID(),
    );
    await send(new streamsPb.ReadResp().setConfirmation(confirmation));
    const matches = filterOf(options);
    const filter = options.getFilter();
    const interval =
      filter === undefined
        ? Infinity
        : Math.max(1, filter.getCheckpointintervalmultiplier()) *
          (filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW);
    let index = startIndex(log, options);
    let readSinceCheckpoint = 0;
    let caughtUp = false;
    while (!cancelled) {
      const event = log.all[index];
      if (event !== undefined) {
        index += 1;
        if (matches(event.streamId, event.type)) await send(readEventResponse(event, format, true));
        readSinceCheckpoint += 1;
        if (readSinceCheckpoint >= interval) {
          await send(checkpoint(event.position));
          readSinceCheckpoint = 0;
        }
        continue;
      }
      if (!caughtUp) {
        caughtUp = true;
        const head = log.all.at(-1);
        if (filter !== undefined && head !== undefined && readSinceCheckpoint > 0) {
          await send(checkpoint(head.position));
          readSinceCheckpoint = 0;
        }
        await send(caughtUpMessage(head?.position));
        // Events may have been written while that was sent: look again before sleeping.
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    removeListener();
    call.off('cancelled', cancel);
    call.off('close', cancel);
  }
}

function startIndex(log: InMemoryLog, options: ReadOptions): number {
  const all = options.getAll()!;
  if (all.hasStart()) return 0;
  if (all.hasEnd()) return log.all.length;
  // Subscriptions are exclusive of their start position.
  return log.indexAtOrAfter(Number(all.getPosition()!.getCommitPosition()) + 1);
}

function checkpoint(position: number): ReadResp {
  const message = new streamsPb.ReadResp.Checkpoint()
    .setCommitPosition(String(position))
    .setPreparePosition(String(position))
    .setTimestamp(timestampPb.Timestamp.fromDate(new Date()));
  return new streamsPb.ReadResp().setCheckpoint(message);
}

function caughtUpMessage(position: number | undefined): ReadResp {
  const message = new streamsPb.ReadResp.CaughtUp().setTimestamp(
    timestampPb.Timestamp.fromDate(new Date()),
  );
  if (position !== undefined) {
    message.setPosition(
      new streamsPb.ReadResp.Position()
        .setCommitPosition(String(position))
        .setPreparePosition(String(position)),
    );
  }
  return new streamsPb.ReadResp().setCaughtUp(message);
}

/** The server-side filter of a `$all` read or subscription: prefixes or a regex, on one field. */
export function filterOf(options: ReadOptions): (streamId: string, type: string) => boolean {
  const filter = options.getFilter();
  if (filter === undefined) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() === '' ? undefined : new RegExp(expression.getRegex());
  return (streamId, type) => {
    const value = onStream ? streamId : type;
    if (prefixes.length > 0) return prefixes.some((prefix) => value.startsWith(prefix));
    return regex === undefined || regex.test(value);
  };
}
