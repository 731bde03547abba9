import { SpanKind } from '@opentelemetry/api';
import type { ContractMessage, ContractSink } from '#contracts';
import { inSpan, injectTraceHeaders, type ServiceMetrics } from '#platform';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';

export interface KafkaContractSinkOptions {
  /** Counts `kafka_messages_published_total{topic}` once Kafka acknowledged a publish. */
  readonly metrics?: Pick<ServiceMetrics, 'countPublished'>;
}

/**
 * Publishes contract messages with an idempotent producer (acks from all in-sync replicas, one
 * request in flight, so a retried request can neither duplicate nor reorder a key's messages).
 * A producer that failed is thrown away and a fresh one connects on the next publish: after a
 * broker outage the old one may hold sequence numbers the broker no longer accepts.
 *
 * Each publish is a producer span when tracing is on, and every message carries its W3C
 * `traceparent` header (CloudEvents distributed-tracing extension), which consumers link to.
 */
export class KafkaContractSink implements ContractSink {
  private producer: Promise<Producer> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaContractSinkOptions = {},
  ) {}

  async publish(messages: readonly ContractMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const topics = byTopic(messages);
    await inSpan(
      'publish contracts',
      { 'messaging.system': 'kafka', 'messaging.batch.message_count': messages.length },
      async () => {
        const producer = await this.connected();
        try {
          await producer.sendBatch({ acks: -1, topicMessages: withTraceHeaders(topics) });
        } catch (error) {
          await this.discard();
          throw error;
        }
      },
      { kind: SpanKind.PRODUCER },
    );
    for (const { topic, messages: sent } of topics)
      this.options.metrics?.countPublished(topic, sent.length);
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

/** Inside the publish span: each message's headers get its trace context (none without an SDK). */
function withTraceHeaders(topics: ReturnType<typeof byTopic>): ReturnType<typeof byTopic> {
  for (const { messages } of topics)
    for (const { headers } of messages) injectTraceHeaders(headers);
  return topics;
}
