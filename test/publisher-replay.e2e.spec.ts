import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { contractTopics } from '#contracts';
import { currentSchemaVersion, type DirectoryEvent, streams } from '#directory';
import { openSqliteEventStore, type RecordedEvent } from '#event-store';
import { kafkaBrokers, TopicReader, uniqueTopicPrefix } from './support/kafka.js';
import { buildOnce } from './support/service-process.js';

const root = resolve(import.meta.dirname, '..');
const prefix = uniqueTopicPrefix();
const minute = (n: number) => `2026-11-23T10:0${n}:00.000Z`;
let dataDir: string;
let brokers: string;
let recorded: RecordedEvent[];
let reader: TopicReader;

/** `npm run publisher:replay -- …` on the data directory, as an operator runs it. */
function replay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        'dist/apps/change-publisher/src/replay.js',
        ...args,
      ],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          DATA_DIR: dataDir,
          KAFKA_BROKERS: brokers,
          KAFKA_TOPIC_PREFIX: prefix,
          LEADER_LEASE_MS: '1000',
        },
      },
      (error, stdout, stderr) =>
        done({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  buildOnce();
  brokers = await kafkaBrokers();
  dataDir = mkdtempSync(join(tmpdir(), 'publisher-replay-'));
  const store = await openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
  const provisioned = (userId: string): DirectoryEvent => ({
    type: 'UserProvisioned',
    data: { userId, userName: `${userId}@example.com`, active: true, attributes: {} },
  });
  for (const [n, userId] of ['u1', 'u2', 'u3', 'u4', 'u5'].entries()) {
    const event = provisioned(userId);
    await store.append([
      {
        streamId: streams.user('acme', userId),
        expected: 'no_stream',
        events: [
          {
            id: randomUUID(),
            type: event.type,
            data: event.data,
            metadata: {
              tenant: 'acme',
              caller: 'token:t1',
              correlationId: randomUUID(),
              occurredAt: minute(n + 1),
              schemaVersion: currentSchemaVersion(event.type),
            },
          },
        ],
      },
    ]);
  }
  recorded = [];
  for await (const event of store.readAll()) recorded.push(event);
  await store.close();
}, 600_000);

afterAll(async () => {
  await reader?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const idsOf = (messages: readonly { headers: Record<string, string> }[]) =>
  messages.map((message) => message.headers['ce_id']);

describe('npm run publisher:replay', () => {
  it('republishes a range of positions, then of times, without moving the checkpoint', async () => {
    const byPosition = await replay(
      '--from',
      String(recorded[1]!.position),
      '--to',
      String(recorded[3]!.position),
    );
    expect(byPosition.stderr).toBe('');
    expect(byPosition.stdout).toContain('Republished 2 contract messages of 2 events');
    reader = await TopicReader.open(brokers, [contractTopics(prefix).users]);
    await reader.waitFor((messages) => messages.length >= 2, 'the replayed range');
    await sleep(500);
    // Keyed by user, so spread over partitions: compared as sets.
    expect(idsOf(reader.messages).sort()).toEqual([recorded[2]!.id, recorded[3]!.id].sort());

    // From 10:02 (inclusive) to 10:04 (exclusive): u2 and u3.
    const byTime = await replay('--from', minute(2), '--to', minute(4));
    expect(byTime.code).toBe(0);
    await reader.waitFor((messages) => messages.length >= 4, 'the replayed time range');
    await sleep(500);
    expect(idsOf(reader.messages).slice(2).sort()).toEqual(
      [recorded[1]!.id, recorded[2]!.id].sort(),
    );

    // The publisher's own checkpoint was never touched: moving it back to the start still works.
    const back = await replay('--from', 'start');
    expect(back.stdout).toContain('after position 0 (it was at 0)');
  }, 120_000);

  it('explains a wrong range and exits 2', async () => {
    const wrong = await replay('--from', 'yesterday', '--to', '5');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Usage: npm run publisher:replay');
    const timeAlone = await replay('--from', minute(1));
    expect(timeAlone.code).toBe(2);
    expect(timeAlone.stderr).toContain('A time needs --to as well');
  }, 60_000);
});
