import {
  ContractViolation,
  parseContractMessage,
  type ContractEvent,
  type ContractMessage,
} from '#contracts';

/**
 * A downstream consumer's work for consecutive events, in order. All or nothing: when it
 * resolves, every event's effect is committed (the transport acknowledges them then); when it
 * rejects, none is. Idempotent: an event seen before (same `event.id`) changes nothing.
 */
export type ContractHandler = (events: readonly ContractEvent[]) => Promise<void>;

export interface RetryPolicy {
  /** Attempts in all before the message is given up on (dead-lettered). */
  readonly attempts: number;
  /** Pause before attempt `n + 1` after attempt `n` failed. */
  readonly delayMs: (attempt: number) => number;
}

/** 5 attempts over about 3 s: long enough for a lock or a full disk cleared by hand, short enough
 * not to hold a partition up. */
export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  delayMs: (attempt) => 100 * 2 ** attempt,
};

export type Delivery =
  | { readonly outcome: 'applied'; readonly event: ContractEvent }
  | {
      readonly outcome: 'failed';
      readonly error: Error;
      readonly attempts: number;
      /** The message is not a contract event at all; no attempt was made. */
      readonly violation: boolean;
    };

/**
 * Hands the messages to the handler in one call, in order, and says what became of each. A
 * message that is not a valid contract event fails at once (no retry can make it valid) and the
 * others still go through. When the batch call fails, the events are retried one at a time as the
 * policy says, so one event that keeps failing does not hold back the rest.
 */
export async function deliverAll(
  messages: readonly ContractMessage[],
  handler: ContractHandler,
  policy: RetryPolicy,
  whileWaiting: () => Promise<void> = async () => undefined,
): Promise<Delivery[]> {
  return deliverParsed(messages.map(parseDelivery), handler, policy, whileWaiting);
}

/** `deliverAll` for messages already parsed (`parseDelivery`), when several consumers get them. */
export async function deliverParsed(
  parsed: readonly Delivery[],
  handler: ContractHandler,
  policy: RetryPolicy,
  whileWaiting: () => Promise<void> = async () => undefined,
): Promise<Delivery[]> {
  const events = parsed.flatMap((delivery) =>
    delivery.outcome === 'applied' ? [delivery.event] : [],
  );
  if (events.length === 0) return [...parsed];
  try {
    await handler(events);
    return [...parsed];
  } catch {
    const deliveries: Delivery[] = [];
    for (const delivery of parsed) {
      deliveries.push(
        delivery.outcome === 'applied'
          ? await deliverOne(delivery.event, handler, policy, whileWaiting)
          : delivery,
      );
    }
    return deliveries;
  }
}

/** A message read into its contract event (`applied` until handed over), or why it is none. */
export function parseDelivery(message: ContractMessage): Delivery {
  try {
    return { outcome: 'applied', event: parseContractMessage(message) };
  } catch (error) {
    if (error instanceof ContractViolation)
      return { outcome: 'failed', error, attempts: 0, violation: true };
    throw error;
  }
}

async function deliverOne(
  event: ContractEvent,
  handler: ContractHandler,
  policy: RetryPolicy,
  whileWaiting: () => Promise<void>,
): Promise<Delivery> {
  let lastError = new Error('no attempt made');
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      await handler([event]);
      return { outcome: 'applied', event };
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      if (attempt < policy.attempts) {
        await sleep(policy.delayMs(attempt));
        await whileWaiting();
      }
    }
  }
  return { outcome: 'failed', error: lastError, attempts: policy.attempts, violation: false };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
