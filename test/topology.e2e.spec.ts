import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { eventually } from './support/kafka.js';
import { ScimClient } from './support/scim-client.js';
import { buildOnce, type ServiceProcess } from './support/service-process.js';
import { statusOf, Topology } from './support/topology.js';

const tenant = 'acme';
const scimToken = 'topology-scim-token-0123456789';
const auditToken = 'topology-audit-token-0123456789abcdef';
const adminToken = 'topology-admin-token-0123456789abcdef';

/**
 * The production topology, all five services as separate processes on PostgreSQL, a real Kafka
 * broker and a shared event store (KurrentDB's wire protocol), driven over SCIM the way an IdP
 * drives it, with services killed and restarted mid-run. In the end the read model, the login
 * service and the audit log agree with what the IdP did.
 */
describe('Production topology', () => {
  let topology: Topology;
  let gateways: [ScimClient, ScimClient];
  let gatewayOrigins: [string, string];
  const projectors: ServiceProcess[] = [];
  const publishers: ServiceProcess[] = [];
  let login: ServiceProcess;
  let audit: ServiceProcess;

  beforeAll(async () => {
    buildOnce();
    topology = await Topology.start({ LEADER_LEASE_MS: '2000' });
    projectors.push(
      ...(await Promise.all([
        topology.start('directory-projector'),
        topology.start('directory-projector'),
      ])),
    );
    publishers.push(
      ...(await Promise.all([
        topology.start('change-publisher'),
        topology.start('change-publisher'),
      ])),
    );
    [login, audit] = await Promise.all([
      topology.start('login-service'),
      topology.start('audit-service', { AUDIT_API_TOKEN: auditToken }),
    ]);
    const gatewayEnv = {
      SCIM_BOOTSTRAP_TENANT: tenant,
      SCIM_BOOTSTRAP_TOKEN: scimToken,
      ADMIN_BOOTSTRAP_TOKEN: adminToken,
    };
    // One after the other: the first creates the bootstrap tenant, the second finds it.
    const first = await topology.start('scim-gateway', gatewayEnv);
    const second = await topology.start('scim-gateway', gatewayEnv);
    gateways = [
      new ScimClient(`${first.origin}/scim/v2/${tenant}`, scimToken),
      new ScimClient(`${second.origin}/scim/v2/${tenant}`, scimToken),
    ];
    gatewayOrigins = [first.origin, second.origin];
  }, 240_000);

  afterAll(async () => {
    await topology?.stop();
  }, 60_000);

  async function active(services: ServiceProcess[]): Promise<ServiceProcess> {
    return eventually(async () => {
      const statuses = await Promise.all(services.map((service) => statusOf(service)));
      const actives = services.filter((_, i) => statuses[i]?.role === 'active');
      return actives.length === 1 ? actives[0] : undefined;
    }, 'exactly one active service');
  }

  async function accountStatus(userId: string): Promise<string | undefined> {
    const response = await fetch(`${login.origin}/accounts/${tenant}/${userId}`);
    return response.ok ? ((await response.json()) as { status: string }).status : undefined;
  }

  async function auditEvents(): Promise<{ id: string; type: string; resourceId: string }[]> {
    const events: { id: string; type: string; resourceId: string }[] = [];
    let after: string | undefined;
    do {
      const query = new URLSearchParams({ tenant, limit: '1000', ...(after ? { after } : {}) });
      const response = await fetch(`${audit.origin}/audit/events?${query.toString()}`, {
        headers: { authorization: `Bearer ${auditToken}` },
      });
      const page = (await response.json()) as { events: typeof events; next?: string };
      events.push(...page.events);
      after = page.next;
    } while (after !== undefined);
    return events;
  }

  it('keeps every replica, the read model, the login service and the audit log consistent through restarts', async () => {
    // Exactly one projector and one publisher work; the others stand by.
    const firstProjector = await active(projectors);
    const firstPublisher = await active(publishers);

    // Provision through both gateways; each user is visible at once through the *other* one.
    const userIds: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const via = gateways[i % 2]!;
      const other = gateways[(i + 1) % 2]!;
      const created = await via.createUser(`user${i}@example.com`);
      expect(created.status).toBe(201);
      userIds.push(created.body.id as string);
      expect((await other.request('GET', `/Users/${created.body.id}`)).status).toBe(200);
    }
    const group = await gateways[0].createGroup('Engineering', userIds.slice(0, 6));
    expect(group.status).toBe(201);

    // The active projector dies mid-run; writes go on, and the standby takes over.
    await topology.kill(firstProjector);
    const addMembers = await gateways[1].patch(`/Groups/${group.body.id}`, [
      { op: 'add', path: 'members', value: userIds.slice(6).map((value) => ({ value })) },
    ]);
    expect(addMembers.status).toBeLessThan(300);
    const secondProjector = await active(projectors.filter((p) => p !== firstProjector));
    expect(secondProjector).not.toBe(firstProjector);

    // The active publisher is stopped as an orchestrator stops a pod; the standby takes over at once.
    expect(await topology.terminate(firstPublisher)).toBe(0);
    await active(publishers.filter((p) => p !== firstPublisher));
    projectors.push(await topology.start('directory-projector'));

    // An operator rebuilds the read model while everything runs; the writes after it are
    // projected into the swapped-in model (read-your-writes through both gateways).
    const rebuild = await topology.run('dist/apps/directory-projector/src/rebuild.js');
    expect(rebuild.stderr).toBe('');
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(/^Done: \d+ events applied up to position \d+/m);

    // Deactivations and a removal through either gateway.
    for (const userId of userIds.slice(0, 4)) {
      const response = await gateways[userIds.indexOf(userId) % 2]!.patch(`/Users/${userId}`, [
        { op: 'replace', path: 'active', value: false },
      ]);
      expect(response.status).toBe(200);
    }
    const removeMember = await gateways[0].patch(`/Groups/${group.body.id}`, [
      { op: 'remove', path: `members[value eq "${userIds[11]}"]` },
    ]);
    expect(removeMember.status).toBeLessThan(300);

    // The read model, through either replica.
    for (const gateway of gateways) {
      const members = await gateway.request('GET', `/Groups/${group.body.id}`);
      expect(new Set(members.body.members.map((m: { value: string }) => m.value))).toEqual(
        new Set(userIds.slice(0, 11)),
      );
      const inactive = await gateway.request('GET', '/Users?filter=active eq false');
      expect(inactive.body.totalResults).toBe(4);
    }

    // The login service refuses exactly the deactivated users.
    for (const [i, userId] of userIds.entries()) {
      const expected = i < 4 ? 'disabled' : 'active';
      await eventually(
        async () => ((await accountStatus(userId)) === expected ? true : undefined),
        `user ${i} ${expected} in the login service`,
        30_000,
      );
    }

    // The active publisher counts the messages Kafka acknowledged, for its dashboards.
    const publisher = await active(publishers);
    const metrics = await (await fetch(`${publisher.origin}/metrics`)).text();
    expect(metrics).toMatch(
      /^kafka_messages_published_total\{topic="[^"]+users[^"]*",service="change-publisher"\} [1-9]/m,
    );

    // The audit log holds every contract once, whatever a fail-over published twice: 12
    // provisioned, 4 deactivated, the group's creation, its initial members and the later
    // addition (two members-added), one members-removed.
    const expectedCounts = {
      'scim.user.provisioned.v1': 12,
      'scim.user.deactivated.v1': 4,
      'scim.group.created.v1': 1,
      'scim.group.members.added.v1': 2,
      'scim.group.members.removed.v1': 1,
    };
    const countsOf = (events: { type: string }[]) => {
      const counts: Record<string, number> = {};
      for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
      return Object.fromEntries(Object.entries(counts).sort());
    };
    await eventually(
      async () =>
        JSON.stringify(countsOf(await auditEvents())) ===
        JSON.stringify(Object.fromEntries(Object.entries(expectedCounts).sort()))
          ? true
          : undefined,
      'the audit log to hold every change',
      30_000,
    ).catch(() => undefined);
    const recorded = await auditEvents();
    expect(countsOf(recorded)).toEqual(expectedCounts);
    expect(new Set(recorded.map((event) => event.id)).size).toBe(recorded.length);
  }, 240_000);
  it('erases a user across the services, the keys shared in PostgreSQL', async () => {
    const created = await gateways[0].createUser('forget.me@example.com', {
      name: { givenName: 'Philomena' },
    });
    const userId = created.body.id as string;
    const existedAt = created.body.meta.lastModified as string;
    expect((await gateways[1].request('DELETE', `/Users/${userId}`)).status).toBe(204);

    // Erased through one gateway; the other, its own process, reads the erasure at once.
    const erased = await fetch(
      `${gatewayOrigins[0]}/admin/tenants/${tenant}/users/${userId}/erasure`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ requestReference: 'DSR-7' }),
      },
    );
    expect(erased.status).toBe(200);
    const asOf = await gateways[1].request(
      'GET',
      `/Users/${userId}?asOf=${encodeURIComponent(existedAt)}`,
    );
    expect(asOf.status).toBe(404);
    expect(asOf.body.detail).toContain('erased');

    const database = new pg.Client({ connectionString: topology.env.DATABASE_URL });
    await database.connect();
    const { rows } = await database.query(
      'SELECT key, erased_at FROM personal_data_keys WHERE subject = $1',
      [`${tenant}/${userId}`],
    );
    await database.end();
    expect(rows).toEqual([{ key: null, erased_at: expect.any(Date) }]);

    // The audit service replays the history from KurrentDB with the shared keys.
    const auditGet = async (path: string) =>
      (await fetch(`${audit.origin}${path}`, {
        headers: { authorization: `Bearer ${auditToken}` },
      }).then((response) => response.json())) as any;
    const timeline = await auditGet(`/audit/tenants/${tenant}/users/${userId}/history`);
    expect(timeline.entries.map((entry: any) => [entry.type, entry.personalDataErased])).toEqual([
      ['UserProvisioned', true],
      ['UserDeleted', true],
      ['UserErased', undefined],
    ]);
    await eventually(
      async () => {
        const report = await auditGet(`/audit/tenants/${tenant}/verify`);
        return report.verified > 0 && report.head?.position >= timeline.entries[2].position
          ? report
          : undefined;
      },
      'the chain to link the erasure',
      30_000,
    ).then((report) => expect(report.firstBreak).toBeUndefined());

    // Over Kafka, the login service drops the account and the audit log redacts its entries.
    await eventually(
      async () => ((await accountStatus(userId)) === undefined ? true : undefined),
      'the login service to drop the account',
      30_000,
    );
    const log = await eventually(
      async () => {
        const page = await auditGet(`/audit/events?resourceId=${userId}`);
        return page.events.length === 3 ? page : undefined;
      },
      'the audit log to record the erasure',
      30_000,
    );
    expect(JSON.stringify(log)).not.toContain('forget.me@example.com');
    expect(JSON.stringify(log)).not.toContain('Philomena');
  }, 120_000);
  it('rebuilds the login service side by side under a new consumer group, then switches over', async () => {
    const users = (await auditEvents()).filter(
      (event) => event.type === 'scim.user.provisioned.v1',
    );
    const statuses = async (service: ServiceProcess) =>
      Promise.all(
        users.map(async ({ resourceId }) => {
          const response = await fetch(`${service.origin}/accounts/${tenant}/${resourceId}`);
          return response.ok ? ((await response.json()) as { status: string }).status : 'none';
        }),
      );
    const live = await statuses(login);
    expect(live.filter((status) => status === 'disabled')).toHaveLength(4);
    expect(live.filter((status) => status === 'none')).toHaveLength(1);

    // A second login service, empty, under its own consumer group: it reads both topics from
    // the start while the live one keeps answering; once it agrees, traffic moves to it.
    const rebuilt = await topology.start('login-service', {
      KAFKA_CONSUMER_GROUP: `${topology.env.KAFKA_TOPIC_PREFIX}login-service-rebuild-1`,
    });
    await eventually(
      async () =>
        JSON.stringify(await statuses(rebuilt)) === JSON.stringify(live) ? true : undefined,
      'the rebuilt login service to agree with the live one',
      30_000,
    );
    expect(await statuses(login)).toEqual(live);
  }, 120_000);
});
