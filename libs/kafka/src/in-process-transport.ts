import { Logger } from '@nestjs/common';
import type { ContractMessage, ContractSink } from '#contracts';
import {
  deliverParsed,
  parseDelivery,
  type ContractHandler,
  type Delivery,
  type RetryPolicy,
} from './delivery.js';

interface Subscriber {
  readonly name: string;
  readonly topics: ReadonlySet<string>;
  readonly handler: ContractHandler;
}

/**
 * The standalone service's transport when no Kafka is configured: the same contract messages,
 * handed to the consumers in the same process before the publisher moves its checkpoint on.
 * A consumer that still fails after its retries fails the publish, so the publisher backs off and
 * offers the batch again later (consumers deduplicate): without a broker there is no dead-letter
 * topic to park the message in, and dropping it could leave a disabled user able to sign in.
 */
export class InProcessContractTransport implements ContractSink {
  private readonly logger = new Logger('InProcessContracts');
  private readonly subscribers: Subscriber[] = [];

  constructor(private readonly policy: RetryPolicy = { attempts: 3, delayMs: () => 50 }) {}

  subscribe(name: string, topics: readonly string[], handler: ContractHandler): void {
    this.subscribers.push({ name, topics: new Set(topics), handler });
  }

  async publish(messages: readonly ContractMessage[]): Promise<void> {
    // Parsed and schema-checked once, whatever the number of consumers.
    const parsed = messages.map(parseDelivery);
    for (const subscriber of this.subscribers) {
      const mine = messages.flatMap((message, i) =>
        subscriber.topics.has(message.topic) ? [{ message, parsed: parsed[i]! }] : [],
      );
      if (mine.length > 0) await this.deliverTo(subscriber, mine);
    }
  }

  private async deliverTo(
    subscriber: Subscriber,
    mine: readonly { message: ContractMessage; parsed: Delivery }[],
  ) {
    const deliveries = await deliverParsed(
      mine.map((each) => each.parsed),
      subscriber.handler,
      this.policy,
    );
    deliveries.forEach((delivery, i) => {
      if (delivery.outcome === 'applied') return;
      const id = mine[i]!.message.headers.ce_id ?? '(no ce_id)';
      if (delivery.violation) {
        // The publisher builds every message from the contracts; this is a bug, not bad input.
        this.logger.error(`${subscriber.name} skipped ${id}: ${delivery.error.message}`);
        return;
      }
      throw new Error(
        `${subscriber.name} could not apply ${id} after ${delivery.attempts} attempts: ${delivery.error.message}`,
        { cause: delivery.error },
      );
    });
  }
}
