/**
 * Propagation latency: how soon after the SCIM response that deactivates a user the login
 * service answers `disabled` for it. Each run starts its own standalone service, in process or
 * on Kafka, and measures users one at a time so that nothing else is in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from './http-client.js';
import { percentile } from './load.js';

export interface PropagationOptions {
  /** The repository root: the service runs from its dist/. */
  readonly root: string;
  readonly users: number;
  /** Without it the service runs its in-process transport. */
  readonly kafka?: { readonly brokers: string; readonly topicPrefix: string };
}

export interface PropagationResult {
  readonly users: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Median round trip of one status GET: the resolution of the measurement. */
  readonly pollMs: number;
  /** Median number of GETs that still answered `active` after the PATCH response. */
  readonly pollsBeforeDisabled: number;
}

const tenant = 'propagation';
const token = 'propagation-token-0123456789abcdef';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** First users, left out of the figures: JIT compilation and the consumers' first fetches. */
const warmUpUsers = 5;
/** A user still not propagated after this long fails the bench rather than hanging it. */
const propagationTimeoutMs = 10_000;

export async function measurePropagation(options: PropagationOptions): Promise<PropagationResult> {
  const service = await startStandalone(options);
  const scim = new HttpClient(
    `${service.origin}/scim/v2/${tenant}`,
    { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    1,
  );
  // One keep-alive connection, polled back to back: a sign-in asking right before it admits.
  const login = new HttpClient(`${service.origin}/accounts/${tenant}`, {}, 1);
  try {
    const latencies: number[] = [];
    const polls: number[] = [];
    const pollTimes: number[] = [];
    for (let i = 0; i < warmUpUsers + options.users; i++) {
      const userId = await createUser(scim, i);
      await waitForStatus(login, userId, 'active', []);
      await deactivate(scim, userId);
      const patchAnswered = performance.now();
      const seen = await waitForStatus(login, userId, 'disabled', pollTimes);
      if (i < warmUpUsers) continue;
      latencies.push(seen.at - patchAnswered);
      polls.push(seen.polls - 1);
    }
    latencies.sort((a, b) => a - b);
    polls.sort((a, b) => a - b);
    pollTimes.sort((a, b) => a - b);
    return {
      users: options.users,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? 0,
      pollMs: percentile(pollTimes, 0.5),
      pollsBeforeDisabled: percentile(polls, 0.5),
    };
  } finally {
    scim.close();
    login.close();
    await service.stop();
  }
}

async function createUser(scim: HttpClient, i: number): Promise<string> {
  const userName = `propagation${i}@bench.example`;
  const response = await scim.send('POST', '/Users', {
    schemas: [USER],
    userName,
    name: { givenName: 'Propagation', familyName: `User ${i}` },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
  });
  if (response.status !== 201) throw new Error(`POST /Users: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { id: string }).id;
}

async function deactivate(scim: HttpClient, userId: string): Promise<void> {
  const response = await scim.send('PATCH', `/Users/${userId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'replace', path: 'active', value: false }],
  });
  if (response.status !== 200 && response.status !== 204)
    throw new Error(`PATCH /Users/${userId}: ${response.status} ${response.body}`);
}

/** Polls without pause until the account has `status`; `at` is when that answer arrived. */
async function waitForStatus(
  login: HttpClient,
  userId: string,
  status: 'active' | 'disabled',
  roundTrips: number[],
): Promise<{ at: number; polls: number }> {
  const deadline = performance.now() + propagationTimeoutMs;
  for (let polls = 1; ; polls++) {
    const sent = performance.now();
    const response = await login.send('GET', `/${userId}`);
    const at = performance.now();
    roundTrips.push(at - sent);
    // 404 until the account's first event has arrived.
    if (response.status !== 200 && response.status !== 404)
      throw new Error(`GET /accounts/${tenant}/${userId}: ${response.status} ${response.body}`);
    if (response.status === 200 && (JSON.parse(response.body) as Account).status === status)
      return { at, polls };
    if (at > deadline)
      throw new Error(`account ${userId} not ${status} after ${propagationTimeoutMs} ms`);
  }
}

interface Account {
  readonly status: string;
}

interface RunningService {
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * This process's environment without KAFKA_*: CI sets KAFKA_BROKERS for the whole bench, and a
 * service meant to run as `npm start` does by default (in process) must not inherit it.
 */
export function envWithoutKafka(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('KAFKA_')),
  );
}

async function startStandalone({ root, kafka }: PropagationOptions): Promise<RunningService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scim-bench-propagation-'));
  const port = 19200 + Math.floor(Math.random() * 700);
  const inherited = envWithoutKafka();
  // kafkajs 2.2.4 sets a negative timer on Node 24 (kafkajs issue #1751): harmless, but noisy.
  const args = ['--disable-warning=TimeoutNegativeWarning', 'dist/apps/standalone/src/main.js'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...inherited,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      SCIM_BOOTSTRAP_TENANT: tenant,
      SCIM_BOOTSTRAP_TOKEN: token,
      LOG_LEVEL: 'warn',
      EVENT_STORE_SYNC: 'full',
      ...(kafka === undefined
        ? {}
        : { KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC_PREFIX: kafka.topicPrefix }),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  try {
    await ready(origin, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, stop };
}

async function ready(origin: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/health/ready`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the service did not become ready within 30 s');
}
