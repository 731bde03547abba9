import { Logger } from '@nestjs/common';
import type { ServiceConfig } from '../config.js';
import { installHttpObservability } from '../observability/http-observability.js';
import type { ServiceObservability } from '../observability/service-observability.js';
import { startServiceHttp } from './service-http.js';

/** What the host needs of a leader election (`LeaderElection` of #event-store). */
export interface Election {
  readonly role: 'standby' | 'active' | 'stopped';
  start(): void;
  stop(): Promise<void>;
}

/** Where the guarded work stands in the event store. */
export interface WorkPosition {
  readonly checkpoint: number;
  readonly head: number;
  /** Active and has reached the head it saw on start. */
  readonly caughtUp: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface SingleActiveHostOptions {
  /** `directory-projector`, `change-publisher`. */
  readonly service: string;
  /** Label of the subscription metrics. */
  readonly subscription: string;
  readonly holder: string;
  readonly config: ServiceConfig;
  readonly observability: ServiceObservability;
  readonly election: Election;
  readonly position: () => Promise<WorkPosition>;
  /** Closes the stores once the election has stopped the work. */
  readonly close: () => Promise<void>;
}

export interface SingleActiveHost {
  /** Stops serving, stops the work (releasing the lease), closes the stores; idempotent. */
  shutdown(exitCode: number): Promise<void>;
}

/**
 * The process around a single-active service: `/health/*`, `/status` and `/metrics` on PORT,
 * leadership and lag sampled for the metrics, the election started, SIGTERM handled.
 */
export async function hostSingleActive(
  options: SingleActiveHostOptions,
): Promise<SingleActiveHost> {
  const { config, election, observability } = options;
  const status = async () => {
    const { checkpoint, head, caughtUp, details } = await options.position();
    const role = election.role;
    return {
      ready: role === 'standby' || (role === 'active' && caughtUp),
      role,
      holder: options.holder,
      checkpoint,
      head,
      lag: Math.max(0, head - checkpoint),
      ...details,
    };
  };
  // Sampled for /metrics whether or not anyone asks /status.
  const sampler = setInterval(() => {
    void status().then(
      ({ role, checkpoint, head }) => {
        observability.metrics.recordLeadership(role === 'active');
        observability.metrics.recordSubscription(options.subscription, { checkpoint, head });
      },
      () => undefined,
    );
  }, 5000);
  sampler.unref();
  const http = await startServiceHttp({
    port: config.port,
    host: config.host,
    configure: (fastify) => installHttpObservability(fastify, observability),
    status,
  });
  election.start();
  new Logger(options.service).log(
    `${options.service} on ${http.origin}, standing by for the lease (${options.holder})`,
  );

  let stopping: Promise<void> | undefined;
  const shutdown = (exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(sampler);
      await http.close();
      await election.stop();
      await options.close();
      process.exitCode = exitCode;
    })();
    return stopping;
  };
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
  return { shutdown };
}
