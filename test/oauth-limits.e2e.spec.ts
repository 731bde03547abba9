import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminClient } from './support/admin-client.js';
import { clientCredentials, postForm, registerApp } from './support/oauth-client.js';
import { ScimClient } from './support/scim-client.js';
import { buildOnce, startServiceProcess } from './support/service-process.js';
import {
  ADMIN_TOKEN,
  startAdminTestService,
  type AdminTestService,
} from './support/standalone-harness.js';

describe('access token lifetime', () => {
  let t: AdminTestService;
  beforeAll(async () => {
    t = await startAdminTestService();
  });
  afterAll(async () => {
    await t.stop();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('refuses an access token once its lifetime has passed', async () => {
    const { admin } = t;
    expect((await admin.createTenant('expiry-co')).status).toBe(201);
    const app = await registerApp(admin, 'expiry-co', {
      name: 'Entra',
      accessTokenLifetimeMinutes: 60,
    });
    const issued = await clientCredentials(app, app.clientSecret);
    const scim = new ScimClient(app.endpoints.scimBaseUrl, issued.body['access_token'] as string);
    expect((await scim.request('GET', '/Users')).status).toBe(200);

    // Only the clock moves (timers stay real): the service in this process sees 61 minutes pass.
    jest.useFakeTimers({
      now: Date.now() + 61 * 60_000,
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    const expired = await scim.request('GET', '/Users');
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/unknown, revoked, expired/);
    // The client simply asks for a new one, as Entra does at the next cycle.
    const renewed = await clientCredentials(app, app.clientSecret);
    expect(renewed.status).toBe(200);
    const fresh = new ScimClient(app.endpoints.scimBaseUrl, renewed.body['access_token'] as string);
    expect((await fresh.request('GET', '/Users')).status).toBe(200);
  });
});

describe('token endpoint abuse resistance', () => {
  let dataDir: string;
  beforeAll(() => {
    buildOnce();
    dataDir = mkdtempSync(join(tmpdir(), 'scim-oauth-limits-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 429 with Retry-After beyond the rate limit, and logs and stores no secret or token', async () => {
    const service = await startServiceProcess({
      DATA_DIR: dataDir,
      ADMIN_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      OAUTH_TOKEN_RATE_LIMIT_PER_MINUTE: '3',
      LOG_LEVEL: 'debug',
    });
    try {
      const admin = AdminClient.withToken(service.origin, ADMIN_TOKEN);
      expect((await admin.createTenant('limits-co')).status).toBe(201);
      const app = await registerApp(admin, 'limits-co');
      const answers = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        answers.push(
          await clientCredentials(app, app.clientSecret, attempt % 2 ? 'post' : 'basic'),
        );
      }
      expect(answers.slice(0, 3).map((answer) => answer.status)).toEqual([200, 200, 200]);
      const limited = answers[3]!;
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
      expect(limited.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: expect.stringMatching(/^Too many token requests.*retry in \d+ s/),
      });
      // Tokens already issued keep working: the limit is on asking, not on using.
      const token = answers[0]!.body['access_token'] as string;
      const scim = new ScimClient(app.endpoints.scimBaseUrl, token);
      expect((await scim.request('GET', '/Users')).status).toBe(200);

      const output = service.output();
      for (const secret of [app.clientSecret, token, ADMIN_TOKEN]) {
        expect(output).not.toContain(secret);
      }
      // Nothing on disk holds the client secret or a usable access token either.
      service.child.kill('SIGTERM');
      await service.exited;
      for (const file of readdirSync(dataDir)) {
        const bytes = readFileSync(join(dataDir, file)).toString('latin1');
        expect([file, bytes.includes(app.clientSecret)]).toEqual([file, false]);
        expect([file, bytes.includes(token)]).toEqual([file, false]);
      }
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });

  it('lets a client revoke only its own tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scim-oauth-revoke-'));
    const service = await startServiceProcess({
      DATA_DIR: dir,
      ADMIN_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
    });
    try {
      const admin = AdminClient.withToken(service.origin, ADMIN_TOKEN);
      expect((await admin.createTenant('revoke-co')).status).toBe(201);
      const owner = await registerApp(admin, 'revoke-co', { name: 'Entra' });
      const other = await registerApp(admin, 'revoke-co', { name: 'PingOne' });
      const token = (await clientCredentials(owner, owner.clientSecret)).body[
        'access_token'
      ] as string;
      await postForm(
        owner.endpoints.revocationEndpoint,
        { token },
        {
          id: other.clientId,
          secret: other.clientSecret,
          style: 'basic',
        },
      );
      const scim = new ScimClient(owner.endpoints.scimBaseUrl, token);
      expect((await scim.request('GET', '/Users')).status).toBe(200);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
