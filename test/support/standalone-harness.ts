import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#platform';
import { startStandalone, type RunningService } from '../../apps/standalone/src/standalone.js';
import { AdminClient } from './admin-client.js';
import { ScimClient } from './scim-client.js';

export const TEST_TENANT = 'acme';
export const TEST_TOKEN = 'test-token-0123456789abcdef';
export const ADMIN_TOKEN = 'admin-bootstrap-token-0123456789abcdef';

export interface TestService {
  readonly service: RunningService;
  readonly scim: ScimClient;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** The real standalone service, in this process, on a free port and a fresh data directory. */
export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scim-e2e-'));
  const service = await startStandalone(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SCIM_BOOTSTRAP_TENANT: TEST_TENANT,
      SCIM_BOOTSTRAP_TOKEN: TEST_TOKEN,
      LOG_LEVEL: 'error',
      EVENT_STORE_SYNC: 'normal',
      ...env,
    }),
  );
  return {
    service,
    dataDir,
    scim: new ScimClient(`${service.origin}/scim/v2/${TEST_TENANT}`, TEST_TOKEN),
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AdminTestService extends TestService {
  /** A client of the admin API with ADMIN_TOKEN. */
  readonly admin: AdminClient;
}

/** `startTestService` with the admin API on (ADMIN_TOKEN), and a client of it. */
export async function startAdminTestService(
  env: Record<string, string> = {},
): Promise<AdminTestService> {
  const started = await startTestService({ ADMIN_BOOTSTRAP_TOKEN: ADMIN_TOKEN, ...env });
  return { ...started, admin: AdminClient.withToken(started.service.origin, ADMIN_TOKEN) };
}
