import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contractTopics } from '#contracts';
import { runConsumerService } from '#kafka';
import { ConfigError, loadConfig, observeService } from '#platform';
import { openSqliteAuditLog } from './audit-log.js';
import { AuditServiceModule } from './audit-service.module.js';
import { auditHandler } from './audit.handler.js';

/**
 * The audit service as its own process: `GET /audit/events` on PORT (AUDIT_API_TOKEN), fed from
 * both contract topics on KAFKA_BROKERS, its log in DATA_DIR/audit.sqlite.
 */
try {
  const config = loadConfig();
  if (config.kafka === undefined)
    throw new ConfigError(['KAFKA_BROKERS must be set: the audit service consumes from Kafka']);
  mkdirSync(config.dataDir, { recursive: true });
  const log = openSqliteAuditLog(join(config.dataDir, 'audit.sqlite'));
  const topics = contractTopics(config.kafka.topicPrefix);
  const service = await runConsumerService({
    name: 'audit-service',
    config,
    observability: observeService('audit-service', config),
    api: AuditServiceModule.register({ log, apiToken: config.auditApiToken }),
    topics: [topics.users, topics.groups],
    handler: auditHandler(log),
  });
  const shutdown = () => void service.stop().then(() => log.close());
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
