import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contractTopics } from '#contracts';
import { runConsumerService } from '#kafka';
import { ChainKeeper, openSqliteChainStore } from '#history';
import { openProtectedEventStore } from '#personal-data';
import { ConfigError, loadConfig, observeService, type ServiceConfig } from '#platform';
import { openSqliteAuditLog } from './audit-log.js';
import { AuditServiceModule } from './audit-service.module.js';
import { auditHandler } from './audit.handler.js';

/**
 * The audit service as its own process: `GET /audit/events` on PORT (AUDIT_API_TOKEN), fed from
 * both contract topics on KAFKA_BROKERS, its log in DATA_DIR/audit.sqlite; with KURRENTDB_URL also
 * the tenants' hash chains (DATA_DIR/audit-chain.sqlite) and the history API under
 * `/audit/tenants/{tenant}`.
 */
try {
  const config = loadConfig();
  if (config.kafka === undefined)
    throw new ConfigError(['KAFKA_BROKERS must be set: the audit service consumes from Kafka']);
  mkdirSync(config.dataDir, { recursive: true });
  const log = openSqliteAuditLog(join(config.dataDir, 'audit.sqlite'));
  // With the shared event store (KURRENTDB_URL) the service keeps the tenants' hash chains and
  // serves the history API; without it, only the audit log.
  const history = config.kurrentDbUrl === undefined ? undefined : await openHistory(config);
  const topics = contractTopics(config.kafka.topicPrefix);
  const service = await runConsumerService({
    name: 'audit-service',
    config,
    observability: observeService('audit-service', config),
    api: AuditServiceModule.register({
      log,
      apiToken: config.auditApiToken,
      ...(history === undefined ? {} : { history }),
    }),
    topics: [topics.users, topics.groups],
    handler: auditHandler(log),
  });
  const shutdown = () =>
    void service
      .stop()
      .then(() => log.close())
      .then(() => history?.close());
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}

/** The event store, the chain store in DATA_DIR and the keeper linking one into the other. */
async function openHistory(config: ServiceConfig) {
  const eventStore = await openProtectedEventStore(config);
  const chain = openSqliteChainStore(join(config.dataDir, 'audit-chain.sqlite'));
  // The chain covers the events as stored: sealed personal data, which an erasure leaves intact.
  const keeper = new ChainKeeper(eventStore.stored, chain, {
    onError: (error) => {
      console.error(`The chain keeper stopped: ${error.message}; the process exits so it restarts`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    },
  });
  await keeper.start();
  return {
    eventStore,
    chain,
    async close() {
      await keeper.stop();
      await chain.close();
      await eventStore.close();
    },
  };
}
