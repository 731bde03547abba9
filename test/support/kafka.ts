import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { connectKafka, headersAsStrings } from '#kafka';
import type { Consumer, Kafka } from 'kafkajs';

const root = resolve(import.meta.dirname, '../..');

/**
 * The bootstrap address of a real Kafka broker: KAFKA_BROKERS when set (CI starts one with
 * scripts/kafka-local.sh), otherwise the project's local broker, started on first use and left
 * running for the next test file (`scripts/kafka-local.sh stop` stops it).
 */
export async function kafkaBrokers(): Promise<string> {
  const configured = process.env.KAFKA_BROKERS?.trim();
  if (configured) return configured;
  const { stdout } = await promisify(execFile)(
    'bash',
    [resolve(root, 'scripts/kafka-local.sh'), 'start'],
    {
      timeout: 600_000,
    },
  );
  const address = stdout.trim().split('\n').at(-1);
  if (!address) throw new Error('scripts/kafka-local.sh start printed no address');
  return address;
}

/** A topic prefix of its own, so test files share the broker without seeing each other's messages. */
export function uniqueTopicPrefix(): string {
  return `test-${randomUUID().slice(0, 8)}.`;
}

export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly headers: Record<string, string>;
  readonly value: string;
}

/** Everything on some topics from their beginning, as a downstream consumer of its own sees it. */
export class TopicReader {
  readonly messages: ReadMessage[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async open(brokers: string, topics: readonly string[]): Promise<TopicReader> {
    const kafka: Kafka = connectKafka({ brokers: brokers.split(','), clientId: 'test-reader' });
    const consumer = kafka.consumer({
      groupId: `test-reader-${randomUUID()}`,
      maxWaitTimeInMs: 200,
    });
    const reader = new TopicReader(consumer);
    await untilTopicsExist(kafka, topics);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        reader.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? '',
          headers: headersAsStrings(message.headers),
          value: message.value?.toString() ?? '',
        });
      },
    });
    return reader;
  }

  /** Waits until `predicate` holds for the messages read so far. */
  async waitFor(
    predicate: (messages: readonly ReadMessage[]) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<readonly ReadMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}; read ${this.messages.length} messages`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.messages;
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** The service creates its topics in the background after it starts; wait for them. */
async function untilTopicsExist(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        const existing = new Set(await admin.listTopics());
        return topics.every((topic) => existing.has(topic)) ? true : undefined;
      },
      `topics ${topics.join(', ')}`,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Polls `read` until it returns something defined. */
export async function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
