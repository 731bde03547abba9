import { describe, expect, it } from '@jest/globals';
import { ServiceMetrics } from './service-metrics.js';

const metrics = () => new ServiceMetrics('directory-projector', { processMetrics: false });

describe('ServiceMetrics', () => {
  it('reports a subscription checkpoint and its lag behind the head', async () => {
    const projector = metrics();
    projector.recordSubscription('read-model', { checkpoint: 1200, head: 1250 });
    const text = await projector.text();
    expect(text).toContain(
      'event_store_subscription_checkpoint{subscription="read-model",service="directory-projector"} 1200',
    );
    expect(text).toContain(
      'event_store_subscription_lag_events{subscription="read-model",service="directory-projector"} 50',
    );
    projector.recordSubscription('read-model', { checkpoint: 1250, head: 1250 });
    expect(await projector.text()).toContain(
      'event_store_subscription_lag_events{subscription="read-model",service="directory-projector"} 0',
    );
  });

  it('says whether this replica is the active one', async () => {
    const projector = metrics();
    // A gateway, which holds no lease, shows no leader series at all.
    expect(await projector.text()).not.toContain('leader_is_active');
    projector.recordLeadership(false);
    expect(await projector.text()).toContain('leader_is_active{service="directory-projector"} 0');
    projector.recordLeadership(true);
    expect(await projector.text()).toContain('leader_is_active{service="directory-projector"} 1');
  });

  it('counts Kafka and event-store traffic by topic and type, and the consumer lag per partition', async () => {
    const service = metrics();
    service.countPublished('scim.users.v1', 3);
    service.countDeadLettered('scim.users.v1');
    service.countAppended('UserProvisioned', 2);
    service.recordConsumerLag('audit-service', 'scim.users.v1', 4, 17);
    const text = await service.text();
    expect(text).toContain(
      'kafka_messages_published_total{topic="scim.users.v1",service="directory-projector"} 3',
    );
    expect(text).toContain(
      'kafka_dead_lettered_total{topic="scim.users.v1",service="directory-projector"} 1',
    );
    expect(text).toContain(
      'scim_events_appended_total{type="UserProvisioned",service="directory-projector"} 2',
    );
    expect(text).toContain(
      'kafka_consumer_lag{group="audit-service",topic="scim.users.v1",partition="4",service="directory-projector"} 17',
    );
  });

  it('labels the process metrics with the service', async () => {
    const withProcess = new ServiceMetrics('audit-service');
    expect(await withProcess.text()).toMatch(
      /process_cpu_user_seconds_total\{service="audit-service"\}/,
    );
  });
});
