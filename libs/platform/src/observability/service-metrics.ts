import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One HTTP request as the metrics see it. */
export interface HttpObservation {
  readonly method: string;
  /** The route template (`/scim/v2/:tenant/Users/:id`), never the raw URL; `unmatched` for 404s. */
  readonly route: string;
  readonly status: number;
  readonly durationSeconds: number;
}

/** Where an event-store subscription stands: its checkpoint and the store's head position. */
export interface SubscriptionPosition {
  readonly checkpoint: number;
  readonly head: number;
}

export interface ServiceMetricsOptions {
  /** Process metrics (CPU, memory, event loop, GC); off in tests that make many registries. */
  readonly processMetrics?: boolean;
}

/**
 * The Prometheus metrics of one service, in a registry of its own (served on `GET /metrics`).
 * Every series carries a `service` label.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly subscriptionCheckpoint: Gauge<'subscription'>;
  private readonly subscriptionLag: Gauge<'subscription'>;
  /** Created on first use: services without a lease show no leader series at all. */
  private leaderActive: Gauge | undefined;
  private readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  private readonly published: Counter<'topic'>;
  private readonly deadLettered: Counter<'topic'>;
  private readonly appended: Counter<'type'>;

  constructor(
    readonly service: string,
    { processMetrics = true }: ServiceMetricsOptions = {},
  ) {
    this.registry.setDefaultLabels({ service });
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to the end of its response',
      labelNames: ['method', 'route', 'status'],
      // Reads answer in milliseconds; writes wait for the read model (read-your-writes, up to 5 s).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.subscriptionCheckpoint = new Gauge({
      name: 'event_store_subscription_checkpoint',
      help: 'Last event-store position the subscription has processed',
      labelNames: ['subscription'],
      registers,
    });
    this.subscriptionLag = new Gauge({
      name: 'event_store_subscription_lag_events',
      help: 'Event-store head position minus the subscription checkpoint',
      labelNames: ['subscription'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'kafka_consumer_lag',
      help: 'High watermark minus committed offset, per partition of the consumer group',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
    this.published = new Counter({
      name: 'kafka_messages_published_total',
      help: 'Contract messages acknowledged by Kafka',
      labelNames: ['topic'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'kafka_dead_lettered_total',
      help: 'Messages parked on the dead-letter topic, by the topic they came from',
      labelNames: ['topic'],
      registers,
    });
    this.appended = new Counter({
      name: 'scim_events_appended_total',
      help: 'Domain events appended to the event store, by event type',
      labelNames: ['type'],
      registers,
    });
  }

  /** `text/plain; version=0.0.4; charset=utf-8`: the content type of `text()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the Prometheus text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  observeHttp({ method, route, status, durationSeconds }: HttpObservation): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, durationSeconds);
  }

  /** Called by the projector and the publisher after each batch (and on each head change). */
  recordSubscription(subscription: string, { checkpoint, head }: SubscriptionPosition): void {
    this.subscriptionCheckpoint.set({ subscription }, checkpoint);
    this.subscriptionLag.set({ subscription }, Math.max(0, head - checkpoint));
  }

  recordLeadership(active: boolean): void {
    this.leaderActive ??= new Gauge({
      name: 'leader_is_active',
      help: '1 while this replica holds the lease and does the work, 0 while it stands by',
      registers: [this.registry],
    });
    this.leaderActive.set(active ? 1 : 0);
  }

  recordConsumerLag(group: string, topic: string, partition: number, lag: number): void {
    this.consumerLag.set({ group, topic, partition: String(partition) }, Math.max(0, lag));
  }

  countPublished(topic: string, messages = 1): void {
    this.published.inc({ topic }, messages);
  }

  countDeadLettered(topic: string, messages = 1): void {
    this.deadLettered.inc({ topic }, messages);
  }

  countAppended(type: string, events = 1): void {
    this.appended.inc({ type }, events);
  }
}
