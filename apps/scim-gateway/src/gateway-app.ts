import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ProtectedEventStore } from '#personal-data';
import {
  countingAppends,
  NestPinoLogger,
  type ServiceConfig,
  type ServiceLogger,
  type ServiceMetrics,
} from '#platform';
import type { DirectoryReadModel } from '#read-model';
import { setupAdminOpenApi } from './admin/admin-openapi.js';
import { Readiness } from './health/readiness.js';
import { configureScimHttp } from './http/configure-scim-http.js';
import { observeGatewayHttp } from './http/observe-gateway-http.js';
import { configureOAuthHttp } from './oauth/oauth-http.js';
import { OAuthServer } from './oauth/oauth-server.js';
import type { OAuthStateStore } from './oauth/oauth-state.js';
import { TOKEN_REQUEST_LIMITER } from './oauth/oauth.parts.js';
import { ScimGatewayModule } from './scim-gateway.module.js';
import { TenantBootstrap } from './tenants/tenant-bootstrap.js';

export interface GatewayAppOptions {
  readonly config: ServiceConfig;
  /** Sealing personal data under each user's key, which the admin API's erasure destroys. */
  readonly eventStore: ProtectedEventStore;
  readonly readModel: DirectoryReadModel;
  readonly oauthStore: OAuthStateStore;
  /** More APIs served on the same port (the standalone service's downstream services). */
  readonly imports?: readonly DynamicModule[];
  /** JSON logs with correlation ids and `GET /metrics`. */
  readonly logger: ServiceLogger;
  readonly metrics: ServiceMetrics;
}

/**
 * The SCIM gateway as a Nest application, initialised and with the bootstrap tenant in place,
 * not yet listening. Shared by the scim-gateway process and the standalone service.
 */
export async function createGatewayApp(
  options: GatewayAppOptions,
): Promise<NestFastifyApplication> {
  const { config, eventStore, readModel, oauthStore, logger, metrics } = options;
  const gateway = ScimGatewayModule.register({
    eventStore: countingAppends(eventStore, metrics),
    personalDataKeys: eventStore.keys,
    readModel,
    options: {
      publicUrl: config.publicUrl,
      readYourWritesTimeoutMs: config.readYourWritesTimeoutMs,
      authFailureLimitPerMinute: config.authFailureLimitPerMinute,
    },
    admin: { bootstrapToken: config.adminBootstrapToken, signIn: config.adminSignIn },
    oauth: { store: oauthStore, tokenRequestsPerMinute: config.oauthTokenRateLimitPerMinute },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: GatewayRootModule, imports: [gateway, ...(options.imports ?? [])] },
    new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, return503OnClosing: true }),
    // Nest's start-up chatter (every mapped route) is logged at debug.
    { logger: new NestPinoLogger(logger) },
  );
  const fastify = app.getHttpAdapter().getInstance();
  observeGatewayHttp(fastify, { logger, metrics });
  configureScimHttp(fastify);
  configureOAuthHttp(fastify, app.get(OAuthServer), app.get(TOKEN_REQUEST_LIMITER));
  setupAdminOpenApi(app);
  await app.init();

  if (config.bootstrapTenant !== undefined && config.bootstrapToken !== undefined) {
    const position = await app
      .get(TenantBootstrap)
      .ensure(config.bootstrapTenant, config.bootstrapToken, config.bootstrapPreset);
    await readModel.waitForPosition(position, 30_000);
  }
  return app;
}

export interface ListeningGateway {
  /** `http://host:port` as bound. */
  readonly bound: string;
  /** What IdPs use: PUBLIC_URL, else the bound origin. */
  readonly origin: string;
}

/** Listens on PORT, starts the OAuth server on the public origin and marks the gateway ready. */
export async function listenGateway(
  app: NestFastifyApplication,
  config: ServiceConfig,
): Promise<ListeningGateway> {
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const bound = `http://${shownHost}:${port}`;
  const origin = config.publicUrl ?? bound;
  await app.get(OAuthServer).start(origin);
  app.get(Readiness).markReady();
  return { bound, origin };
}

/** Stops taking traffic: readiness fails at once, in-flight requests drain. */
export async function closeGateway(app: NestFastifyApplication, reason: string): Promise<void> {
  app.get(Readiness).markNotReady(reason);
  await app.close();
}

/** The root of a gateway application: the gateway and whatever else shares its port. */
@Module({})
class GatewayRootModule {}
