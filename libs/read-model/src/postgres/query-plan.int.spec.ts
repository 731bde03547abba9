import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { groupFilter, groupQuery, userFilter, userQuery } from '../contract/list.fixture.js';
import type { FilterResource } from '../sql/resource-paths.js';
import { ResourceListSql } from '../sql/resource-list.js';
import { memberPage, scimGroupsOf } from './directory.queries.js';
import { PositionalSqlBuilder, postgresDialect } from './postgres-dialect.js';
import { openPostgresReadModel, pageSql } from './postgres-read-model.js';
import { dropSchema, postgresUrl, uniqueSchema } from './testing/postgres-server.js';

const users = 200_000;
const groups = 2_000;
/** Every user is in two groups: 400,000 membership rows, 200 members a group. */
const membershipsPerUser = 2;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/**
 * Lookups by userName, externalId, displayName and membership must be answered from an index at
 * any size. The tables are filled in bulk (one tenant holding every row, the worst case for an
 * index that starts with the tenant), analysed, and the statements the adapter runs are
 * explained: the plan must read the big tables by index, never by a sequential scan.
 */
describe('PostgreSQL read-model query plans at 200,000 users', () => {
  let url: string;
  const schema = uniqueSchema('plan');
  let client: pg.Client;

  beforeAll(async () => {
    url = await postgresUrl();
    await (await openPostgresReadModel({ connectionString: url, schema })).close();
    client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await client.connect();
    await client.query(
      `INSERT INTO users (tenant, id, user_name, user_name_lc, external_id, active, attributes, revision, created, last_modified)
       SELECT 'acme', 'u' || n, 'User' || n || '@Example.com', 'user' || n || '@example.com', 'ext-' || n, 1,
         jsonb_build_object('emails', jsonb_build_array(jsonb_build_object('value', 'user' || n || '@example.com', 'type', 'work'))),
         0, to_char(timestamp '2024-01-01' + n * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '2024-01-01T00:00:00.000Z'
       FROM generate_series(1, $1::int) AS n`,
      [users],
    );
    await client.query(
      `INSERT INTO user_emails (tenant, value_lc, user_id)
       SELECT 'acme', 'user' || n || '@example.com', 'u' || n FROM generate_series(1, $1::int) AS n`,
      [users],
    );
    await client.query(
      `INSERT INTO groups (tenant, id, display_name, display_name_lc, external_id, attributes, revision, created, last_modified, member_count)
       SELECT 'acme', 'g' || n, 'Group ' || n, 'group ' || n, 'gx-' || n, '{}', 0, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 200
       FROM generate_series(1, $1::int) AS n`,
      [groups],
    );
    await client.query(
      `INSERT INTO group_members (tenant, group_id, member_id, member_type)
       SELECT 'acme', 'g' || ((n * $3::int + k) % $2::int + 1), 'u' || n, 'User'
       FROM generate_series(1, $1::int) AS n, generate_series(0, $3::int - 1) AS k
       ON CONFLICT DO NOTHING`,
      [users, groups, membershipsPerUser],
    );
    // As a rebuild leaves it (VACUUM sets the visibility map index-only scans rely on).
    await client.query('VACUUM ANALYZE users, groups, group_members, user_emails');
  }, 600_000);

  afterAll(async () => {
    await client?.end();
    if (url !== undefined) await dropSchema(url, schema);
  });

  const explain = async (sql: string, params: readonly unknown[]): Promise<PlanNode[]> => {
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      [...params],
    );
    return nodesOf(rows[0]!['QUERY PLAN'][0].Plan);
  };

  const listPlan = (resource: FilterResource, filter: string): Promise<PlanNode[]> => {
    const query =
      resource === 'User'
        ? userQuery({ filter: userFilter(filter), count: 100 })
        : groupQuery({ filter: groupFilter(filter), count: 100 });
    const list = new ResourceListSql(resource, 'acme', query, postgresDialect);
    const b = new PositionalSqlBuilder();
    const where = list.where(b);
    const sql = `SELECT r.id FROM ${list.table} AS r WHERE ${where} ORDER BY ${list.orderBy(b)} LIMIT 100`;
    return explain(sql, b.params);
  };

  const indexScans = (nodes: readonly PlanNode[]): string[] =>
    nodes.flatMap((node) => (node['Index Name'] === undefined ? [] : [node['Index Name']]));
  const seqScans = (nodes: readonly PlanNode[]): string[] =>
    nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'] ?? '?');

  it.each([
    ['User', 'userName eq "USER123456@example.com"', 'users_by_user_name'],
    ['User', 'externalId eq "ext-4242"', 'users_by_external_id'],
    ['User', 'emails[type eq "work"].value eq "User77@Example.com"', 'user_emails_pkey'],
    ['Group', 'displayName eq "GROUP 17"', 'groups_by_display_name'],
    ['Group', 'externalId eq "gx-17"', 'groups_by_external_id'],
    ['Group', 'members[value eq "u4242"]', 'group_members_by_member'],
    ['User', 'groups.value eq "g17"', 'group_members_pkey'],
  ] as const)('answers the %s filter %s from %s', async (resource, filter, index) => {
    const nodes = await listPlan(resource, filter);
    expect(seqScans(nodes)).toEqual([]);
    expect(indexScans(nodes)).toContain(index);
  });

  it('pages deep into a tenant by an index-only scan, reading only the page from the table', async () => {
    const list = new ResourceListSql(
      'User',
      'acme',
      userQuery({ startIndex: 150_001, count: 100 }),
      postgresDialect,
    );
    const b = new PositionalSqlBuilder();
    const nodes = await explain(pageSql(list, b, list.where(b)), b.params);
    expect(seqScans(nodes)).toEqual([]);
    expect(
      nodes.filter((n) => n['Node Type'] === 'Index Only Scan').map((n) => n['Index Name']),
    ).toContain('users_by_created');
  });

  it('streams a group page by page from the primary key (group -> members)', async () => {
    const nodes = await explain(memberPage, ['acme', 'g17', '', 1000]);
    expect(seqScans(nodes)).toEqual([]);
    expect(indexScans(nodes)).toEqual(
      expect.arrayContaining(['group_members_pkey', 'users_pkey', 'groups_pkey']),
    );
  });

  it("finds a page of users' groups from the member index (member -> groups)", async () => {
    const nodes = await explain(scimGroupsOf, ['acme', ['u1', 'u2', 'u3']]);
    expect(seqScans(nodes)).toEqual([]);
    expect(indexScans(nodes)).toContain('group_members_by_member');
  });
});
