import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  installHttpObservability,
  NestPinoLogger,
  type ServiceConfig,
  type ServiceLogger,
  type ServiceMetrics,
} from '#platform';
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
  /**
   * JSON logs with correlation ids, `GET /metrics` and the consumer's lag and dead-letter
   * metrics; Nest's console logger and no metrics without it.
   */
  readonly observability?: { readonly logger: ServiceLogger; readonly metrics: ServiceMetrics };
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
  const { name, config, api, topics, handler, observability } = options;
  const kafkaConfig = config.kafka;
  if (kafkaConfig === undefined) throw new Error(`${name} needs KAFKA_BROKERS`);
  const logger = new Logger(name);
  @Module({ imports: [api] })
  class ServiceModule {}
  const app = await NestFactory.create<NestFastifyApplication>(
    ServiceModule,
    new FastifyAdapter(),
    {
      logger:
        observability === undefined
          ? config.logLevel === 'debug'
            ? ['error', 'warn', 'log', 'debug']
            : ['error', 'warn']
          : new NestPinoLogger(observability.logger),
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  if (observability !== undefined) installHttpObservability(fastify, observability);
  // Probes: live while the process runs, ready once the consumer has joined its group.
  let ready = false;
  fastify.get('/health/live', async () => ({ status: 'up' }));
  fastify.get('/health/ready', async (_request, reply) => {
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready' };
  });
  await app.listen(config.port, config.host);
  const consumer = new KafkaContractConsumer({
    kafka: connectKafka({
      brokers: kafkaConfig.brokers,
      clientId: `${kafkaConfig.clientId}-${name}`,
    }),
    groupId: kafkaConfig.consumerGroup ?? `${kafkaConfig.topicPrefix}${name}`,
    topics,
    handler,
    retry: { ...defaultRetryPolicy, attempts: config.consumerMaxAttempts },
    topicLayout: kafkaConfig,
    ...(observability === undefined ? {} : { metrics: observability.metrics }),
  });
  await consumer.start();
  ready = true;
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.log(`${name} listening on port ${port}, consuming ${topics.join(', ')}`);
  return {
    origin: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    async stop() {
      ready = false;
      await app.close();
      await consumer.stop();
    },
  };
}
