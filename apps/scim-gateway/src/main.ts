import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { openProtectedEventStore } from '#personal-data';
import { ConfigError, loadConfig, observeService, openPostgresPool, type PgPool } from '#platform';
import { openConfiguredReadModel } from '#read-model';
import { closeGateway, createGatewayApp, listenGateway } from './gateway-app.js';
import type { OAuthStateStore } from './oauth/oauth-state.js';
import { PostgresOAuthStore } from './oauth/postgres-oauth-store.js';
import { SqliteOAuthStore } from './oauth/sqlite-oauth-store.js';

/**
 * The SCIM gateway as its own process, one of any number of replicas: SCIM, OAuth and admin on
 * PORT, writing to the event store (KURRENTDB_URL, else DATA_DIR) and reading the read model a
 * directory-projector keeps (DATABASE_URL, else DATA_DIR). Replicas share nothing in memory that
 * matters: writes meet in the event store's optimistic concurrency, reads wait for the read model
 * to reach their own writes, and OAuth state is in the database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const observability = observeService('scim-gateway', config);
  const logger = new Logger('scim-gateway');
  const pool: PgPool | undefined =
    config.databaseUrl === undefined
      ? undefined
      : openPostgresPool(config.databaseUrl, { applicationName: 'scim-gateway' }, (error) =>
          logger.warn(`PostgreSQL connection lost: ${error.message}`),
        );
  const eventStore = await openProtectedEventStore(config);
  const readModel = await openConfiguredReadModel(config, { role: 'reader' });
  const oauthStore: OAuthStateStore =
    pool === undefined
      ? new SqliteOAuthStore(join(config.dataDir, 'oauth.sqlite'))
      : await PostgresOAuthStore.open(pool);
  const app = await createGatewayApp({
    config,
    eventStore,
    readModel,
    oauthStore,
    ...observability,
  });
  const { bound, origin } = await listenGateway(app, config);
  logger.log(`scim-gateway ready on ${bound}; SCIM base URL ${origin}/scim/v2/{tenant}`);

  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string): void => {
    stopping ??= (async () => {
      logger.log(`Draining (${signal})`);
      await closeGateway(app, 'draining');
      await readModel.close();
      await eventStore.close();
      await pool?.end();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

try {
  await main();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
