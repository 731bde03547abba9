/**
 * `npm run bench`: starts the standalone service (as `npm start` does) on a temporary data
 * directory and measures it over loopback HTTP. Writes docs/benchmarks.md.
 * BENCH_SCALE=small runs a quick smoke version (CI), default is the full run.
 * BENCH_ONLY=propagation,publisher,postgres runs only those sections (bench/sections.ts) and
 * splices them into docs/benchmarks.md, leaving the other figures as they are.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { benchParts, benchSections, runPartsOnly } from './sections.js';
import { HttpClient } from './http-client.js';
import { runLoad, type LoadResult } from './load.js';
import { envWithoutKafka } from './propagation.js';

const root = resolve(import.meta.dirname, '../..');
const small = process.env.BENCH_SCALE === 'small';
if (process.env.BENCH_ONLY !== undefined) {
  await runPartsOnly(root, small, process.env.BENCH_ONLY);
  process.exit(0);
}
const sizes = small
  ? { creates: 300, users: [300], groups: [100, 300], filterGets: 300, patchRuns: 2 }
  : {
      creates: 10_000,
      users: [10_000, 100_000],
      groups: [1_000, 10_000, 100_000],
      filterGets: 5_000,
      patchRuns: 5,
    };
const concurrency = 32;
/** A busier IdP, or several provisioning jobs at once: deeper queues, larger group commits. */
const highConcurrency = 128;
const tenant = 'bench';
const token = 'bench-token-0123456789abcdef';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const dataDir = mkdtempSync(join(tmpdir(), 'scim-bench-'));
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}/scim/v2/${tenant}`;
const child = spawn(process.execPath, ['dist/apps/standalone/src/main.js'], {
  cwd: root,
  env: {
    ...envWithoutKafka(),
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    SCIM_BOOTSTRAP_TENANT: tenant,
    SCIM_BOOTSTRAP_TOKEN: token,
    LOG_LEVEL: 'warn',
    EVENT_STORE_SYNC: 'full',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

const http = new HttpClient(
  base,
  { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
  highConcurrency,
);
const post = (path: string, body: unknown) => http.send('POST', path, body);
/** PATCH answers 200 with the group on the generic preset; the bench does not need its members. */
const patch = (path: string, operations: unknown[]) =>
  http.send('PATCH', `${path}?excludedAttributes=members`, {
    schemas: [PATCH_OP],
    Operations: operations,
  });

async function ready(): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('service did not become ready');
}

const userIds: string[] = [];
async function createUsers(count: number, connections = concurrency): Promise<LoadResult> {
  const offset = userIds.length;
  return runLoad(count, connections, async (i) => {
    const response = await post('/Users', {
      schemas: [USER],
      userName: `user${offset + i}@bench.example`,
      name: { givenName: 'Bench', familyName: `User ${offset + i}` },
      emails: [{ value: `user${offset + i}@bench.example`, type: 'work', primary: true }],
      active: true,
    });
    if (response.status !== 201) return false;
    userIds.push((JSON.parse(response.body) as { id: string }).id);
    return true;
  });
}

async function filterGets(population: number): Promise<LoadResult> {
  return runLoad(sizes.filterGets, concurrency, async (i) => {
    const name = `user${(i * 7919) % population}@bench.example`;
    const response = await http.send(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`,
    );
    const body = JSON.parse(response.body) as { totalResults: number };
    return response.status === 200 && body.totalResults === 1;
  });
}

async function groupPatchLatency(
  size: number,
): Promise<{ size: number; medianMs: number; maxMs: number }> {
  const group = JSON.parse(
    (
      await post('/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: `group-${size}`,
      })
    ).body,
  ) as { id: string };
  for (let from = 0; from < size; from += 1000) {
    const chunk = userIds.slice(from, Math.min(size, from + 1000));
    const response = await patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: chunk.map((value) => ({ value })) },
    ]);
    if (response.status !== 200)
      throw new Error(`filling group: ${response.status} ${response.body}`);
  }
  const timings: number[] = [];
  for (let run = 0; run < sizes.patchRuns; run++) {
    const added = userIds.slice(size + run * 1000, size + (run + 1) * 1000);
    if (added.length < 1000 && !small) throw new Error('not enough users for the PATCH runs');
    const t0 = performance.now();
    const response = await patch(`/Groups/${group.id}`, [
      { op: 'add', path: 'members', value: added.map((value) => ({ value })) },
    ]);
    timings.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`PATCH: ${response.status} ${response.body}`);
  }
  timings.sort((a, b) => a - b);
  return {
    size,
    medianMs: timings[Math.floor(timings.length / 2)]!,
    maxMs: timings[timings.length - 1]!,
  };
}

function rssMb(): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

try {
  await ready();
  const creates = await createUsers(sizes.creates);
  const busyCreates = await createUsers(sizes.creates, highConcurrency);
  const filters: { population: number; result: LoadResult }[] = [];
  for (const population of sizes.users) {
    if (userIds.length < population) await createUsers(population - userIds.length);
    filters.push({ population, result: await filterGets(population) });
  }
  const needed = Math.max(...sizes.groups) + sizes.patchRuns * 1000;
  if (userIds.length < needed) await createUsers(needed - userIds.length);
  const patches = [];
  for (const size of sizes.groups) patches.push(await groupPatchLatency(size));
  const rss = rssMb();
  const sections = await benchSections(root, small, benchParts);

  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB RAM, Node ${process.versions.node}, SQLite event store with synchronous=FULL (every acknowledged write fsynced)`;
  const report = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\`${small ? ' (BENCH_SCALE=small)' : ''} on ${machine}.`,
    `The load generator runs in a second process on the same machine, on loopback HTTP with ${concurrency} concurrent keep-alive connections (${highConcurrency} where the row says so); the service is the standalone build, started as \`npm start\` starts it.`,
    '',
    '| Measure | Result |',
    '|---|---|',
    `| User creates (POST /Users, durable, ${fmt(creates.count)} users) | **${fmt(creates.perSecond)}/s**, p50 ${creates.p50Ms.toFixed(1)} ms, p99 ${creates.p99Ms.toFixed(1)} ms, ${creates.failures} failed |`,
    `| User creates, ${highConcurrency} connections (${fmt(busyCreates.count)} more users) | **${fmt(busyCreates.perSecond)}/s**, p50 ${busyCreates.p50Ms.toFixed(1)} ms, p99 ${busyCreates.p99Ms.toFixed(1)} ms, ${busyCreates.failures} failed |`,
    ...filters.map(
      ({ population, result }) =>
        `| Filter GET \`userName eq\` at ${fmt(population)} users (${fmt(result.count)} requests) | **${fmt(result.perSecond)}/s**, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.failures} failed |`,
    ),
    ...patches.map(
      (p) =>
        `| PATCH adding 1,000 members to a group of ${fmt(p.size)} | median **${p.medianMs.toFixed(1)} ms**, max ${p.maxMs.toFixed(1)} ms (${sizes.patchRuns} runs) |`,
    ),
    `| Resident memory of the service at the end (${fmt(userIds.length)} users) | ${fmt(rss)} MB |`,
    '',
  ].join('\n');
  console.log(report);
  if (!small)
    writeFileSync(
      join(root, 'docs/benchmarks.md'),
      [report, ...sections.values(), readFileSync(join(root, 'bench/notes.md'), 'utf8')].join('\n'),
    );
} finally {
  http.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
