import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Browser } from './support/browser.js';
import { startOrgIdp, type OrgIdp } from './support/org-idp.js';
import { startTestService, type TestService } from './support/standalone-harness.js';

const app = { clientId: 'scim-admin', clientSecret: 'scim-admin-secret-0123456789' };
const ada = { email: 'ada@example.org', name: 'Ada Lovelace' };
const bob = { email: 'bob@example.org', name: 'Bob Builder' };

let idp: OrgIdp;
let t: TestService;
let origin: string;

beforeAll(async () => {
  idp = await startOrgIdp([ada, bob]);
  t = await startTestService(idp.envFor(app, [ada.email]));
  origin = t.service.origin;
  idp.register({ ...app, redirectUri: `${origin}/admin/sign-in/callback` });
});
afterAll(async () => {
  await t.stop();
  await idp.stop();
});

/** Starts sign-in at our service and follows it to the IdP's login page. */
async function toLoginPage(browser: Browser, returnTo?: string): Promise<string> {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const page = await browser.follow(`${origin}/admin/sign-in${query}`);
  expect(page.status).toBe(200);
  expect(page.url.startsWith(idp.issuer)).toBe(true);
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1];
  expect(action).toBeDefined();
  return `${idp.issuer}${action}`;
}

/** Submits the IdP's login form and returns the redirect to our callback, not yet followed. */
async function logInAtIdp(browser: Browser, loginUrl: string, email: string): Promise<string> {
  let response = await browser.request(loginUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email }).toString(),
  });
  let location = response.headers.get('location')!;
  while (!location.startsWith(origin)) {
    response = await browser.request(new URL(location, idp.issuer).href);
    location = response.headers.get('location')!;
  }
  expect(location.startsWith(`${origin}/admin/sign-in/callback?`)).toBe(true);
  return location;
}

async function signIn(browser: Browser, email: string, returnTo?: string): Promise<Response> {
  const callback = await logInAtIdp(browser, await toLoginPage(browser, returnTo), email);
  return browser.follow(callback);
}

function createTenant(browser: Browser, id: string, headers: Record<string, string>) {
  return browser.request(`${origin}/admin/tenants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ id, name: `${id} Inc` }),
  });
}

function callersOf(tenant: string): string[] {
  const db = new DatabaseSync(join(t.dataDir, 'events.sqlite'), { readOnly: true });
  try {
    const rows = db
      .prepare(`SELECT metadata FROM events WHERE json_extract(metadata, '$.tenant') = ?`)
      .all(tenant) as { metadata: string }[];
    return rows.map((row) => (JSON.parse(row.metadata) as { caller: string }).caller);
  } finally {
    db.close();
  }
}

describe('admin sign-in through the organisation IdP', () => {
  it('signs a listed admin in, who can then change tenants from the service own pages', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, ada.email);

    expect(landed.url).toBe(`${origin}/admin/session`);
    expect(landed.status).toBe(200);
    const session = (await landed.json()) as Record<string, string>;
    expect(session).toEqual({
      subject: idp.subjectOf(ada.email),
      email: ada.email,
      name: ada.name,
      expiresAt: expect.any(String),
    });
    const hoursLeft = (Date.parse(session.expiresAt!) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(7.9);
    expect(hoursLeft).toBeLessThanOrEqual(8);

    const created = await createTenant(browser, 'signed-in-co', { origin });
    expect(created.status).toBe(201);
    expect(callersOf('signed-in-co')).toEqual([`admin:oauth:${idp.subjectOf(ada.email)}`]);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, keeping only its digest', async () => {
    const browser = new Browser();
    const loginUrl = await toLoginPage(browser);
    const callback = await logInAtIdp(browser, loginUrl, ada.email);
    const answer = await browser.request(callback);
    expect(answer.status).toBe(302);
    const cookie = answer.headers
      .getSetCookie()
      .find((line) => line.startsWith('scim_admin_session='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    // 256 random bits, base64url.
    expect(browser.cookie(origin, 'scim_admin_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses cookie-authenticated changes without Origin or from another origin (CSRF)', async () => {
    const browser = new Browser();
    await signIn(browser, ada.email);

    const withoutOrigin = await createTenant(browser, 'csrf-a', {});
    expect(withoutOrigin.status).toBe(403);
    expect(((await withoutOrigin.json()) as { detail: string }).detail).toMatch(/Origin/);

    const foreign = await createTenant(browser, 'csrf-b', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { detail: string }).detail).toMatch(
      /Origin https:\/\/evil\.example is not this service/,
    );

    const read = await browser.request(`${origin}/admin/tenants/acme`, {
      headers: { accept: 'application/json' },
    });
    expect(read.status).toBe(200);
  });

  it('refuses a user the IdP signed in who is not in ADMIN_OAUTH_ADMINS, without a session', async () => {
    const browser = new Browser();
    const refused = await signIn(browser, bob.email);

    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(
      /bob@example\.org .*not an administrator.*ADMIN_OAUTH_ADMINS/,
    );
    expect(browser.cookie(origin, 'scim_admin_session')).toBeUndefined();
    expect((await browser.request(`${origin}/admin/session`)).status).toBe(401);
    expect((await createTenant(browser, 'bob-co', { origin })).status).toBe(401);
  });

  it('refuses a forged state, and a state issued to another browser, without a session', async () => {
    const victim = new Browser();
    await toLoginPage(victim);
    const forged = await victim.request(
      `${origin}/admin/sign-in/callback?code=made-up&state=forged-state`,
    );
    expect(forged.status).toBe(400);
    expect(await forged.text()).toMatch(/state was refused/);
    expect(victim.cookie(origin, 'scim_admin_session')).toBeUndefined();

    // Login CSRF: an attacker signs in, then makes the victim's browser finish it.
    const attacker = new Browser();
    const callback = await logInAtIdp(attacker, await toLoginPage(attacker), ada.email);
    const planted = await victim.request(callback);
    expect(planted.status).toBe(400);
    expect(victim.cookie(origin, 'scim_admin_session')).toBeUndefined();
    expect((await victim.request(`${origin}/admin/session`)).status).toBe(401);
  });

  it('returns to a path on the service, and refuses to return to another site', async () => {
    const browser = new Browser();
    const landed = await signIn(browser, ada.email, '/admin/tenants/acme');
    expect(landed.url).toBe(`${origin}/admin/tenants/acme`);
    expect(landed.status).toBe(200);

    for (const elsewhere of ['//evil.example', '/\\evil.example', 'https://evil.example/']) {
      const refused = await new Browser().request(
        `${origin}/admin/sign-in?returnTo=${encodeURIComponent(elsewhere)}`,
      );
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
    }
  });

  it('ends the session at sign-out', async () => {
    const browser = new Browser();
    await signIn(browser, ada.email);
    const sessionCookie = browser.cookie(origin, 'scim_admin_session')!;

    const signedOut = await browser.request(`${origin}/admin/sign-out`, {
      method: 'POST',
      headers: { origin },
    });
    expect(signedOut.status).toBe(204);
    expect(browser.cookie(origin, 'scim_admin_session')).toBeUndefined();

    // The old cookie, replayed, opens nothing.
    const replayed = await fetch(`${origin}/admin/session`, {
      headers: { cookie: `scim_admin_session=${sessionCookie}` },
    });
    expect(replayed.status).toBe(401);
  });
});

describe('admin sign-in when not configured', () => {
  it('answers 404 naming the variables that enable it', async () => {
    const plain = await startTestService();
    try {
      const response = await fetch(`${plain.service.origin}/admin/sign-in`);
      expect(response.status).toBe(404);
      const { detail } = (await response.json()) as { detail: string };
      expect(detail).toMatch(/ADMIN_OAUTH_AUTHORIZATION_URL.*ADMIN_OAUTH_ADMINS/);
    } finally {
      await plain.stop();
    }
  });
});
