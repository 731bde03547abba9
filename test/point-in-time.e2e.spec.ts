import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, type TestService } from './support/standalone-harness.js';

let t: TestService;

beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.stop();
});

/** Each write gets its own millisecond, so every moment below names exactly one state. */
async function write<T extends { body: { meta: { lastModified: string } } }>(
  request: Promise<T>,
): Promise<string> {
  const response = await request;
  await sleep(5);
  return response.body.meta.lastModified;
}

const asOf = (path: string, moment: string, extra = '') =>
  t.scim.request('GET', `${path}?asOf=${encodeURIComponent(moment)}${extra}`);

describe('GET ?asOf= on the SCIM surface', () => {
  it('answers a user exactly as it was at three moments, and 404 before it existed', async () => {
    const created = await t.scim.createUser('pit.alice@example.com', {
      title: 'Developer',
      emails: [{ value: 'pit.alice@example.com', type: 'work', primary: true }],
    });
    const id = created.body.id as string;
    const first = created.body.meta.lastModified as string;
    await sleep(5);
    const second = await write(
      t.scim.patch(`/Users/${id}`, [
        { op: 'replace', path: 'title', value: 'Architect' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'alice@new.example' },
      ]),
    );
    const third = await write(
      t.scim.patch(`/Users/${id}`, [{ op: 'replace', path: 'active', value: false }]),
    );

    const atFirst = await asOf(`/Users/${id}`, first);
    expect(atFirst.status).toBe(200);
    expect(atFirst.body).toMatchObject({
      id,
      userName: 'pit.alice@example.com',
      title: 'Developer',
      active: true,
      emails: [{ value: 'pit.alice@example.com' }],
      meta: { version: 'W/"0"', created: first, lastModified: first },
    });
    expect((await asOf(`/Users/${id}`, second)).body).toMatchObject({
      title: 'Architect',
      active: true,
      emails: [{ value: 'alice@new.example' }],
      meta: { version: 'W/"1"', lastModified: second },
    });
    // The same moment written in another zone.
    const inParis = new Date(Date.parse(third) + 3_600_000).toISOString().replace('Z', '+01:00');
    const atThird = await asOf(`/Users/${id}`, inParis);
    expect(atThird.body).toMatchObject({ active: false, meta: { version: 'W/"2"' } });

    const before = await asOf(`/Users/${id}`, '2020-01-01T00:00:00Z');
    expect(before.status).toBe(404);
    expect(before.body.detail).toBe(
      `No user with id ${id} in this tenant at 2020-01-01T00:00:00.000Z`,
    );

    // Deleted now, still there in the past; `attributes` projects as on any GET.
    expect((await t.scim.request('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await t.scim.request('GET', `/Users/${id}`)).status).toBe(404);
    const projected = await asOf(`/Users/${id}`, second, '&attributes=title');
    expect(projected.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id,
      title: 'Architect',
    });
  });

  it('answers a group with the members it had then', async () => {
    const a = (await t.scim.createUser('pit.member.a@example.com')).body.id as string;
    const b = (await t.scim.createUser('pit.member.b@example.com')).body.id as string;
    const created = await t.scim.createGroup('Point in time', [a, b]);
    const id = created.body.id as string;
    const first = created.body.meta.lastModified as string;
    await sleep(5);
    const second = await write(
      t.scim.patch(`/Groups/${id}`, [{ op: 'remove', path: `members[value eq "${b}"]` }]),
    );
    await write(
      t.scim.patch(`/Groups/${id}`, [{ op: 'replace', path: 'displayName', value: 'Renamed' }]),
    );

    const atFirst = await asOf(`/Groups/${id}`, first);
    expect(atFirst.body.displayName).toBe('Point in time');
    expect(atFirst.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [a, b].sort(),
    );
    expect(atFirst.body.members[0]).toEqual({
      value: atFirst.body.members[0].value,
      type: 'User',
      $ref: `${t.scim.baseUrl}/Users/${atFirst.body.members[0].value}`,
    });
    const atSecond = await asOf(`/Groups/${id}`, second);
    expect(atSecond.body).toMatchObject({
      displayName: 'Point in time',
      members: [{ value: a }],
      meta: { lastModified: second },
    });
    const withoutMembers = await asOf(`/Groups/${id}`, second, '&excludedAttributes=members');
    expect(withoutMembers.body).not.toHaveProperty('members');
    expect((await t.scim.request('GET', `/Groups/${id}`)).body.displayName).toBe('Renamed');
  });

  it('refuses an asOf that is not an RFC 3339 date-time with a zone', async () => {
    const { body } = await t.scim.createUser('pit.bad@example.com');
    for (const bad of ['yesterday', '2026-11-23', '2026-11-23T10:00:00', '2026-13-40T99:00:00Z']) {
      const response = await asOf(`/Users/${body.id}`, bad);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ scimType: 'invalidValue' });
      expect(response.body.detail).toContain('asOf must be one RFC 3339 date-time');
    }
  });
});
