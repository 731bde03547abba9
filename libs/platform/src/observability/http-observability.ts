import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceLogger } from './logger.js';
import { withLogContext, type LogContext } from './log-context.js';
import type { ServiceMetrics } from './service-metrics.js';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

export interface HttpObservabilityOptions {
  readonly logger: ServiceLogger;
  readonly metrics: ServiceMetrics;
  /**
   * Fields known only once the request was handled (the authenticated caller, a tenant named by
   * another route parameter), added to the access log line.
   */
  readonly describe?: (request: FastifyRequest) => Partial<Omit<LogContext, 'correlationId'>>;
}

/** The request ids IdPs send (Entra: client-request-id; Okta: X-Request-Id). */
const requestIdHeaders = ['client-request-id', 'x-request-id', 'x-ms-request-id', 'request-id'];

/** An incoming correlation id is reused only if it is short and cannot forge a log field. */
const saneCorrelationId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Scraped every few seconds, probed by the orchestrator: their access lines are debug. */
const quietRoutes = new Set(['/metrics', '/health/live', '/health/ready']);

const contexts = new WeakMap<FastifyRequest, LogContext>();

/**
 * Per request: a log context (correlation id, request id, tenant) that every line logged while
 * handling it carries, an `x-correlation-id` response header with the same id, one access log
 * line, and the HTTP metrics. Also serves `GET /metrics`. Install before the routes are ready.
 */
export function installHttpObservability(
  fastify: FastifyInstance,
  { logger, metrics, describe }: HttpObservabilityOptions,
): void {
  // A callback hook that runs the rest of the request inside the context: Fastify binds body
  // parsing and the handler (Nest's guards and controllers included) to it.
  fastify.addHook('onRequest', (request, reply, done) => {
    const context = requestContextOf(request);
    contexts.set(request, context);
    // On the raw response so it is sent even by routes that hijack the reply (oidc-provider).
    reply.raw.setHeader(CORRELATION_ID_HEADER, context.correlationId);
    withLogContext(context, done);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    metrics.observeHttp({
      method: request.method,
      route,
      status,
      durationSeconds: durationMs / 1000,
    });
    const context = { ...contexts.get(request)!, ...describe?.(request) };
    withLogContext(context, () => {
      const level = quietRoutes.has(route) && status < 400 ? 'debug' : 'info';
      logger[level](
        { method: request.method, route, status, durationMs: Math.round(durationMs * 10) / 10 },
        `${request.method} ${route} ${status}`,
      );
    });
  });
  fastify.get('/metrics', async (_request, reply) => {
    const text = await metrics.text();
    return reply.header('content-type', metrics.contentType).send(text);
  });
}

function requestContextOf(request: FastifyRequest): LogContext {
  const incoming = request.headers[CORRELATION_ID_HEADER];
  const correlationId =
    typeof incoming === 'string' && saneCorrelationId.test(incoming) ? incoming : randomUUID();
  const requestId = requestIdOf(request.headers);
  const tenant = (request.params as Record<string, unknown> | undefined)?.tenant;
  return {
    correlationId,
    ...(requestId === undefined ? {} : { requestId }),
    ...(typeof tenant === 'string' ? { tenant } : {}),
  };
}

/** The IdP's own request id, when it sent one (at most 200 characters). */
export function requestIdOf(headers: IncomingHttpHeaders): string | undefined {
  for (const name of requestIdHeaders) {
    const value = headers[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  }
  return undefined;
}
