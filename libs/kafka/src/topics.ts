import type { Kafka } from 'kafkajs';

export interface TopicLayout {
  /** Partitions per topic: the upper bound on consumer parallelism. */
  readonly partitions: number;
  /** Copies of each partition; `undefined` takes min(3, brokers in the cluster). */
  readonly replicationFactor?: number;
}

/**
 * Creates the topics that are missing (existing ones are left as they are, whatever their
 * layout: repartitioning would break the order of keys already written). Every topic is
 * created with `min.insync.replicas` one below its replication factor, so a write acknowledged
 * by all in-sync replicas survives the loss of one broker.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  layout: TopicLayout,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    const replicationFactor =
      layout.replicationFactor ?? Math.min(3, (await admin.describeCluster()).brokers.length);
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: layout.partitions,
        replicationFactor,
        configEntries: [
          { name: 'min.insync.replicas', value: Math.max(1, replicationFactor - 1).toString() },
        ],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
