import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { buildOnce } from '../support/service-process.js';

const root = resolve(import.meta.dirname, '../..');
const entrypoint = join(root, 'deploy/entrypoint.sh');

/**
 * Runs the image's entrypoint as the container does (`/bin/sh`, Debian's dash in the image), with
 * this Node first on PATH and no Kafka, whatever the machine running the tests has.
 */
function runEntrypoint(args: string[], env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('KAFKA_')),
  );
  const result = spawnSync('sh', [entrypoint, ...args], {
    cwd: tmpdir(),
    env: {
      ...inherited,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('deploy/entrypoint.sh, the container command that picks the service', () => {
  beforeAll(() => buildOnce());

  it('refuses an unknown service with exit code 2 and lists the valid names', () => {
    const { status, stderr } = runEntrypoint(['scim-gatway']);

    expect(status).toBe(2);
    expect(stderr).toContain('Unknown service "scim-gatway".');
    expect(stderr).toContain(
      'Services: standalone scim-gateway directory-projector change-publisher login-service audit-service',
    );
    expect(stderr).toContain('One-off commands: projection-rebuild publisher-replay audit');
  });

  it('starts the named service, from the image root whatever the working directory', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scim-entrypoint-'));
    try {
      // The login service refuses to start without Kafka: proof that its main.js was the one run.
      const { status, stderr } = runEntrypoint(['login-service'], { DATA_DIR: dataDir });

      expect(stderr).toContain('KAFKA_BROKERS must be set: the login service consumes from Kafka');
      expect(status).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('runs the audit command line with its arguments', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scim-entrypoint-'));
    try {
      const { status, stderr } = runEntrypoint(['audit', 'verify', 'acme'], { DATA_DIR: dataDir });

      expect(stderr).toContain(`No event store in ${dataDir}`);
      expect(status).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
