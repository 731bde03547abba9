import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildOnce } from './support/service-process.js';
import { startTestService, TEST_TENANT, type TestService } from './support/standalone-harness.js';

const root = resolve(import.meta.dirname, '..');
let t: TestService;
let out: string;
let userId: string;
let renamedAt: string;

/** `npm run audit -- …` as an auditor runs it, on the running service's DATA_DIR. */
function audit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['dist/apps/audit-service/src/cli/audit-cli.js', ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', DATA_DIR: t.dataDir } },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  buildOnce();
  t = await startTestService();
  out = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  userId = (await t.scim.createUser('cli.alice@example.com', { title: 'Developer' })).body.id;
  await sleep(5);
  const patched = await t.scim.patch(`/Users/${userId}`, [
    { op: 'replace', path: 'title', value: 'Architect' },
  ]);
  renamedAt = patched.body.meta.lastModified;
  await sleep(5);
  await t.scim.patch(`/Users/${userId}`, [{ op: 'replace', path: 'active', value: false }]);
}, 120_000);
afterAll(async () => {
  await t?.stop();
  rmSync(out, { recursive: true, force: true });
});

describe('npm run audit', () => {
  it("prints a user's timeline, its state at a moment and a diff", async () => {
    const timeline = await audit('timeline', TEST_TENANT, 'user', userId);
    expect(timeline.code).toBe(0);
    const entries = timeline.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries.map((e: { type: string }) => e.type)).toEqual([
      'UserProvisioned',
      'UserAttributesChanged',
      'UserDeactivated',
    ]);

    const asOf = await audit('as-of', TEST_TENANT, 'user', userId, renamedAt);
    expect(JSON.parse(asOf.stdout)).toMatchObject({
      status: 'active',
      revision: 1,
      attributes: { title: 'Architect' },
    });

    const diff = await audit('diff', TEST_TENANT, 'user', userId, '0', renamedAt);
    expect(JSON.parse(diff.stdout).changes.map((c: { attribute: string }) => c.attribute)).toEqual([
      'active',
      'title',
      'userName',
    ]);
  }, 60_000);

  it('exports the tenant audit log to a file and reports its digest', async () => {
    // The audit log is fed by the change publisher in the background.
    let lines: string[] = [];
    const file = join(out, 'acme.ndjson');
    for (let attempt = 0; attempt < 50 && lines.length < 3; attempt++) {
      const result = await audit('export', TEST_TENANT, '--out', file);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/records to .*acme\.ndjson, sha256 [0-9a-f]{64} in /);
      lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
      if (lines.length < 3) await sleep(100);
    }
    const types = lines.map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(
      expect.arrayContaining(['scim.user.provisioned.v1', 'scim.user.deactivated.v1']),
    );
  }, 60_000);

  it("verifies the tenant's hash chain, and signs an export an auditor can check", async () => {
    const verified = await audit('verify', TEST_TENANT);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      tenant: TEST_TENANT,
      verified: expect.any(Number),
    });
    expect(JSON.parse(verified.stdout).firstBreak).toBeUndefined();

    const keys = join(out, 'signing');
    expect((await audit('keygen', '--out', keys)).code).toBe(0);
    const file = join(out, 'signed.csv');
    const exported = await audit(
      'export',
      TEST_TENANT,
      '--format',
      'csv',
      '--out',
      file,
      '--sign',
      `${keys}.key`,
    );
    expect(exported.code).toBe(0);
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));
    expect(manifest).toMatchObject({
      tenant: TEST_TENANT,
      format: 'csv',
      algorithm: 'Ed25519',
      chainHead: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });

    const checked = await audit('verify-export', file, '--key', `${keys}.pub`);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`records of tenant ${TEST_TENANT}`);

    // One byte changed in the export: the digest no longer matches the signed manifest.
    writeFileSync(file, readFileSync(file, 'utf8').replace('scim.user', 'scim.usEr'));
    const tampered = await audit('verify-export', file, '--key', `${keys}.pub`);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain("NOT VERIFIED: the file's sha256 is");
  }, 60_000);

  it('explains a wrong command line and exits 2', async () => {
    const wrong = await audit('as-of', TEST_TENANT, 'user', userId, 'yesterday');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('The moment must be an RFC 3339 time');
    expect(wrong.stderr).toContain('Usage: npm run audit');
    expect((await audit('shred')).stderr).toContain('Unknown command shred');
  }, 60_000);
});
