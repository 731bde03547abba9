import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { transformFile } from '@swc/core';
import type { RecordedEvent } from '../event-store.port.js';
import { openSqliteEventStore } from './sqlite-event-store.js';

const sourceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Compiles the library as `npm run build` does, so the child runs the real adapter: Node's own
 * type stripping cannot resolve our `./x.js` import specifiers to `.ts` files.
 */
async function compileLibrary(outDir: string): Promise<void> {
  const sources = readdirSync(sourceRoot, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.startsWith('contract'),
  );
  for (const file of sources) {
    const { code } = await transformFile(join(sourceRoot, file), {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2024', keepClassNames: true },
      module: { type: 'es6' },
    });
    const target = join(outDir, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
}

interface Ack {
  readonly position: number;
  readonly id: string;
}

/** Runs the writer until it has acknowledged `count` appends, then kills it with SIGKILL. */
async function killWriterAfter(script: string, database: string, count: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [script, database], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').length > count) resolve();
    });
    void exited.then(() => reject(new Error(`writer exited early: ${errors}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  // The last line may have been cut by the kill; only complete lines are acknowledgements.
  return output
    .split('\n')
    .slice(0, -1)
    .map((line) => {
      const [position, id] = line.split(' ');
      return { position: Number(position), id: id! };
    });
}

describe('SQLite event store durability', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-durability-'));
    await compileLibrary(join(dir, 'lib'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged append when the writing process is killed mid-stream', async () => {
    const database = join(dir, 'events.db');
    const acks = await killWriterAfter(
      join(dir, 'lib', 'sqlite', 'durability-writer.fixture.js'),
      database,
      2000,
    );
    expect(acks.length).toBeGreaterThanOrEqual(2000);

    const store = await openSqliteEventStore({ path: database });
    try {
      const stored = new Map<number, RecordedEvent>();
      for await (const event of store.readAll()) stored.set(event.position, event);
      const lost = acks.filter((ack) => stored.get(ack.position)?.id !== ack.id);
      expect(lost).toEqual([]);
      // The store stays writable after crash recovery, with positions continuing.
      const head = await store.headPosition();
      const { position } = await store.append([
        {
          streamId: 'after-crash',
          expected: 'no_stream',
          events: [
            { id: 'after-crash-1', type: 'Recovered', data: {}, metadata: stored.get(1)!.metadata },
          ],
        },
      ]);
      expect(position).toBe(head + 1);
    } finally {
      await store.close();
    }
  });
});
