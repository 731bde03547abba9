import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore } from '#event-store';
import type { ServiceConfig } from '#platform';
import { openSqliteReadModel } from '#read-model';
import { DirectoryProjector } from '../../directory-projector/src/directory-projector.js';
import {
  configureOAuthHttp,
  configureScimHttp,
  OAuthServer,
  openOAuthStore,
  TOKEN_REQUEST_LIMITER,
  Readiness,
  ScimGatewayModule,
  setupAdminOpenApi,
  TenantBootstrap,
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
  const logger = new Logger('Standalone');
  mkdirSync(config.dataDir, { recursive: true });
  const eventStore = await openSqliteEventStore({
    path: join(config.dataDir, 'events.sqlite'),
    synchronous: config.eventStoreSync,
  });
  const readModel = openSqliteReadModel({ path: join(config.dataDir, 'read-model.sqlite') });
  const projector = new DirectoryProjector(eventStore, readModel);
  await projector.start();
  const oauthStore = openOAuthStore(join(config.dataDir, 'oauth.sqlite'));
  let stop: (reason: string) => Promise<void> = async () => undefined;
  const downstream = openDownstream(config, eventStore, (error) => {
    logger.error(`Contract publishing stopped: ${error.message}; the service stops so it restarts`);
    void stop('change publisher failure').then(() => (process.exitCode = 1));
  });

  const gateway = ScimGatewayModule.register({
    eventStore,
    readModel,
    options: {
      publicUrl: config.publicUrl,
      readYourWritesTimeoutMs: config.readYourWritesTimeoutMs,
      authFailureLimitPerMinute: config.authFailureLimitPerMinute,
    },
    admin: { bootstrapToken: config.adminBootstrapToken, signIn: config.adminSignIn },
    oauth: {
      store: oauthStore,
      tokenRequestsPerMinute: config.oauthTokenRateLimitPerMinute,
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: StandaloneModule, imports: [gateway, ...downstream.modules] },
    new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, return503OnClosing: true }),
    // Nest's start-up chatter (every mapped route) only at debug; the one line that matters is below.
    {
      logger:
        config.logLevel === 'debug'
          ? ['error', 'warn', 'log', 'debug']
          : config.logLevel === 'error'
            ? ['error']
            : ['error', 'warn'],
    },
  );
  configureScimHttp(app.getHttpAdapter().getInstance());
  const oauth = app.get(OAuthServer);
  configureOAuthHttp(app.getHttpAdapter().getInstance(), oauth, app.get(TOKEN_REQUEST_LIMITER));
  setupAdminOpenApi(app);

  await app.init();
  if (config.bootstrapTenant !== undefined && config.bootstrapToken !== undefined) {
    const position = await app
      .get(TenantBootstrap)
      .ensure(config.bootstrapTenant, config.bootstrapToken, config.bootstrapPreset);
    await readModel.waitForPosition(position, 30_000);
  }
  await projector.caughtUp;
  await downstream.start();
  await app.listen(config.port, config.host);

  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const origin = config.publicUrl ?? `http://${shownHost}:${port}`;
  oauth.start(origin);
  const readiness = app.get(Readiness);
  readiness.markReady();
  if (config.logLevel !== 'error')
    console.log(
      `SCIM service ready. SCIM base URL: ${origin}/scim/v2/${config.bootstrapTenant ?? '{tenant}'}`,
    );

  let stopping: Promise<void> | undefined;
  stop = (reason) => {
    stopping ??= (async () => {
      logger.log(`Draining (${reason})`);
      readiness.markNotReady('draining');
      await app.close();
      await projector.stop();
      await downstream.stop();
      await eventStore.close();
      await readModel.close();
      logger.log('Stopped');
    })();
    return stopping;
  };
  return { origin: `http://${shownHost}:${port}`, stop: (reason = 'stop') => stop(reason) };
}

/** The root of the standalone application: the gateway and the downstream services' APIs. */
@Module({})
class StandaloneModule {}
