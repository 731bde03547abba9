import Fastify, { type FastifyInstance } from 'fastify';

/** What a background service (projector, publisher) says about itself. */
export interface ServiceStatus {
  /** Whether the service does its job: active and caught up, or a healthy standby. */
  readonly ready: boolean;
  readonly [detail: string]: unknown;
}

export interface ServiceHttpOptions {
  readonly port: number;
  readonly host: string;
  readonly status: () => Promise<ServiceStatus>;
  /** Adds hooks and routes (metrics, say) before the server listens. */
  readonly configure?: (fastify: FastifyInstance) => void;
}

export interface ServiceHttp {
  /** `http://host:port` as bound. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * The HTTP face of a service without an API of its own: `GET /health/live`, `GET /health/ready`
 * (503 until it does its job) and `GET /status`, for probes and operators.
 */
export async function startServiceHttp(options: ServiceHttpOptions): Promise<ServiceHttp> {
  const fastify = Fastify({ return503OnClosing: true });
  options.configure?.(fastify);
  fastify.get('/health/live', async () => ({ status: 'up' }));
  fastify.get('/health/ready', async (_request, reply) => {
    const status = await options.status();
    void reply.status(status.ready ? 200 : 503);
    return { status: status.ready ? 'ready' : 'not ready', ...status };
  });
  fastify.get('/status', async () => options.status());
  await fastify.listen({ port: options.port, host: options.host });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost =
    options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return { origin: `http://${shownHost}:${port}`, close: () => fastify.close() };
}
