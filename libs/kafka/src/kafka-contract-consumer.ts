import { Logger } from '@nestjs/common';
import { SpanKind, type Link } from '@opentelemetry/api';
import { deadLetterTopic, type ContractMessage } from '#contracts';
import { inSpan, traceLinkOf, type ServiceMetrics } from '#platform';
import {
  Partitioners,
  type Batch,
  type Consumer,
  type EachBatchPayload,
  type Kafka,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import {
  defaultRetryPolicy,
  deliverAll,
  type ContractHandler,
  type Delivery,
  type RetryPolicy,
} from './delivery.js';
import { ConsumerLagSampler } from './consumer-lag.js';
import { headersAsStrings } from './headers.js';
import { ensureTopics, type TopicLayout } from './topics.js';

export interface KafkaContractConsumerOptions {
  readonly kafka: Kafka;
  /** Consumer group: one per downstream service, shared by its replicas. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: ContractHandler;
  readonly retry?: RetryPolicy;
  /** Layout of the topics and their `<topic>.dlq` topics, created when missing. */
  readonly topicLayout: TopicLayout;
  /** `kafka_consumer_lag` (sampled every 10 s) and `kafka_dead_lettered_total`, when given. */
  readonly metrics?: Pick<ServiceMetrics, 'recordConsumerLag' | 'countDeadLettered'>;
}

/** Messages handed to the handler at once (one transaction of its store), then committed. */
const CHUNK = 200;

/**
 * Consumes contract topics with kafkajs directly (not Nest's Kafka transport, whose retries never
 * end and block the partition). Messages are applied in partition order, a chunk at a time; the
 * offsets are committed only after the handler has committed its own write, so a restart re-delivers at
 * most the uncommitted tail, which the handler deduplicates. A message that keeps failing, or is
 * no contract event at all, goes to `<topic>.dlq` with the error, and the partition moves on.
 */
export class KafkaContractConsumer {
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private consumer: Consumer | undefined;
  private deadLetters: Producer | undefined;
  private lag: ConsumerLagSampler | undefined;

  constructor(private readonly options: KafkaContractConsumerOptions) {
    this.logger = new Logger(`KafkaConsumer ${options.groupId}`);
    this.retry = options.retry ?? defaultRetryPolicy;
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    // Whoever starts first creates the topics: the publisher, or a consumer (then the topics
    // exist before it subscribes, which kafkajs requires).
    await ensureTopics(
      kafka,
      [...topics, ...topics.map(deadLetterTopic)],
      this.options.topicLayout,
    );
    this.deadLetters = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.deadLetters.connect();
    // A replica killed without leaving the group holds its partitions until the session times out.
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, sessionTimeout: 10_000 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.consume(payload),
    });
    if (this.options.metrics !== undefined) {
      this.lag = new ConsumerLagSampler(kafka, groupId, topics, this.options.metrics);
      await this.lag.start();
    }
  }

  /** Leaves the group after the message in progress; its offset is committed if it was applied. */
  async stop(): Promise<void> {
    await this.lag?.stop();
    this.lag = undefined;
    await this.consumer?.disconnect();
    await this.deadLetters?.disconnect();
    this.consumer = undefined;
    this.deadLetters = undefined;
  }

  private async consume(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    for (let from = 0; from < batch.messages.length; from += CHUNK) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(from, from + CHUNK);
      const messages = chunk.map((message) => contractMessageOf(batch, message));
      // One span per chunk handed to the handler, linked to the spans that published it.
      const deliveries = await inSpan(
        `consume ${batch.topic}`,
        {
          'messaging.system': 'kafka',
          'messaging.destination.name': batch.topic,
          'messaging.destination.partition.id': String(batch.partition),
          'messaging.consumer.group.name': this.options.groupId,
          'messaging.batch.message_count': messages.length,
        },
        () => deliverAll(messages, this.options.handler, this.retry, heartbeat),
        { kind: SpanKind.CONSUMER, links: producerLinksOf(messages) },
      );
      for (const [i, delivery] of deliveries.entries()) {
        if (delivery.outcome === 'failed') await this.deadLetter(batch, chunk[i]!, delivery);
      }
      const last = chunk.at(-1)!.offset;
      payload.resolveOffset(last);
      await this.commit(batch, last);
      await heartbeat();
    }
  }

  private async commit(batch: Batch, offset: string): Promise<void> {
    await this.consumer?.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(offset) + 1n).toString() },
    ]);
  }

  /** Parks the message with why it failed; throws (so the offset stays) if the DLQ refuses it. */
  private async deadLetter(
    batch: Batch,
    message: KafkaMessage,
    delivery: Extract<Delivery, { outcome: 'failed' }>,
  ): Promise<void> {
    const topic = deadLetterTopic(batch.topic);
    const reason = delivery.violation
      ? `not a valid contract event: ${delivery.error.message}`
      : `failed ${delivery.attempts} times: ${delivery.error.message}`;
    this.logger.error(
      `${batch.topic}[${batch.partition}]@${message.offset} goes to ${topic}: ${reason}`,
    );
    if (this.deadLetters === undefined) throw new Error('The consumer is stopping');
    await this.deadLetters.send({
      topic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_error: reason,
            dlq_consumer_group: this.options.groupId,
            dlq_topic: batch.topic,
            dlq_partition: batch.partition.toString(),
            dlq_offset: message.offset,
            dlq_failed_at: new Date().toISOString(),
          },
        },
      ],
    });
    this.options.metrics?.countDeadLettered(batch.topic);
  }
}

/** One link per producer span (a publish of many messages is one span). */
function producerLinksOf(messages: readonly ContractMessage[]): Link[] {
  const links = new Map<string, Link>();
  for (const { headers } of messages) {
    const link = traceLinkOf(headers);
    if (link !== undefined) links.set(link.context.spanId, link);
  }
  return [...links.values()];
}

function contractMessageOf(batch: Batch, message: KafkaMessage): ContractMessage {
  return {
    topic: batch.topic,
    key: message.key?.toString() ?? '',
    headers: headersAsStrings(message.headers),
    value: message.value?.toString() ?? '',
  };
}
