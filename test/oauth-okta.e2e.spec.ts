import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Browser, formAction, postForm as submit } from './support/browser.js';
import { type CreatedAppRegistration, postForm, registerApp } from './support/oauth-client.js';
import { startOrgIdp, type OrgIdp } from './support/org-idp.js';
import { ScimClient } from './support/scim-client.js';
import { startAdminTestService, type AdminTestService } from './support/standalone-harness.js';

const signInApp = { clientId: 'scim-admin', clientSecret: 'scim-admin-secret-0123456789' };
const ada = { email: 'ada@example.org', name: 'Ada Lovelace' };
const okta = 'https://system-admin.okta.com';

let idp: OrgIdp;
let t: AdminTestService;
let origin: string;
let app: CreatedAppRegistration;
let callback: string;

beforeAll(async () => {
  idp = await startOrgIdp([ada]);
  t = await startAdminTestService(idp.envFor(signInApp, [ada.email]));
  origin = t.service.origin;
  idp.register({ ...signInApp, redirectUri: `${origin}/admin/sign-in/callback` });
  const { admin } = t;
  expect((await admin.createTenant('okta-co')).status).toBe(201);
  app = await registerApp(admin, 'okta-co', { name: 'Okta', oktaAppName: 'acmescim' });
  callback = `${okta}/admin/app/cpc/acmescim/oauth/callback`;
});
afterAll(async () => {
  await t.stop();
  await idp.stop();
});

/** Where the browser of the Okta admin who clicked "Authenticate with" goes first. */
function authorizeUrl(redirectUri = callback, state = 'okta-state-1'): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: redirectUri,
    state,
  });
  return `${app.endpoints.authorizationEndpoint}?${query.toString()}`;
}

/** Follows the flow to our consent page, signing in at the organisation's IdP on the way. */
async function toConsentPage(browser: Browser): Promise<Response> {
  const loginPage = await browser.follow(authorizeUrl());
  expect(loginPage.url.startsWith(idp.issuer)).toBe(true);
  const login = formAction(await loginPage.text(), idp.issuer)!;
  const signedIn = await browser.request(login, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: ada.email }).toString(),
  });
  const consent = await browser.follow(new URL(signedIn.headers.get('location')!, idp.issuer).href);
  expect(consent.url).toMatch(new RegExp(`^${origin}/oauth/interaction/`));
  return consent;
}

/** Submits the consent form and answers where the browser is sent back to. */
async function decide(browser: Browser, consent: Response, decision: string): Promise<URL> {
  const action = formAction(await consent.text(), origin)!;
  const answer = await submit(browser, action, { decision }, { origin });
  expect(answer.status).toBe(303);
  const back = await browser.follow(
    new URL(answer.headers.get('location')!, origin).href,
    {},
    (location) => location.startsWith(okta),
  );
  return new URL(back.headers.get('location')!);
}

const secret = () => ({ id: app.clientId, secret: app.clientSecret, style: 'basic' as const });

function eventsOf(tenant: string): { type: string; caller: string }[] {
  const db = new DatabaseSync(join(t.dataDir, 'events.sqlite'), { readOnly: true });
  try {
    const rows = db
      .prepare(`SELECT type, metadata FROM events WHERE json_extract(metadata, '$.tenant') = ?`)
      .all(tenant) as { type: string; metadata: string }[];
    return rows.map((row) => ({
      type: row.type,
      caller: (JSON.parse(row.metadata) as { caller: string }).caller,
    }));
  } finally {
    db.close();
  }
}

describe("authorization code grant (Okta's OAuth 2 mode)", () => {
  it('lets a signed-in admin approve, then issues tokens that provision and refresh', async () => {
    const browser = new Browser();
    const consent = await toConsentPage(browser);
    expect(consent.status).toBe(200);
    const page = await consent.clone().text();
    expect(page).toContain('Allow Okta to provision users?');
    expect(page).toContain('okta-co');
    expect(page).toContain(ada.email);

    const back = await decide(browser, consent, 'approve');
    expect(`${back.origin}${back.pathname}`).toBe(callback);
    expect(back.searchParams.get('state')).toBe('okta-state-1');
    const code = back.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const tokens = await postForm(
      app.endpoints.tokenEndpoint,
      { grant_type: 'authorization_code', code, redirect_uri: callback },
      secret(),
    );
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const scim = new ScimClient(app.endpoints.scimBaseUrl, tokens.body['access_token'] as string);
    const created = await scim.request('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'grace@example.org',
    });
    expect(created.status).toBe(201);

    // Okta refreshes at the start of a cycle; the refresh token rotates.
    const refreshed = await postForm(
      app.endpoints.tokenEndpoint,
      { grant_type: 'refresh_token', refresh_token: tokens.body['refresh_token'] as string },
      secret(),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body['refresh_token']).not.toBe(tokens.body['refresh_token']);
    const renewed = new ScimClient(
      app.endpoints.scimBaseUrl,
      refreshed.body['access_token'] as string,
    );
    expect((await renewed.request('GET', `/Users/${created.body.id}`)).status).toBe(200);

    // Who approved and who provisioned, as auditors read it.
    const events = eventsOf('okta-co');
    expect(events).toContainEqual({
      type: 'AppRegistrationConsentGranted',
      caller: `admin:oauth:${idp.subjectOf(ada.email)}`,
    });
    expect(events).toContainEqual({ type: 'UserProvisioned', caller: `app:${app.clientId}` });

    // Revoking the refresh token (RFC 7009) ends the grant: it refreshes no more.
    const revoked = await postForm(
      app.endpoints.revocationEndpoint,
      { token: refreshed.body['refresh_token'] as string },
      secret(),
    );
    expect(revoked.status).toBe(200);
    const afterRevocation = await postForm(
      app.endpoints.tokenEndpoint,
      { grant_type: 'refresh_token', refresh_token: refreshed.body['refresh_token'] as string },
      secret(),
    );
    expect(afterRevocation.status).toBe(400);
  });

  it('ends every token of the grant when a code is used twice (RFC 6749 §4.1.2)', async () => {
    const browser = new Browser();
    const code = (await decide(browser, await toConsentPage(browser), 'approve')).searchParams.get(
      'code',
    )!;
    const exchange = () =>
      postForm(
        app.endpoints.tokenEndpoint,
        { grant_type: 'authorization_code', code, redirect_uri: callback },
        secret(),
      );
    const tokens = await exchange();
    expect(tokens.status).toBe(200);
    const scim = new ScimClient(app.endpoints.scimBaseUrl, tokens.body['access_token'] as string);
    expect((await scim.request('GET', '/Users')).status).toBe(200);

    const replayed = await exchange();
    expect(replayed.status).toBe(400);
    expect(replayed.body['error']).toBe('invalid_grant');
    expect((await scim.request('GET', '/Users')).status).toBe(401);
  });

  it('sends Okta back with access_denied when the admin denies', async () => {
    const browser = new Browser();
    const back = await decide(browser, await toConsentPage(browser), 'deny');
    expect(`${back.origin}${back.pathname}`).toBe(callback);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('never redirects to a URI the registration does not list', async () => {
    const browser = new Browser();
    const answer = await browser.request(authorizeUrl('https://evil.example/callback'));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(await answer.text()).toContain('redirect_uri');
  });

  it('refuses an approval posted from another site', async () => {
    const browser = new Browser();
    const consent = await toConsentPage(browser);
    const action = formAction(await consent.text(), origin)!;
    const forged = await submit(
      browser,
      action,
      { decision: 'approve' },
      {
        origin: 'https://evil.example',
      },
    );
    expect(forged.status).toBe(403);
  });
});
