import type { ContractMessage, ContractSink } from '#contracts';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * Publishes contract messages with an idempotent producer (acks from all in-sync replicas, one
 * request in flight, so a retried request can neither duplicate nor reorder a key's messages).
 * A producer that failed is thrown away and a fresh one connects on the next publish: after a
 * broker outage the old one may hold sequence numbers the broker no longer accepts.
 */
export class KafkaContractSink implements ContractSink {
  private producer: Promise<Producer> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async publish(messages: readonly ContractMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connected();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: byTopic(messages) });
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.discard();
  }

  private connected(): Promise<Producer> {
    if (this.producer !== undefined) return this.producer;
    const pending = (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { initialRetryTime: 200, retries: 5 },
      });
      await producer.connect();
      return producer;
    })();
    pending.catch(() => {
      if (this.producer === pending) this.producer = undefined;
    });
    this.producer = pending;
    return pending;
  }

  private async discard(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then(
      (connected) => connected.disconnect(),
      () => undefined,
    );
  }
}

function byTopic(messages: readonly ContractMessage[]) {
  const topics = new Map<
    string,
    { key: string; value: string; headers: Record<string, string> }[]
  >();
  for (const { topic, key, value, headers } of messages) {
    let list = topics.get(topic);
    if (list === undefined) topics.set(topic, (list = []));
    list.push({ key, value, headers: { ...headers } });
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}
