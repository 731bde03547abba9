import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdminClient } from './support/admin-client.js';
import { startTestService, TEST_TENANT, type TestService } from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const ADMIN_TOKEN = 'admin-token-for-search-0123456789abcdef';

let t: TestService;
const ids: Record<string, string> = {};
const created: Record<string, string> = {};

/** Three users and two groups, created in this order: grace, ada, alan, Engineers, Pioneers. */
beforeAll(async () => {
  t = await startTestService({ ADMIN_BOOTSTRAP_TOKEN: ADMIN_TOKEN });
  const people = [
    {
      key: 'grace',
      userName: 'grace@search.test',
      extra: {
        externalId: 'ext-grace',
        name: { givenName: 'Grace', familyName: 'Hopper' },
        emails: [{ value: 'grace@work.test', type: 'work', primary: true }],
      },
    },
    {
      key: 'ada',
      userName: 'Ada@Search.test',
      extra: {
        externalId: 'ext-ada',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        emails: [
          { value: 'ada@home.test', type: 'home' },
          { value: 'ada@work.test', type: 'work', primary: true },
        ],
      },
    },
    {
      key: 'alan',
      userName: 'alan@search.test',
      extra: {
        active: false,
        name: { givenName: 'Alan', familyName: 'Turing' },
        emails: [{ value: 'alan@home.test', type: 'home' }],
      },
    },
  ];
  for (const { key, userName, extra } of people) {
    const { status, body } = await t.scim.createUser(userName, extra);
    if (status !== 201) throw new Error(`POST /Users ${userName}: ${status}`);
    ids[key] = body.id;
    created[key] = body.meta.created;
  }
  const manager = await t.scim.patch(`/Users/${ids.ada}`, [
    {
      op: 'add',
      path: ENTERPRISE,
      value: { employeeNumber: '815', manager: { value: ids.grace } },
    },
  ]);
  if (manager.status !== 200) throw new Error(`PATCH manager: ${manager.status}`);
  ids.engineers = (await t.scim.createGroup('Engineers', [ids.ada!, ids.grace!])).body.id;
  ids.pioneers = (await t.scim.createGroup('Pioneers', [ids.alan!])).body.id;
});
afterAll(async () => {
  await t.stop();
});

const get = (path: string) => t.scim.request('GET', path);
const filtered = (resource: 'Users' | 'Groups', filter: string, extra = '') =>
  get(`/${resource}?filter=${encodeURIComponent(filter)}${extra}`);
const idsOf = (body: { Resources: { id: string }[] }) => body.Resources.map((r) => r.id);
const search = (path: string, request: object) =>
  t.scim.request('POST', path, { schemas: [SEARCH], ...request });

describe('filters over HTTP (RFC 7644 §3.4.2.2)', () => {
  it.each([
    ['userName eq "ADA@search.TEST"', ['ada']],
    ['username Eq "ada@search.test"', ['ada']],
    ['externalId eq "ext-ada"', ['ada']],
    ['externalId eq "EXT-ADA"', []],
    [`id eq "IDS.ada"`, ['ada']],
    ['emails[type eq "work"].value eq "ADA@work.test"', ['ada']],
    ['emails[type eq "home" and value co "@home"]', ['ada', 'alan']],
    ['emails eq "alan@home.test"', ['alan']],
    ['name.familyName sw "h"', ['grace']],
    ['active eq "False"', ['alan']],
    ['active eq true and not (emails[type eq "home"])', ['grace']],
    [`${ENTERPRISE}:employeeNumber eq "815"`, ['ada']],
    [`id eq "IDS.ada" and manager eq "IDS.grace"`, ['ada']],
    [`${ENTERPRISE}:manager.value eq "IDS.grace"`, ['ada']],
    ['groups.value eq "IDS.pioneers"', ['alan']],
    [
      'userName co "search" and (name.givenName eq "Grace" or name.givenName eq "Alan")',
      ['grace', 'alan'],
    ],
  ])('GET /Users?filter=%s', async (filter, expected) => {
    const text = filter.replace(/IDS\.(\w+)/g, (_, key: string) => ids[key]!);
    const { status, body } = await filtered('Users', text);
    expect(status).toBe(200);
    expect(body.schemas).toEqual([LIST]);
    expect(idsOf(body)).toEqual(expected.map((key) => ids[key]));
    expect(body.totalResults).toBe(expected.length);
  });

  it('compares meta times as instants, whatever the offset', async () => {
    const adaCreated = Date.parse(created.ada!);
    // The same instant, written two hours ahead with a +02:00 offset.
    const local = new Date(adaCreated + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const { body } = await filtered('Users', `meta.created ge "${local}"`);
    expect(idsOf(body)).toEqual([ids.ada, ids.alan]);
  });

  it.each([
    ['displayName eq "engineers"', ['engineers']],
    ['members[value eq "IDS.alan"]', ['pioneers']],
    ['members.value eq "IDS.grace"', ['engineers']],
    ['id eq "IDS.engineers" and members[value eq "IDS.alan"]', []],
  ])('GET /Groups?filter=%s', async (filter, expected) => {
    const text = filter.replace(/IDS\.(\w+)/g, (_, key: string) => ids[key]!);
    const { status, body } = await filtered('Groups', text, '&excludedAttributes=members');
    expect(status).toBe(200);
    expect(idsOf(body)).toEqual(expected.map((key) => ids[key]));
  });

  it.each([
    ['shoeSize eq "42"', 'Unknown attribute "shoeSize" at character 1 of the filter'],
    ['userName eq "a" xyz', 'Unexpected "xyz" at character 17 of the filter'],
    ['userName eq', 'Unexpected end of the filter at character 12'],
    ['active gt true', '"gt" is not defined for the boolean attribute active'],
    ['meta.created gt "last week"', 'is not an xsd:dateTime'],
    ['emails[type eq "work"', 'expected and, or or "]"'],
  ])('answers 400 invalidFilter for %s', async (filter, detail) => {
    const { status, body } = await filtered('Users', filter);
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect(body.detail).toContain(detail);
  });
});

describe('paging and sorting', () => {
  it('walks the users page by page in creation order, numbers as JSON integers', async () => {
    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= 3; startIndex += 2) {
      const { body } = await get(`/Users?startIndex=${startIndex}&count=2`);
      expect(body).toMatchObject({
        totalResults: 3,
        startIndex,
        itemsPerPage: body.Resources.length,
      });
      expect(Number.isInteger(body.totalResults) && Number.isInteger(body.itemsPerPage)).toBe(true);
      seen.push(...idsOf(body));
    }
    expect(seen).toEqual([ids.grace, ids.ada, ids.alan]);
  });

  it('treats startIndex below 1 as 1 and a negative count as 0; count=0 gives the total only', async () => {
    expect(idsOf((await get('/Users?startIndex=0&count=1')).body)).toEqual([ids.grace]);
    for (const count of ['0', '-3']) {
      const { status, body } = await get(`/Users?count=${count}`);
      expect(status).toBe(200);
      expect(body).toEqual({
        schemas: [LIST],
        totalResults: 3,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    }
    const past = await get('/Users?startIndex=10&count=5');
    expect(past.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
  });

  it('answers 400 invalidValue for paging values that are not whole numbers', async () => {
    for (const query of ['count=ten', 'startIndex=1.5']) {
      const { status, body } = await get(`/Users?${query}`);
      expect(status).toBe(400);
      expect(body.scimType).toBe('invalidValue');
      expect(body.detail).toMatch(/must be a whole number/);
    }
  });

  it('sorts by sub-attributes, times and multi-valued attributes, in both directions', async () => {
    const order = async (query: string) => idsOf((await get(`/Users?${query}`)).body);
    expect(await order('sortBy=name.familyName')).toEqual([ids.grace, ids.ada, ids.alan]);
    expect(await order('sortBy=name.familyName&sortOrder=descending')).toEqual([
      ids.alan,
      ids.ada,
      ids.grace,
    ]);
    // ada's PATCH came last.
    expect(await order('sortBy=meta.lastModified&sortOrder=descending')).toEqual([
      ids.ada,
      ids.alan,
      ids.grace,
    ]);
    // Primary email, else the first: ada@work, alan@home, grace@work.
    expect(await order('sortBy=emails')).toEqual([ids.ada, ids.alan, ids.grace]);
    const groups = await get(
      '/Groups?sortBy=displayName&sortOrder=descending&excludedAttributes=members',
    );
    expect(idsOf(groups.body)).toEqual([ids.pioneers, ids.engineers]);
  });

  it('answers 400 invalidValue for a sortBy that cannot be sorted', async () => {
    for (const query of ['sortBy=name', 'sortBy=shoeSize', 'sortOrder=sideways']) {
      const { status, body } = await get(`/Users?${query}`);
      expect(status).toBe(400);
      expect(body.scimType).toBe('invalidValue');
      expect(body.detail).toBeTruthy();
    }
  });
});

describe('attributes and excludedAttributes on lists', () => {
  it('keeps id and schemas whatever is asked, and returns only what was asked', async () => {
    const { body } = await get('/Users?attributes=userName,name.familyName&count=1');
    expect(body.Resources).toEqual([
      {
        schemas: [USER],
        id: ids.grace,
        userName: 'grace@search.test',
        name: { familyName: 'Hopper' },
      },
    ]);
    const without = await get('/Users?excludedAttributes=id,schemas,emails,meta,groups&count=1');
    const [grace] = without.body.Resources;
    expect(grace).toMatchObject({ schemas: [USER], id: ids.grace, userName: 'grace@search.test' });
    expect(grace.emails).toBeUndefined();
    expect(grace.meta).toBeUndefined();
    expect(grace.groups).toBeUndefined();
  });

  it("lists each user's groups, and groups without members when excluded", async () => {
    const { body } = await filtered('Users', 'name.familyName eq "Lovelace"');
    expect(body.Resources[0].groups).toEqual([
      expect.objectContaining({ value: ids.engineers, display: 'Engineers', type: 'direct' }),
    ]);
    const groups = await get('/Groups?excludedAttributes=members');
    expect(groups.body.Resources).toHaveLength(2);
    for (const group of groups.body.Resources) expect(group.members).toBeUndefined();
  });

  it('shows a new user in the unfiltered list at once (scim2-tester object_query_without_id)', async () => {
    const { body: user } = await t.scim.createUser('fresh@search.test');
    const { body } = await get('/Users?count=1000');
    expect(idsOf(body)).toContain(user.id);
    expect((await t.scim.request('DELETE', `/Users/${user.id}`)).status).toBe(204);
  });
});

describe('POST .search (RFC 7644 §3.4.3)', () => {
  it('searches Users with filter, sort, paging and attributes in the body', async () => {
    const { status, body } = await search('/Users/.search', {
      filter: 'userName ew "@search.test"',
      sortBy: 'userName',
      sortOrder: 'descending',
      attributes: ['userName'],
      startIndex: 1,
      count: 2,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      schemas: [LIST],
      totalResults: 3,
      startIndex: 1,
      itemsPerPage: 2,
    });
    expect(body.Resources).toEqual([
      { schemas: [USER], id: ids.grace, userName: 'grace@search.test' },
      { schemas: [USER], id: ids.alan, userName: 'alan@search.test' },
    ]);
  });

  it('searches Groups, leaving members out when excluded', async () => {
    const { status, body } = await search('/Groups/.search', {
      filter: `members[value eq "${ids.ada}"]`,
      excludedAttributes: ['members'],
    });
    expect(status).toBe(200);
    expect(body.Resources).toEqual([
      expect.objectContaining({ schemas: [GROUP], id: ids.engineers, displayName: 'Engineers' }),
    ]);
    expect(body.Resources[0].members).toBeUndefined();
  });

  it('searches Users then Groups at the root, each resource keeping its schemas and id', async () => {
    const { status, body } = await search('/.search', { attributes: ['displayName'] });
    expect(status).toBe(200);
    expect(body.totalResults).toBe(5);
    expect(body.Resources.map((r: { schemas: string[] }) => r.schemas[0])).toEqual([
      USER,
      USER,
      USER,
      GROUP,
      GROUP,
    ]);
    expect(idsOf(body)).toEqual([ids.grace, ids.ada, ids.alan, ids.engineers, ids.pioneers]);
    expect(body.Resources[3]).toEqual({
      schemas: [GROUP],
      id: ids.engineers,
      displayName: 'Engineers',
    });
  });

  it('pages across the boundary between Users and Groups', async () => {
    const page = async (startIndex: number, count: number) =>
      idsOf(
        (await search('/.search', { startIndex, count, excludedAttributes: ['members'] })).body,
      );
    expect(await page(3, 2)).toEqual([ids.alan, ids.engineers]);
    expect(await page(5, 2)).toEqual([ids.pioneers]);
    const countOnly = await search('/.search', { count: 0 });
    expect(countOnly.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
  });

  it('reads an attribute one resource type lacks as absent there', async () => {
    const { body } = await search('/.search', {
      filter: 'userName eq "alan@search.test" or displayName eq "Engineers"',
      attributes: ['userName'],
    });
    expect(idsOf(body)).toEqual([ids.alan, ids.engineers]);
    expect(body.Resources[1]).toEqual({ schemas: [GROUP], id: ids.engineers });
    const unknown = await search('/.search', { filter: 'shoeSize eq "42"' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ scimType: 'invalidFilter' });
    expect(unknown.body.detail).toContain('shoeSize');
  });

  it('answers 400 with a detail for a body that is no SearchRequest', async () => {
    const noSchema = await t.scim.request('POST', '/Users/.search', { filter: 'userName pr' });
    expect(noSchema.status).toBe(400);
    expect(noSchema.body).toMatchObject({ scimType: 'invalidSyntax' });
    expect(noSchema.body.detail).toContain(SEARCH);
    const badCount = await search('/Groups/.search', { count: 'lots' });
    expect(badCount.status).toBe(400);
    expect(badCount.body).toMatchObject({ scimType: 'invalidValue' });
    const badFilter = await search('/.search', { filter: 'userName eq' });
    expect(badFilter.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });

  it('requires the tenant token like every SCIM route', async () => {
    const response = await fetch(`${t.scim.baseUrl}/.search`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [SEARCH] }),
    });
    expect(response.status).toBe(401);
  });
});

describe("a tenant's own extension (the caller's schemas)", () => {
  const CUSTOM = 'urn:example:scim:search:1.0:User';
  const staff: Record<string, string> = {};

  beforeAll(async () => {
    const admin = AdminClient.withToken(t.service.origin, ADMIN_TOKEN);
    const registered = await admin.request('POST', `/tenants/${TEST_TENANT}/schema-extensions`, {
      resourceType: 'User',
      schema: {
        id: CUSTOM,
        name: 'SearchUser',
        description: 'Typed attributes only this tenant has',
        attributes: [
          { name: 'level', type: 'integer' },
          { name: 'hired', type: 'dateTime' },
          { name: 'badge', type: 'string', caseExact: true },
        ],
      },
    });
    if (registered.status !== 201) throw new Error(`extension: ${registered.status}`);
    const hires = [
      ['early', { level: 3, hired: '2020-05-01T10:00:00+02:00', badge: 'AB-1' }],
      ['late', { level: 1, hired: '2020-05-01T08:30:00Z', badge: 'ab-1' }],
    ] as const;
    for (const [key, extension] of hires) {
      const { status, body } = await t.scim.request('POST', '/Users', {
        schemas: [USER, CUSTOM],
        userName: `${key}@staff.test`,
        [CUSTOM]: extension,
      });
      if (status !== 201) throw new Error(`POST ${key}: ${status} ${JSON.stringify(body)}`);
      staff[key] = body.id;
    }
  });

  it.each([
    [`${CUSTOM}:level gt 2`, ['early']],
    [`${CUSTOM}:level eq "1"`, ['late']],
    // 08:00Z written as 10:00+02:00: compared as text it would come after 08:15.
    [`${CUSTOM}:hired lt "2020-05-01T08:15:00Z"`, ['early']],
    [`${CUSTOM}:badge eq "ab-1"`, ['late']],
  ])('filters with %s', async (filter, expected) => {
    const { status, body } = await search('/Users/.search', { filter });
    expect(status).toBe(200);
    expect(idsOf(body)).toEqual(expected.map((key) => staff[key]));
  });

  it('sorts by an extension dateTime as instants', async () => {
    const { body } = await search('/Users/.search', {
      filter: 'userName ew "@staff.test"',
      sortBy: `${CUSTOM}:hired`,
      sortOrder: 'descending',
    });
    expect(idsOf(body)).toEqual([staff.late, staff.early]);
  });
});
