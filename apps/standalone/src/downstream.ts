import { Logger, type DynamicModule } from '@nestjs/common';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { contractTopics, defaultTopics } from '#contracts';
import type { ProtectedEventStore } from '#personal-data';
import {
  connectKafka,
  InProcessContractTransport,
  KafkaContractConsumer,
  defaultRetryPolicy,
  type ContractHandler,
} from '#kafka';
import { ChainKeeper, openSqliteChainStore } from '#history';
import type { ServiceConfig, ServiceMetrics } from '#platform';
import {
  AuditServiceModule,
  auditHandler,
  openSqliteAuditLog,
} from '../../audit-service/src/index.js';
import { ChangePublisher } from '../../change-publisher/src/change-publisher.js';
import { SqliteCheckpointStore } from '../../change-publisher/src/checkpoint-store.js';
import { startKafkaPublishing } from '../../change-publisher/src/kafka-publishing.js';
import {
  LoginServiceModule,
  accountStatusHandler,
  openSqliteAccountStore,
} from '../../login-service/src/index.js';

/**
 * The downstream half of the standalone service: change publisher, login and audit services, and
 * the keeper of the audit hash chains.
 */
export interface Downstream {
  /** The login-service and audit-service APIs, served on the standalone service's port. */
  readonly modules: readonly DynamicModule[];
  readonly transport: 'kafka' | 'in-process';
  /** Publishes from the event store and starts the consumers. */
  start(): Promise<void>;
  /** Stops publishing at a checkpoint, then the consumers, then closes their stores. */
  stop(): Promise<void>;
}

interface Consumers {
  readonly login: ContractHandler;
  readonly audit: ContractHandler;
}

/**
 * Without KAFKA_BROKERS the contracts go from the publisher straight to the two consumers in
 * this process; with it, through Kafka, exactly as separate services would see them.
 */
export function openDownstream(
  config: ServiceConfig,
  eventStore: ProtectedEventStore,
  onError: (error: Error) => void,
  metrics?: ServiceMetrics,
): Downstream {
  const logger = new Logger('Downstream');
  const accounts = openSqliteAccountStore(join(config.dataDir, 'accounts.sqlite'));
  const audit = openSqliteAuditLog(join(config.dataDir, 'audit.sqlite'));
  const checkpoints = new SqliteCheckpointStore(join(config.dataDir, 'change-publisher.sqlite'));
  // The tenants' hash chains, linked as events are appended (docs/audit.md).
  const chain = openSqliteChainStore(join(config.dataDir, 'audit-chain.sqlite'));
  // The chain covers the events as stored: sealed personal data, which an erasure leaves intact.
  const chainKeeper = new ChainKeeper(eventStore.stored, chain, { onError });
  const consumers: Consumers = {
    login: accountStatusHandler(accounts),
    audit: auditHandler(audit),
  };
  const modules = [
    LoginServiceModule.register({
      store: accounts,
      ...(config.accountsApiToken === undefined ? {} : { apiToken: config.accountsApiToken }),
    }),
    AuditServiceModule.register({
      log: audit,
      apiToken: config.auditApiToken ?? config.adminBootstrapToken,
      history: { eventStore, chain },
    }),
  ];
  const running = config.kafka === undefined ? inProcess() : viaKafka(config.kafka);
  let stopRunning: (() => Promise<void>) | undefined;

  function inProcess() {
    return async () => {
      const transport = new InProcessContractTransport();
      transport.subscribe('login-service', [defaultTopics.users], consumers.login);
      transport.subscribe(
        'audit-service',
        [defaultTopics.users, defaultTopics.groups],
        consumers.audit,
      );
      const publisher = new ChangePublisher(eventStore, transport, checkpoints, {
        name: 'in-process',
        topics: defaultTopics,
        onError,
      });
      await publisher.start();
      return () => publisher.stop();
    };
  }

  /**
   * In the background, retried with back-off: SCIM must take writes while Kafka is down or a
   * consumer group is still rebalancing (the events wait in the event store, nothing is lost).
   */
  function viaKafka(kafkaConfig: NonNullable<ServiceConfig['kafka']>) {
    return async () => {
      const stopping = new AbortController();
      const stops: (() => Promise<void>)[] = [];
      const kafka = connectKafka({
        brokers: kafkaConfig.brokers,
        clientId: `${kafkaConfig.clientId}-consumers`,
      });
      const topics = contractTopics(kafkaConfig.topicPrefix);
      const retry = { ...defaultRetryPolicy, attempts: config.consumerMaxAttempts };
      const consumer = (name: string, subscribed: string[], handler: ContractHandler) =>
        new KafkaContractConsumer({
          kafka,
          groupId: `${kafkaConfig.topicPrefix}${name}`,
          topics: subscribed,
          handler,
          retry,
          topicLayout: kafkaConfig,
          ...(metrics === undefined ? {} : { metrics }),
        });
      const parts = [
        {
          name: 'change publisher',
          start: async () => {
            const publishing = await startKafkaPublishing({
              config: kafkaConfig,
              eventStore,
              checkpoints,
              onError,
              ...(metrics === undefined ? {} : { metrics }),
            });
            return () => publishing.stop();
          },
        },
        ...[
          consumer('login-service', [topics.users], consumers.login),
          consumer('audit-service', [topics.users, topics.groups], consumers.audit),
        ].map((each, i) => ({
          name: i === 0 ? 'login-service consumer' : 'audit-service consumer',
          start: async () => {
            await each.start().catch(async (error: unknown) => {
              await each.stop().catch(() => undefined);
              throw error;
            });
            return () => each.stop();
          },
        })),
      ];
      const starting = Promise.all(
        parts.map(async ({ name, start }) => {
          for (let attempt = 0; !stopping.signal.aborted; attempt++) {
            try {
              stops.push(await start());
              return;
            } catch (error) {
              const delay = Math.min(30_000, 500 * 2 ** attempt);
              logger.warn(
                `Kafka ${name} could not start (${error instanceof Error ? error.message : String(error)}); retrying in ${delay} ms`,
              );
              await sleep(delay, undefined, { signal: stopping.signal }).catch(() => undefined);
            }
          }
        }),
      );
      return async () => {
        stopping.abort();
        await starting;
        for (const stop of stops) await stop();
      };
    };
  }

  return {
    modules,
    transport: config.kafka === undefined ? 'in-process' : 'kafka',
    async start() {
      await chainKeeper.start();
      stopRunning = await running();
    },
    async stop() {
      await stopRunning?.();
      await chainKeeper.stop();
      await chain.close();
      await checkpoints.close();
      await accounts.close();
      await audit.close();
    },
  };
}
