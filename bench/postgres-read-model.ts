/**
 * The PostgreSQL read model at millions of rows: an event store holding `users` users and their
 * groups is projected into a fresh schema by `projection:rebuild`'s code (the rebuild rate), then
 * the lookups the IdPs send are timed against it through the adapter the gateway uses.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { currentSchemaVersion, type DirectoryEvent, streams } from '#directory';
import { type AppendRequest, type EventStore, type NewEvent } from '#event-store';
import { type ListQuery, openPostgresReadModel, type ReadModelAdapter } from '#read-model';
import { parseFilter, SchemaRegistry } from '#scim';
import { rebuildPostgresReadModel } from '../apps/directory-projector/src/rebuild-read-model.js';
import { runLoad, type LoadResult } from './load.js';
import { openSealedStore } from './sealed-store.js';

export interface PostgresBenchOptions {
  readonly url: string;
  readonly users: number;
  /** Timed requests per lookup. */
  readonly requests: number;
}

export interface PostgresBench {
  readonly users: number;
  readonly groups: number;
  readonly memberships: number;
  readonly events: number;
  readonly rebuildSeconds: number;
  /** Rows in users, groups, group_members and user_emails after the rebuild. */
  readonly rows: number;
  readonly schemaBytes: number;
  readonly serverVersion: string;
  /** Lookups in flight at once. */
  readonly concurrency: number;
  readonly lookups: readonly { readonly name: string; readonly result: LoadResult }[];
}

const tenant = 'bench';
const usersPerGroup = 200;
const membershipsPerUser = 2;
const usersPerAppend = 1000;
const concurrency = 8;

const registry = new SchemaRegistry({});
const userResolver = registry.forResource('User');
const groupResolver = registry.forResource('Group');

const event = (e: DirectoryEvent): NewEvent => ({
  id: randomUUID(),
  type: e.type,
  data: e.data,
  metadata: {
    tenant,
    caller: 'bench',
    correlationId: randomUUID(),
    occurredAt: new Date().toISOString(),
    schemaVersion: currentSchemaVersion(e.type),
  },
});

const userName = (n: number) => `user${n}@bench.example`;

export async function measurePostgresReadModel(
  options: PostgresBenchOptions,
): Promise<PostgresBench> {
  const dir = mkdtempSync(join(tmpdir(), 'scim-bench-postgres-'));
  const schema = `bench_${Date.now().toString(36)}`;
  const store = await openSealedStore(dir, 'normal');
  const admin = new pg.Client({ connectionString: options.url });
  await admin.connect();
  let model: ReadModelAdapter | undefined;
  try {
    const groups = Math.ceil((options.users * membershipsPerUser) / usersPerGroup);
    await fill(store, options.users, groups);
    const events = await store.headPosition();

    const started = performance.now();
    await rebuildPostgresReadModel({ eventStore: store, connectionString: options.url, schema });
    const rebuildSeconds = (performance.now() - started) / 1000;

    const { rows: counts } = await admin.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM "${schema}".users) + (SELECT count(*) FROM "${schema}".groups)
            + (SELECT count(*) FROM "${schema}".group_members) + (SELECT count(*) FROM "${schema}".user_emails) AS n`,
    );
    const { rows: sizes } = await admin.query<{ bytes: string }>(
      `SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [schema],
    );
    const { rows: version } = await admin.query<{ server_version: string }>('SHOW server_version');

    model = await openPostgresReadModel({ connectionString: options.url, schema });
    const lookups = await timeLookups(model, options.users, groups, options.requests);
    return {
      users: options.users,
      groups,
      memberships: options.users * membershipsPerUser,
      events,
      rebuildSeconds,
      rows: Number(counts[0]?.n ?? 0),
      schemaBytes: Number(sizes[0]?.bytes ?? 0),
      serverVersion: version[0]?.server_version ?? 'unknown',
      concurrency,
      lookups,
    };
  } finally {
    await model?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One tenant holding every user (the worst case for indexes that start with the tenant). */
async function fill(store: EventStore, users: number, groups: number): Promise<void> {
  await store.append([
    {
      streamId: streams.tenant(tenant),
      expected: 'no_stream',
      events: [event({ type: 'TenantRegistered', data: { tenantId: tenant, name: 'Bench' } })],
    },
  ]);
  for (let from = 0; from < users; from += usersPerAppend) {
    const requests: AppendRequest[] = [];
    for (let n = from; n < Math.min(users, from + usersPerAppend); n++) {
      requests.push({
        streamId: streams.user(tenant, `u${n}`),
        expected: 'no_stream',
        events: [
          event({
            type: 'UserProvisioned',
            data: {
              userId: `u${n}`,
              userName: userName(n),
              active: true,
              attributes: {
                externalId: `ext-${n}`,
                name: { givenName: 'Bench', familyName: `User ${n}` },
                emails: [{ value: userName(n), type: 'work', primary: true }],
              },
            },
          }),
        ],
      });
    }
    await store.append(requests);
  }
  // A history, not just creates: every second user changed once since, every tenth deactivated.
  for (let from = 0; from < users; from += usersPerAppend) {
    const requests: AppendRequest[] = [];
    for (let n = from; n < Math.min(users, from + usersPerAppend); n++) {
      const later: NewEvent[] = [];
      if (n % 2 === 0)
        later.push(
          event({
            type: 'UserAttributesChanged',
            data: { userId: `u${n}`, set: { title: 'Engineer' }, unset: [] },
          }),
        );
      if (n % 10 === 0) later.push(event({ type: 'UserDeactivated', data: { userId: `u${n}` } }));
      if (later.length > 0)
        requests.push({ streamId: streams.user(tenant, `u${n}`), expected: 0, events: later });
    }
    await store.append(requests);
  }
  // User n is in groups (2n) mod G and (2n + 1) mod G: every group holds 200 members.
  const members: { value: string; type: 'User' }[][] = Array.from({ length: groups }, () => []);
  for (let n = 0; n < users; n++)
    for (let k = 0; k < membershipsPerUser; k++)
      members[(n * membershipsPerUser + k) % groups]!.push({ value: `u${n}`, type: 'User' });
  for (let from = 0; from < groups; from += 10) {
    const requests: AppendRequest[] = [];
    for (let id = from; id < Math.min(groups, from + 10); id++) {
      requests.push({
        streamId: streams.group(tenant, `g${id}`),
        expected: 'no_stream',
        events: [
          event({
            type: 'GroupCreated',
            data: {
              groupId: `g${id}`,
              displayName: `Group ${id}`,
              attributes: { externalId: `gx-${id}` },
            },
          }),
          event({ type: 'GroupMembersAdded', data: { groupId: `g${id}`, members: members[id]! } }),
        ],
      });
    }
    await store.append(requests);
  }
}

/** The lookups behind what Okta, Entra and PingOne send, each at a spread of users and groups. */
async function timeLookups(
  model: ReadModelAdapter,
  users: number,
  groups: number,
  requests: number,
): Promise<{ name: string; result: LoadResult }[]> {
  const user = (i: number) => (i * 7919) % users;
  const group = (i: number) => (i * 104_729) % groups;
  const list = (resource: 'User' | 'Group', filter: string, count = 100): ListQuery => {
    const resolver = resource === 'User' ? userResolver : groupResolver;
    return { startIndex: 1, count, resolver, filter: parseFilter(filter, resolver) };
  };
  const one = (result: { totalResults: number }) => result.totalResults === 1;
  const timed: [string, (i: number) => Promise<boolean>][] = [
    [
      '`userName eq` (Okta, PingOne: does the user exist?)',
      async (i) =>
        one(
          await model.listUsers(
            tenant,
            list('User', `userName eq "${userName(user(i)).toUpperCase()}"`),
          ),
        ),
    ],
    [
      '`externalId eq` (Entra)',
      async (i) =>
        one(await model.listUsers(tenant, list('User', `externalId eq "ext-${user(i)}"`))),
    ],
    [
      '`emails[type eq "work"].value eq` (Entra, PingOne matching)',
      async (i) =>
        one(
          await model.listUsers(
            tenant,
            list('User', `emails[type eq "work"].value eq "${userName(user(i))}"`),
          ),
        ),
    ],
    [
      'Group `displayName eq` (Okta, Entra)',
      async (i) =>
        one(await model.listGroups(tenant, list('Group', `displayName eq "Group ${group(i)}"`))),
    ],
    [
      'Group `members[value eq]` (the groups of one user)',
      async (i) =>
        (await model.listGroups(tenant, list('Group', `members[value eq "u${user(i)}"]`)))
          .totalResults === membershipsPerUser,
    ],
    [
      `A user's groups (\`groups\` of GET /Users/{id})`,
      async (i) => (await model.groupsOfUser(tenant, `u${user(i)}`)).length === membershipsPerUser,
    ],
    [
      `All ${usersPerGroup} members of a group (GET /Groups/{id})`,
      async (i) => {
        let count = 0;
        for await (const _ of model.groupMembers(tenant, `g${group(i)}`)) count++;
        return count === usersPerGroup;
      },
    ],
    [
      'A page of 100 users with `totalResults` (GET /Users?count=100)',
      async (i) => {
        const page = await model.listUsers(tenant, {
          startIndex: 1 + ((i * 100) % Math.max(1, users - 100)),
          count: 100,
          resolver: userResolver,
        });
        return page.totalResults === users && page.rows.length === 100;
      },
    ],
  ];
  const results = [];
  for (const [name, request] of timed) {
    // A short warm-up, so the figures are not the first reads of cold pages.
    await runLoad(Math.min(200, requests), concurrency, (i) => request(i + requests));
    results.push({ name, result: await runLoad(requests, concurrency, request) });
  }
  return results;
}
