import {
  ContractViolation,
  parseContractMessage,
  type ContractEvent,
  type ContractMessage,
} from '#contracts';

/**
 * A downstream consumer's work for one event. It must be idempotent (deduplicate by `event.id`)
 * and have committed its own write when it resolves: the transport acknowledges the message then.
 */
export type ContractHandler = (event: ContractEvent) => Promise<void>;

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
 * Parses the message and hands it to the handler, retrying a failing handler as the policy says.
 * A message that is not a valid contract event fails at once: no retry can make it valid.
 */
export async function deliver(
  message: ContractMessage,
  handler: ContractHandler,
  policy: RetryPolicy,
  whileWaiting: () => Promise<void> = async () => undefined,
): Promise<Delivery> {
  let event: ContractEvent;
  try {
    event = parseContractMessage(message);
  } catch (error) {
    if (error instanceof ContractViolation)
      return { outcome: 'failed', error, attempts: 0, violation: true };
    throw error;
  }
  let lastError = new Error('no attempt made');
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      await handler(event);
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
