import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { postgresUrl } from '../../libs/read-model/src/postgres/testing/postgres-server.js';
import { kafkaBrokers, uniqueTopicPrefix } from './kafka.js';
import { freePort, startNodeService, type ServiceProcess } from './service-process.js';

const root = resolve(import.meta.dirname, '../..');

export type ServiceName =
  'scim-gateway' | 'directory-projector' | 'change-publisher' | 'login-service' | 'audit-service';

/**
 * The production topology on this machine: a shared event store (the KurrentDB wire double as its
 * own process, reached through the real client), a fresh PostgreSQL database, a real Kafka broker
 * under a fresh topic prefix, and the services as separate processes configured by environment.
 */
export class Topology {
  private readonly processes = new Set<ServiceProcess>();
  private readonly dataDirs: string[] = [];

  private constructor(
    readonly env: Readonly<Record<string, string>>,
    private readonly eventStoreProcess: ChildProcess,
    private readonly databaseUrl: string,
    private readonly serverUrl: string,
  ) {}

  static async start(env: Record<string, string>): Promise<Topology> {
    const [eventStore, serverUrl, brokers] = await Promise.all([
      startEventStoreProcess(),
      postgresUrl(),
      kafkaBrokers(),
    ]);
    const databaseUrl = await createDatabase(serverUrl);
    return new Topology(
      {
        KURRENTDB_URL: eventStore.url,
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
        KAFKA_TOPIC_PARTITIONS: '3',
        LOG_LEVEL: 'info',
        ...env,
      },
      eventStore.child,
      databaseUrl,
      serverUrl,
    );
  }

  /** Starts one more process of `name`, with its own DATA_DIR, and waits until it is ready. */
  async start(name: ServiceName, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
    this.dataDirs.push(dataDir);
    const service = await startNodeService(
      `dist/apps/${name}/src/main.js`,
      { ...this.env, DATA_DIR: dataDir, ...env },
      { inheritKafka: false, readyWithinMs: 60_000 },
    );
    this.processes.add(service);
    void service.exited.then(() => this.processes.delete(service));
    return service;
  }

  /**
   * Runs a one-off command (`dist/…` script) with the services' environment, as an operator runs
   * it in a pod; answers its exit code and output.
   */
  async run(
    script: string,
    args: readonly string[] = [],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'one-off-'));
    this.dataDirs.push(dataDir);
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...this.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stdout, stderr };
  }

  /** Kills without warning: no lease released, no checkpoint flushed. */
  async kill(service: ServiceProcess): Promise<void> {
    service.child.kill('SIGKILL');
    await service.exited;
  }

  /** SIGTERM, as an orchestrator stops a pod; answers the exit code. */
  async terminate(service: ServiceProcess): Promise<number | null> {
    service.child.kill('SIGTERM');
    return service.exited;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes].map((service) => this.terminate(service)));
    this.eventStoreProcess.kill('SIGTERM');
    await dropDatabase(this.serverUrl, this.databaseUrl);
    for (const dir of this.dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function startEventStoreProcess(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      'dist/libs/event-store/src/kurrentdb/testing/kurrentdb-wire-double.main.js',
      '--port',
      String(port),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { child, url: line.toString().trim() };
}

async function createDatabase(serverUrl: string): Promise<string> {
  const name = `topology_${Date.now().toString(36)}_${process.pid}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The `GET /status` of a projector or publisher. */
export interface SingleActiveStatus {
  readonly role: 'active' | 'standby' | 'stopped';
  readonly checkpoint: number;
  readonly head: number;
}

export async function statusOf(service: ServiceProcess): Promise<SingleActiveStatus | undefined> {
  try {
    const response = await fetch(`${service.origin}/status`);
    return response.ok ? ((await response.json()) as SingleActiveStatus) : undefined;
  } catch {
    return undefined;
  }
}
