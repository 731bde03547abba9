import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScimClient } from './support/scim-client.js';
import { buildOnce, startServiceProcess } from './support/service-process.js';

const tenant = 'lifecycle';
const token = 'lifecycle-token-0123456789';
let dataDir: string;

beforeAll(() => {
  buildOnce();
  dataDir = mkdtempSync(join(tmpdir(), 'scim-lifecycle-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({
  DATA_DIR: dataDir,
  SCIM_BOOTSTRAP_TENANT: tenant,
  SCIM_BOOTSTRAP_TOKEN: token,
});

describe('the standalone service as a process', () => {
  it('prints where the SCIM base URL is, keeps acknowledged writes across kill -9, and drains on SIGTERM', async () => {
    const first = await startServiceProcess(env());
    expect(first.output()).toContain(
      `SCIM base URL: ${first.origin.replace('127.0.0.1', '127.0.0.1')}/scim/v2/${tenant}`,
    );
    expect((await fetch(`${first.origin}/health/live`)).status).toBe(200);
    const scim = new ScimClient(`${first.origin}/scim/v2/${tenant}`, token);

    const created: string[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await scim.createUser(`durable${i}@example.com`);
      expect(response.status).toBe(201);
      created.push(response.body.id);
    }
    const { body: group } = await scim.createGroup('Durable', created.slice(0, 10));
    first.child.kill('SIGKILL');
    await first.exited;

    // Restart on the same data with the same bootstrap settings: idempotent, nothing lost.
    const second = await startServiceProcess(env());
    const again = new ScimClient(`${second.origin}/scim/v2/${tenant}`, token);
    const listed = await again.request('GET', '/Users?count=100');
    expect(listed.body.totalResults).toBe(25);
    for (const id of created) expect((await again.request('GET', `/Users/${id}`)).status).toBe(200);
    const readGroup = await again.request('GET', `/Groups/${group.id}`);
    expect(readGroup.body.members).toHaveLength(10);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses to start on a wrong setting, naming it', async () => {
    await expect(startServiceProcess({ ...env(), EVENT_STORE_SYNC: 'maybe' })).rejects.toThrow(
      /EVENT_STORE_SYNC=maybe must be one of full, normal/,
    );
  });
});
