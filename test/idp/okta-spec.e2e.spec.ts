/**
 * Okta SCIM 2.0 SPEC test (Runscope/BlazeMeter, Okta-SCIM-20-SPEC-Test.json), step by step:
 * idp-behavior.md §2.5, peers-and-conformance.md §3.3. The pauses between steps are left out.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestService } from '../support/standalone-harness.js';
import { filterQuery, type IdpClient } from './support/idp-client.js';
import { oktaSpecTestClient, setupClient, startIdpService } from './support/idp-profiles.js';
import {
  expectListResponse,
  expectResource,
  expectScimError,
  expectScimJson,
  expectStatus,
  unique,
  USER,
} from './support/scim-expect.js';

let t: TestService;
let okta: IdpClient;
let existingUserId: string;

beforeAll(async () => {
  t = await startIdpService('okta');
  okta = oktaSpecTestClient(t);
  // "At least one user must already exist" before the test runs.
  const seeded = await setupClient(t).post('/Users', {
    schemas: [USER],
    userName: 'existing.user@example.com',
    name: { givenName: 'Existing', familyName: 'User' },
    emails: [{ value: 'existing.user@example.com', type: 'work', primary: true }],
    active: true,
  });
  existingUserId = expectResource(seeded, 201, USER).id;
});
afterAll(async () => {
  await t?.stop();
});

/** The fields step 1 and 2 read from a user. */
function expectSpecUserFields(user: any): void {
  expect(user).toEqual(
    expect.objectContaining({
      id: expect.stringMatching(/.+/),
      userName: expect.stringMatching(/.+/),
      active: expect.any(Boolean),
      name: expect.objectContaining({
        familyName: expect.stringMatching(/.+/),
        givenName: expect.stringMatching(/.+/),
      }),
    }),
  );
  expect(user.emails?.[0]?.value).toEqual(expect.stringMatching(/.+/));
}

describe('Okta SCIM 2.0 SPEC test', () => {
  let firstUser: any;
  const newUserName = `${unique('spec.')}@example.com`;
  let newUserId: string;

  it('1. GET /Users?count=1&startIndex=1 lists the existing user with the fields Okta reads', async () => {
    const res = await okta.get('/Users?count=1&startIndex=1');
    const resources = expectListResponse(res);
    expect(res.body.startIndex).toBe(1);
    expect(resources.length).toBeGreaterThan(0);
    firstUser = resources[0];
    expectSpecUserFields(firstUser);
  });

  it('2. GET /Users/{id} of that user answers the same fields and id', async () => {
    const id = (firstUser?.id as string | undefined) ?? existingUserId;
    const user = expectResource(await okta.get(`/Users/${id}`), 200, USER);
    expectSpecUserFields(user);
    expect(user.id).toBe(id);
  });

  it('3. filter userName eq an invalid email answers 200 with totalResults 0', async () => {
    const res = await okta.get(`/Users?${filterQuery(`userName eq "${unique('invalid-')}"`)}`);
    expectListResponse(res, 0);
  });

  it('4. GET /Users/{non-existent id} answers 404 with the Error schema and a detail', async () => {
    expectScimError(await okta.get(`/Users/${randomUUID()}`), 404);
  });

  it('5. filter userName eq a random email answers 200 with totalResults 0', async () => {
    const res = await okta.get(
      `/Users?${filterQuery(`userName eq "${unique('random.')}@example.com"`)}`,
    );
    expectListResponse(res, 0);
  });

  it('6. POST /Users (Content-Type application/json) creates the user: 201', async () => {
    const res = await okta.post(
      '/Users',
      {
        schemas: [USER],
        userName: newUserName,
        name: { givenName: 'Spec', familyName: 'Tester' },
        emails: [{ primary: true, value: newUserName, type: 'work' }],
        displayName: 'Spec Tester',
        active: true,
      },
      { 'content-type': 'application/json' },
    );
    const user = expectResource(res, 201, USER);
    expect(user).toMatchObject({
      active: true,
      userName: newUserName,
      name: { givenName: 'Spec', familyName: 'Tester' },
    });
    newUserId = user.id;
  });

  it('7. GET /Users/{new id} answers the same userName and names', async () => {
    const user = expectResource(await okta.get(`/Users/${newUserId}`), 200, USER);
    expect(user).toMatchObject({
      id: newUserId,
      userName: newUserName,
      name: { givenName: 'Spec', familyName: 'Tester' },
    });
  });

  it('8. POST of the same userName again answers 409', async () => {
    const res = await okta.post(
      '/Users',
      {
        schemas: [USER],
        userName: newUserName,
        name: { givenName: 'Spec', familyName: 'Tester' },
        emails: [{ primary: true, value: newUserName, type: 'work' }],
        displayName: 'Spec Tester',
        active: true,
      },
      { 'content-type': 'application/json' },
    );
    expectScimError(res, 409);
  });

  it('9. filter userName eq the UPPER-CASED userName answers 200 with that one user', async () => {
    const res = await okta.get(
      `/Users?${filterQuery(`userName eq "${newUserName.toUpperCase()}"`)}`,
    );
    const resources = expectListResponse(res, 1);
    expect(resources[0].id).toBe(newUserId);
  });

  it('10. GET /Groups answers 200 within 600 ms, Resources an array', async () => {
    const res = await okta.get('/Groups');
    expectStatus(res, 200);
    expectScimJson(res);
    expect(res.elapsedMs).toBeLessThan(600);
    expect(Number.isInteger(res.body.totalResults)).toBe(true);
    if (res.body.totalResults >= 1) expect(Array.isArray(res.body.Resources)).toBe(true);
  });

  it('11. Authorization: non-token answers 401, status "401", Error schema and a detail', async () => {
    expectScimError(await okta.get('/Users', { authorization: 'non-token' }), 401);
  });

  it('12. GET /Users/00919288221112222 answers 404, status "404", Error schema and a detail', async () => {
    expectScimError(await okta.get('/Users/00919288221112222'), 404);
  });
});
