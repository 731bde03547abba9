import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from './support/standalone-harness.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
let t: TestService;

beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.stop();
});

const removeActive = (id: string) =>
  t.scim.patch(`/Users/${id}`, [{ op: 'remove', path: 'active' }]);
const setActive = (id: string, active: boolean) =>
  t.scim.patch(`/Users/${id}`, [{ op: 'replace', path: 'active', value: active }]);

async function idsMatching(filter: string): Promise<string[]> {
  const listed = await t.scim.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
  expect(listed.status).toBe(200);
  return (listed.body.Resources as { id: string }[]).map((user) => user.id);
}

describe('removing the active attribute of a user (scim2-tester check_remove_attribute)', () => {
  it('leaves active out of the PATCH answer, GET and lists; filters treat it as having no value', async () => {
    const { body: user } = await t.scim.createUser('unset.active@example.com');
    const removed = await removeActive(user.id);
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty('active');
    expect(removed.body.meta.version).not.toBe(user.meta.version);

    const read = await t.scim.request('GET', `/Users/${user.id}`);
    expect(read.body).not.toHaveProperty('active');
    expect(read.body).toMatchObject({ id: user.id, userName: 'unset.active@example.com' });
    const [listed] = (
      await t.scim.request(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "unset.active@example.com"')}`,
      )
    ).body.Resources;
    expect(listed).toEqual(read.body);

    expect(await idsMatching('active eq true')).not.toContain(user.id);
    expect(await idsMatching('active eq false')).not.toContain(user.id);
    expect(await idsMatching('not (active eq true)')).toContain(user.id);
    expect(await idsMatching('active pr')).not.toContain(user.id);
    expect(await idsMatching('not (active pr)')).toContain(user.id);

    // Removing it again changes nothing: no new version.
    const again = await removeActive(user.id);
    expect(again.body.meta.version).toBe(removed.body.meta.version);
  });

  it('enables an inactive user whose active is removed, and shows active again once it is set', async () => {
    const { body: user } = await t.scim.createUser('was.inactive@example.com', { active: false });
    expect(user.active).toBe(false);
    const removed = await removeActive(user.id);
    expect(removed.body).not.toHaveProperty('active');
    expect(await idsMatching('active eq false')).not.toContain(user.id);

    const enabled = await setActive(user.id, true);
    expect(enabled.body.active).toBe(true);
    expect(await idsMatching('active eq true')).toContain(user.id);

    await removeActive(user.id);
    const disabled = await setActive(user.id, false);
    expect(disabled.body.active).toBe(false);
    expect(await idsMatching('active eq false')).toContain(user.id);
  });

  it('keeps the value a PUT leaves out, so a partial PUT never enables a disabled user', async () => {
    const { body: user } = await t.scim.createUser('put.keeps@example.com', { active: false });
    const replaced = await t.scim.request('PUT', `/Users/${user.id}`, {
      schemas: [USER],
      userName: 'put.keeps@example.com',
      displayName: 'Put Keeps',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ active: false, displayName: 'Put Keeps' });

    await removeActive(user.id);
    const stillUnset = await t.scim.request('PUT', `/Users/${user.id}`, {
      schemas: [USER],
      userName: 'put.keeps@example.com',
    });
    expect(stillUnset.body).not.toHaveProperty('active');
  });

  it('keeps active:true for a user created without active, as Okta and Entra expect', async () => {
    const created = await t.scim.request('POST', '/Users', {
      schemas: [USER],
      userName: 'no.active@example.com',
    });
    expect(created.status).toBe(201);
    expect(created.body.active).toBe(true);
  });
});
