import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceConfig } from '#platform';
import type { ContractHandler } from './delivery.js';
import { defaultRetryPolicy } from './delivery.js';
import { connectKafka } from './kafka-connection.js';
import { KafkaContractConsumer } from './kafka-contract-consumer.js';

export interface ConsumerServiceOptions {
  /** `login-service`, `audit-service`: the consumer group (after KAFKA_TOPIC_PREFIX) and log name. */
  readonly name: string;
  readonly config: ServiceConfig;
  /** The service's HTTP API. */
  readonly api: DynamicModule;
  readonly topics: readonly string[];
  readonly handler: ContractHandler;
}

export interface RunningConsumerService {
  readonly origin: string;
  /** Stops taking requests, leaves the consumer group after the chunk in flight. */
  stop(): Promise<void>;
}

/**
 * A downstream service as its own process: its HTTP API on PORT and a Kafka consumer of its
 * topics (KAFKA_BROKERS, required). The consumer starts once the API listens, so a sign-in check
 * is answered from what the service has applied while the group still joins.
 */
export async function runConsumerService(
  options: ConsumerServiceOptions,
): Promise<RunningConsumerService> {
  const { name, config, api, topics, handler } = options;
  const kafkaConfig = config.kafka;
  if (kafkaConfig === undefined) throw new Error(`${name} needs KAFKA_BROKERS`);
  const logger = new Logger(name);
  @Module({ imports: [api] })
  class ServiceModule {}
  const app = await NestFactory.create<NestFastifyApplication>(
    ServiceModule,
    new FastifyAdapter(),
    {
      logger: config.logLevel === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'],
    },
  );
  await app.listen(config.port, config.host);
  const consumer = new KafkaContractConsumer({
    kafka: connectKafka({
      brokers: kafkaConfig.brokers,
      clientId: `${kafkaConfig.clientId}-${name}`,
    }),
    groupId: `${kafkaConfig.topicPrefix}${name}`,
    topics,
    handler,
    retry: { ...defaultRetryPolicy, attempts: config.consumerMaxAttempts },
    topicLayout: kafkaConfig,
  });
  await consumer.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.log(`${name} listening on port ${port}, consuming ${topics.join(', ')}`);
  return {
    origin: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    async stop() {
      await app.close();
      await consumer.stop();
    },
  };
}
