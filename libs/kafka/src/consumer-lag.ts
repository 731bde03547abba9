import { Logger } from '@nestjs/common';
import type { ServiceMetrics } from '#platform';
import type { Admin, Kafka } from 'kafkajs';

/** How often the lag is asked of the brokers: two admin requests per topic each time. */
export const LAG_SAMPLE_INTERVAL_MS = 10_000;

export type ConsumerLagMetrics = Pick<ServiceMetrics, 'recordConsumerLag'>;

/**
 * Samples `kafka_consumer_lag{group,topic,partition}` (high watermark − committed offset) of the
 * whole group every 10 s, on a timer rather than per batch, so a consumer that stopped receiving
 * messages still shows its lag growing.
 */
export class ConsumerLagSampler {
  private readonly logger: Logger;
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: readonly string[],
    private readonly metrics: ConsumerLagMetrics,
  ) {
    this.logger = new Logger(`ConsumerLag ${groupId}`);
  }

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.timer = setInterval(() => {
      this.sampling ??= this.sample().finally(() => (this.sampling = undefined));
    }, LAG_SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  /** One sample; a failure (broker away) is logged at debug and the next tick tries again. */
  async sample(): Promise<void> {
    const admin = this.admin;
    if (admin === undefined) return;
    try {
      const committed = await admin.fetchOffsets({
        groupId: this.groupId,
        topics: [...this.topics],
      });
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const { partition, high, low } of ends) {
          const offset = partitions.find((each) => each.partition === partition)?.offset ?? '-1';
          // -1: the group committed nothing yet, so everything still in the partition is ahead.
          const from = offset === '-1' ? low : offset;
          this.metrics.recordConsumerLag(
            this.groupId,
            topic,
            partition,
            Number(high) - Number(from),
          );
        }
      }
    } catch (error) {
      this.logger.debug(`Could not sample the consumer lag: ${(error as Error).message}`);
    }
  }
}
