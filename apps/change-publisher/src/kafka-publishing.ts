import { contractTopics, deadLetterTopic, type ContractTopics } from '#contracts';
import type { EventStore } from '#event-store';
import { connectKafka, ensureTopics, KafkaContractSink } from '#kafka';
import type { KafkaConfig, ServiceMetrics } from '#platform';
import type { Kafka } from 'kafkajs';
import { ChangePublisher } from './change-publisher.js';
import type { CheckpointStore } from './checkpoint-store.js';

export interface KafkaPublishing {
  readonly kafka: Kafka;
  readonly topics: ContractTopics;
  readonly publisher: ChangePublisher;
  /** Stops the publisher at a checkpoint and disconnects its producer. */
  stop(): Promise<void>;
}

export interface KafkaPublishingOptions {
  readonly config: KafkaConfig;
  readonly eventStore: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly onError?: (error: Error) => void;
  /** Counts the messages acknowledged per topic (`kafka_messages_published_total`). */
  readonly metrics?: Pick<ServiceMetrics, 'countPublished'>;
}

/**
 * The change publisher on Kafka: creates the contract topics (and their dead-letter topics) when
 * missing, then publishes from the `kafka` checkpoint. Used by the change-publisher process and
 * by the standalone service when KAFKA_BROKERS is set.
 */
export async function startKafkaPublishing(
  options: KafkaPublishingOptions,
): Promise<KafkaPublishing> {
  const { config, eventStore, checkpoints, onError, metrics } = options;
  const kafka = connectKafka({ brokers: config.brokers, clientId: `${config.clientId}-publisher` });
  const topics = contractTopics(config.topicPrefix);
  const all = [topics.users, topics.groups];
  await ensureTopics(kafka, [...all, ...all.map(deadLetterTopic)], config);
  const sink = new KafkaContractSink(kafka, metrics === undefined ? {} : { metrics });
  const publisher = new ChangePublisher(eventStore, sink, checkpoints, {
    name: 'kafka',
    topics,
    ...(onError === undefined ? {} : { onError }),
  });
  await publisher.start();
  return {
    kafka,
    topics,
    publisher,
    async stop() {
      await publisher.stop();
      await sink.close();
    },
  };
}
