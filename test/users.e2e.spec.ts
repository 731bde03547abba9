import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ScimClient } from './support/scim-client.js';
import { startTestService, type TestService } from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let t: TestService;

beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.stop();
});

describe('SCIM /Users on the standalone service', () => {
  it('creates a user: 201, Location, ETag and the stored representation', async () => {
    const created = await t.scim.createUser('ada@example.com', {
      externalId: 'okta-00u1',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
      password: 'correct horse battery staple',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`${t.scim.baseUrl}/Users/${id}`);
    expect(created.headers.get('etag')).toBe('W/"0"');
    expect(created.body).toMatchObject({
      schemas: [USER],
      userName: 'ada@example.com',
      externalId: 'okta-00u1',
      active: true,
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      meta: { resourceType: 'User', version: 'W/"0"', location: `${t.scim.baseUrl}/Users/${id}` },
    });
    expect(created.body.password).toBeUndefined();

    const read = await t.scim.request('GET', `/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('finds users by filter eq on userName (any case), externalId, with paging', async () => {
    await t.scim.createUser('grace@example.com', { externalId: 'ext-grace' });
    const byName = await t.scim.request(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "GRACE@example.com"')}`,
    );
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
    });
    expect(byName.body.Resources[0].userName).toBe('grace@example.com');

    const byExternalId = await t.scim.request(
      'GET',
      `/Users?filter=${encodeURIComponent('externalId eq "ext-grace"')}`,
    );
    expect(byExternalId.body.totalResults).toBe(1);
    // externalId is caseExact (RFC 7643 §3.1)
    const wrongCase = await t.scim.request(
      'GET',
      `/Users?filter=${encodeURIComponent('externalId eq "EXT-GRACE"')}`,
    );
    expect(wrongCase.body.totalResults).toBe(0);

    const page = await t.scim.request('GET', '/Users?startIndex=2&count=1');
    expect(page.body.totalResults).toBeGreaterThanOrEqual(2);
    expect(page.body.startIndex).toBe(2);
    expect(page.body.Resources).toHaveLength(1);
    const countOnly = await t.scim.request('GET', '/Users?count=0');
    expect(countOnly.body.Resources).toEqual([]);
    expect(countOnly.body.totalResults).toBe(page.body.totalResults);
  });

  it('replaces with PUT and patches with add, replace and remove', async () => {
    const { body: user } = await t.scim.createUser('alan@example.com', {
      displayName: 'Alan',
      title: 'Mathematician',
    });
    const put = await t.scim.request('PUT', `/Users/${user.id}`, {
      schemas: [USER],
      userName: 'alan@example.com',
      displayName: 'Alan Turing',
      active: true,
    });
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe('Alan Turing');
    expect(put.body.title).toBeUndefined();
    expect(put.body.meta.version).toBe('W/"1"');

    const patched = await t.scim.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'active', value: false },
      { op: 'add', path: 'nickName', value: 'Prof' },
      { op: 'remove', path: 'displayName' },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ active: false, nickName: 'Prof' });
    expect(patched.body.displayName).toBeUndefined();
  });

  it('keeps the ETag and appends nothing for a PATCH that changes nothing', async () => {
    const { body: user } = await t.scim.createUser('noop@example.com', { displayName: 'Same' });
    const again = await t.scim.patch(`/Users/${user.id}`, [
      { op: 'replace', path: 'displayName', value: 'Same' },
    ]);
    expect(again.status).toBe(200);
    expect(again.body.meta.version).toBe(user.meta.version);
    expect(again.body.meta.lastModified).toBe(user.meta.lastModified);
  });

  it('answers 412 when If-Match names an old revision, and applies it when current', async () => {
    const { body: user } = await t.scim.createUser('etag@example.com');
    const stale = await t.scim.patch(
      `/Users/${user.id}`,
      [{ op: 'replace', path: 'nickName', value: 'x' }],
      { 'if-match': 'W/"7"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    const fresh = await t.scim.patch(
      `/Users/${user.id}`,
      [{ op: 'replace', path: 'nickName', value: 'x' }],
      { 'if-match': 'W/"0"' },
    );
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('W/"1"');
    const notModified = await t.scim.request('GET', `/Users/${user.id}`, undefined, {
      'if-none-match': 'W/"1"',
    });
    expect(notModified.status).toBe(304);
  });

  it('rejects a second user with the same userName in another case (409 uniqueness) and frees it on rename and delete', async () => {
    const { body: first } = await t.scim.createUser('Unique@Example.com');
    const clash = await t.scim.createUser('unique@example.COM');
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(clash.body.detail).toContain('unique@example.COM');

    const renamed = await t.scim.patch(`/Users/${first.id}`, [
      { op: 'replace', path: 'userName', value: 'renamed@example.com' },
    ]);
    expect(renamed.status).toBe(200);
    expect((await t.scim.createUser('unique@example.com')).status).toBe(201);

    const deleted = await t.scim.request('DELETE', `/Users/${first.id}`);
    expect(deleted.status).toBe(204);
    expect((await t.scim.request('GET', `/Users/${first.id}`)).status).toBe(404);
    expect((await t.scim.createUser('RENAMED@example.com')).status).toBe(201);
  });

  it('answers bad input with SCIM errors that say what to fix, never a 500', async () => {
    const noUserName = await t.scim.request('POST', '/Users', { schemas: [USER] });
    expect(noUserName.status).toBe(400);
    expect(noUserName.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(noUserName.body.detail).toMatch(/userName/);

    const brokenJson = await t.scim.request('POST', '/Users', '{"schemas": [');
    expect(brokenJson.status).toBe(400);
    expect(brokenJson.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);

    const badFilter = await t.scim.request(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq')}`,
    );
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.scimType).toBe('invalidFilter');

    const missing = await t.scim.request('GET', '/Users/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.status).toBe('404');

    const unknownRoute = await t.scim.request('GET', '/Nothing');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });

  it('refuses requests without a valid token of this tenant', async () => {
    const anonymous = await fetch(`${t.scim.baseUrl}/Users`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/Bearer/);
    const wrongToken = await new ScimClient(t.scim.baseUrl, 'not-a-real-token').request(
      'GET',
      '/Users',
    );
    expect(wrongToken.status).toBe(401);
    const otherTenant = await new ScimClient(
      t.scim.baseUrl.replace(/acme$/, 'globex'),
      'test-token-0123456789abcdef',
    ).request('GET', '/Users');
    expect(otherTenant.status).toBe(401);
  });

  it('accepts Okta "Header" mode: the token without the Bearer prefix', async () => {
    const response = await fetch(`${t.scim.baseUrl}/Users?count=1`, {
      headers: { authorization: 'test-token-0123456789abcdef' },
    });
    expect(response.status).toBe(200);
  });
});
