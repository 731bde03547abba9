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
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['dist/apps/standalone/src/main.js'], {
    cwd: root,
    // The default configuration unless a test says otherwise: no Kafka even when CI has one.
    env: { ...withoutKafka(process.env), HOST: '127.0.0.1', PORT: port, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Service exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${origin}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Service not ready within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, origin, output: () => output, exited };
}

function withoutKafka(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('KAFKA_')));
}
