import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** Builds dist/ once per test file, so the service runs exactly as `npm start` runs it. */
export function buildOnce(): void {
  execFileSync(
    process.execPath,
    [
      resolve(root, 'node_modules/@swc/cli/bin/swc.js'),
      'apps',
      'libs',
      '--config-file',
      '.swcrc',
      '-d',
      'dist',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly origin: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `node dist/apps/standalone/src/main.js` and waits until /health/ready answers 200. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  // The default configuration unless a test says otherwise: no Kafka even when CI has one.
  return startNodeService(
    'dist/apps/standalone/src/main.js',
    { LOG_LEVEL: 'info', ...env },
    {
      inheritKafka: false,
    },
  );
}

export interface NodeServiceOptions {
  /** Pass the test's KAFKA_* variables on; off for services that must run without Kafka. */
  readonly inheritKafka: boolean;
  readonly readyWithinMs?: number;
}

/**
 * Starts a built service (`dist/apps/<name>/src/main.js`) on 127.0.0.1 and a free PORT unless
 * `env` names one, and waits until its /health/ready answers 200.
 */
export async function startNodeService(
  script: string,
  env: Record<string, string>,
  options: NodeServiceOptions,
): Promise<ServiceProcess> {
  const port = env.PORT ?? String(await freePort());
  const inherited = options.inheritKafka ? process.env : withoutKafka(process.env);
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', script], {
    cwd: root,
    env: { ...inherited, HOST: '127.0.0.1', PORT: port, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const origin = `http://127.0.0.1:${port}`;
  const readyWithinMs = options.readyWithinMs ?? 20_000;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${script} exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${origin}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} not ready within ${readyWithinMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, origin, output: () => output, exited };
}

/** Without the external components a developer's shell may name: the embedded defaults. */
function withoutKafka(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const external = (name: string) =>
    name.startsWith('KAFKA_') || name === 'DATABASE_URL' || name === 'KURRENTDB_URL';
  return Object.fromEntries(Object.entries(env).filter(([name]) => !external(name)));
}
