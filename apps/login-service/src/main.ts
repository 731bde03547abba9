import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { contractTopics } from '#contracts';
import { runConsumerService } from '#kafka';
import { ConfigError, loadConfig, observeService } from '#platform';
import { accountStatusHandler } from './account-status.handler.js';
import { openSqliteAccountStore } from './account-store.js';
import { LoginServiceModule } from './login-service.module.js';

/**
 * The login service as its own process: `GET /accounts/{tenant}/{userId}` on PORT, fed from
 * `scim.users.v1` on KAFKA_BROKERS, its state in DATA_DIR/accounts.sqlite.
 */
try {
  const config = loadConfig();
  if (config.kafka === undefined)
    throw new ConfigError(['KAFKA_BROKERS must be set: the login service consumes from Kafka']);
  mkdirSync(config.dataDir, { recursive: true });
  const store = openSqliteAccountStore(join(config.dataDir, 'accounts.sqlite'));
  const service = await runConsumerService({
    name: 'login-service',
    config,
    observability: observeService('login-service', config),
    api: LoginServiceModule.register({
      store,
      ...(config.accountsApiToken === undefined ? {} : { apiToken: config.accountsApiToken }),
    }),
    topics: [contractTopics(config.kafka.topicPrefix).users],
    handler: accountStatusHandler(store),
  });
  const shutdown = () => void service.stop().then(() => store.close());
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
