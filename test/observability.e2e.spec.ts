import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractTopics, deadLetterTopic, toContractMessage, userDeactivated } from '#contracts';
import { connectKafka, ensureTopics, KafkaContractConsumer, KafkaContractSink } from '#kafka';
import { ServiceMetrics } from '#platform';
import type { Kafka } from 'kafkajs';
import { kafkaBrokers, uniqueTopicPrefix } from './support/kafka.js';
import { ScimClient } from './support/scim-client.js';
import { buildOnce, startServiceProcess, type ServiceProcess } from './support/service-process.js';

const tenant = 'observed';
const token = 'observed-token-0123456789';
const adminToken = 'observed-admin-token-0123456789abcdef';
let dataDir: string;
let service: ServiceProcess;
let scim: ScimClient;

beforeAll(async () => {
  buildOnce();
  dataDir = mkdtempSync(join(tmpdir(), 'scim-observability-'));
  service = await startServiceProcess({
    DATA_DIR: dataDir,
    SCIM_BOOTSTRAP_TENANT: tenant,
    SCIM_BOOTSTRAP_TOKEN: token,
    ADMIN_BOOTSTRAP_TOKEN: adminToken,
  });
  scim = new ScimClient(`${service.origin}/scim/v2/${tenant}`, token);
});
afterAll(async () => {
  service.child.kill('SIGTERM');
  await service.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

/** The JSON log lines the service wrote so far (stdout also holds the plain "ready" line). */
function logLines(): Record<string, any>[] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

/** The first defined answer of `probe`, asked every 50 ms for up to `timeoutMs`. */
async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The audit service applies the event once the change publisher delivered it. */
function auditEventOf(resourceId: string): Promise<Record<string, any> | undefined> {
  return eventually(async () => {
    const response = await fetch(
      `${service.origin}/audit/events?tenant=${tenant}&resourceId=${resourceId}`,
      { headers: { authorization: `Bearer ${adminToken}` } },
    );
    const { events } = (await response.json()) as { events: Record<string, any>[] };
    return events[0];
  });
}

describe('operations instrumentation of the standalone service', () => {
  it('gives a SCIM write one correlation id: response header, log line and audit event', async () => {
    const created = await scim.request(
      'POST',
      '/Users',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace@example.com' },
      { 'client-request-id': 'entra-42' },
    );
    expect(created.status).toBe(201);
    const correlationId = created.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);

    // Written once the response finished, so it may reach stdout just after the client read it.
    const access = await eventually(() =>
      logLines().find((line) => line.method === 'POST' && line.route === '/scim/v2/:tenant/Users'),
    );
    expect(access).toMatchObject({
      level: 'info',
      service: 'standalone',
      status: 201,
      tenant,
      correlationId,
      requestId: 'entra-42',
      caller: expect.stringMatching(/^token:/),
    });
    expect(service.output()).not.toContain(token);

    const audited = await auditEventOf(created.body.id);
    expect(audited).toMatchObject({
      type: 'scim.user.provisioned.v1',
      correlationId,
      requestId: 'entra-42',
    });
  });

  it('serves Prometheus metrics labelled by route template, not by URL', async () => {
    const created = await scim.createUser('linus@example.com');
    expect((await scim.request('GET', `/Users/${created.body.id}`)).status).toBe(200);

    const response = await fetch(`${service.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(
      /^http_requests_total\{method="GET",route="\/scim\/v2\/:tenant\/Users\/:id",status="200",service="standalone"\} 1$/m,
    );
    expect(text).toMatch(
      /^http_requests_total\{method="POST",route="\/scim\/v2\/:tenant\/Users",status="201",service="standalone"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^scim_events_appended_total\{type="UserProvisioned",service="standalone"\} [1-9]/m,
    );
    expect(text).not.toContain(created.body.id);
  });
});

describe('Kafka instrumentation', () => {
  const prefix = uniqueTopicPrefix();
  const topics = contractTopics(prefix);
  const metrics = new ServiceMetrics('audit-service', { processMetrics: false });
  let kafka: Kafka;
  let sink: KafkaContractSink;
  let consumer: KafkaContractConsumer;
  const applied: string[] = [];

  beforeAll(async () => {
    kafka = connectKafka({
      brokers: (await kafkaBrokers()).split(','),
      clientId: 'test-observability',
    });
    const layout = { partitions: 1, replicationFactor: 1 };
    await ensureTopics(kafka, [topics.users, deadLetterTopic(topics.users)], layout);
    sink = new KafkaContractSink(kafka, { metrics });
    consumer = new KafkaContractConsumer({
      kafka,
      groupId: `${prefix}audit-service`,
      topics: [topics.users],
      handler: async (events) => void applied.push(...events.map((event) => event.id)),
      retry: { attempts: 1, delayMs: () => 0 },
      topicLayout: layout,
      metrics,
    });
    await consumer.start();
  }, 600_000);
  afterAll(async () => {
    await consumer?.stop();
    await sink?.close();
  });

  it('counts published and dead-lettered messages and reports the group lag per partition', async () => {
    const valid = toContractMessage(userDeactivated('acme', 'u-1', 1), topics);
    const invalid = { ...valid, headers: { ...valid.headers, ce_type: 'scim.user.unknown.v9' } };
    await sink.publish([valid, invalid]);

    const text = await eventually(async () => {
      const current = await metrics.text();
      const lagged = current.includes(
        `kafka_consumer_lag{group="${prefix}audit-service",topic="${topics.users}",partition="0",service="audit-service"} 0`,
      );
      return lagged && current.includes('kafka_dead_lettered_total{') ? current : undefined;
    }, 30_000);
    expect(applied).toEqual([valid.headers.ce_id]);
    expect(text).toContain(
      `kafka_messages_published_total{topic="${topics.users}",service="audit-service"} 2`,
    );
    expect(text).toContain(
      `kafka_dead_lettered_total{topic="${topics.users}",service="audit-service"} 1`,
    );
  }, 60_000);
});
