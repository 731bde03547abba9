import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openProtectedEventStore } from '#personal-data';
import {
  createLogger,
  NestPinoLogger,
  openPostgresPool,
  ServiceMetrics,
  type ServiceConfig,
} from '#platform';
import { openConfiguredReadModel } from '#read-model';
import { DirectoryProjector } from '../../directory-projector/src/directory-projector.js';
import {
  closeGateway,
  createGatewayApp,
  listenGateway,
  PostgresOAuthStore,
  SqliteOAuthStore,
} from '../../scim-gateway/src/index.js';
import { openDownstream } from './downstream.js';

export interface RunningService {
  /** `http://host:port` as bound. */
  readonly origin: string;
  /** Drains in-flight requests, stops the projector at a checkpoint, closes the stores. */
  stop(reason?: string): Promise<void>;
}

/**
 * The composition root of the embedded deployment: the SCIM gateway, the directory projector,
 * the SQLite event store and read model in one process.
 */
export async function startStandalone(config: ServiceConfig): Promise<RunningService> {
  const log = createLogger({
    service: 'standalone',
    level: config.logLevel,
    format: config.logFormat,
  });
  const nestLogger = new NestPinoLogger(log);
  // Also for what logs before the Nest application exists (the projector catching up).
  Logger.overrideLogger(nestLogger);
  const metrics = new ServiceMetrics('standalone');
  const logger = new Logger('Standalone');
  mkdirSync(config.dataDir, { recursive: true });
  // The embedded stores in DATA_DIR, unless KURRENTDB_URL or DATABASE_URL name production ones.
  const eventStore = await openProtectedEventStore(config);
  const readModel = await openConfiguredReadModel(config, { role: 'writer' });
  const projector = new DirectoryProjector(eventStore, readModel);
  await projector.start();
  const pool =
    config.databaseUrl === undefined
      ? undefined
      : openPostgresPool(config.databaseUrl, { applicationName: 'standalone' }, (error) =>
          logger.warn(`PostgreSQL connection lost: ${error.message}`),
        );
  const oauthStore =
    pool === undefined
      ? new SqliteOAuthStore(join(config.dataDir, 'oauth.sqlite'))
      : await PostgresOAuthStore.open(pool);
  let stop: (reason: string) => Promise<void> = async () => undefined;
  const downstream = openDownstream(
    config,
    eventStore,
    (error) => {
      logger.error(
        `Contract publishing stopped: ${error.message}; the service stops so it restarts`,
      );
      void stop('change publisher failure').then(() => (process.exitCode = 1));
    },
    metrics,
  );

  const app = await createGatewayApp({
    config,
    eventStore,
    readModel,
    oauthStore,
    imports: downstream.modules,
    logger: log,
    metrics,
  });
  await projector.caughtUp;
  await downstream.start();
  const { bound, origin } = await listenGateway(app, config);
  if (config.logLevel !== 'error')
    console.log(
      `SCIM service ready. SCIM base URL: ${origin}/scim/v2/${config.bootstrapTenant ?? '{tenant}'}`,
    );

  let stopping: Promise<void> | undefined;
  stop = (reason) => {
    stopping ??= (async () => {
      logger.log(`Draining (${reason})`);
      await closeGateway(app, 'draining');
      await projector.stop();
      await downstream.stop();
      await eventStore.close();
      await readModel.close();
      await pool?.end();
      logger.log('Stopped');
    })();
    return stopping;
  };
  return { origin: bound, stop: (reason = 'stop') => stop(reason) };
}
