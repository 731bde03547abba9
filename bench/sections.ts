/**
 * The sections of `npm run bench` measured beside the HTTP table: how soon a deactivation reaches
 * the login service (`propagation`) and how fast the change publisher drains the event store
 * (`publisher`), each through the in-process transport and through Kafka, and the PostgreSQL read
 * model at millions of rows (`postgres`). Every section sits
 * between `<!-- bench:<part> -->` markers in docs/benchmarks.md, so a run of some parts alone
 * (BENCH_ONLY) replaces their sections and leaves the other figures as they were.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { contractTopics, deadLetterTopic } from '#contracts';
import { connectKafka } from '#kafka';
import { measurePropagation, type PropagationResult } from './propagation.js';
import { measurePostgresReadModel } from './postgres-read-model.js';
import { measurePublisherThroughput, type PublisherRun } from './publisher-throughput.js';

export const benchParts = ['propagation', 'publisher', 'postgres'] as const;
export type BenchPart = (typeof benchParts)[number];

type Broker = { readonly brokers: string } | { readonly skipped: string };

const sizes = (small: boolean) =>
  small
    ? { propagationUsers: 30, events: 5_000, postgresUsers: 5_000, postgresRequests: 200 }
    : { propagationUsers: 500, events: 100_000, postgresUsers: 1_000_000, postgresRequests: 2_000 };

/** Runs the parts and answers their sections, each a markdown block between its markers. */
export async function benchSections(
  root: string,
  small: boolean,
  parts: readonly BenchPart[],
): Promise<Map<BenchPart, string>> {
  const broker = parts.some((part) => part !== 'postgres') ? kafkaBroker(root) : undefined;
  if (broker !== undefined && 'skipped' in broker)
    console.log(`Kafka rows skipped: ${broker.skipped}`);
  const size = sizes(small);
  const sections = new Map<BenchPart, string>();
  for (const part of parts) {
    const section =
      part === 'postgres'
        ? await postgresSection(root, size.postgresUsers, size.postgresRequests)
        : part === 'propagation'
          ? await propagationSection(root, size.propagationUsers, broker!)
          : await publisherSection(size.events, broker!);
    const marked = `<!-- bench:${part} -->\n\n${section}\n<!-- /bench:${part} -->\n`;
    console.log(marked);
    sections.set(part, marked);
  }
  return sections;
}

/** `BENCH_ONLY=propagation,publisher`: these parts alone, spliced into docs/benchmarks.md. */
export async function runPartsOnly(root: string, small: boolean, only: string): Promise<void> {
  const parts = only.split(',').map((part) => part.trim());
  const unknown = parts.filter((part) => !(benchParts as readonly string[]).includes(part));
  if (unknown.length > 0)
    throw new Error(
      `BENCH_ONLY=${only}: unknown part ${unknown.join(', ')}; use ${benchParts.join(', ')}`,
    );
  const sections = await benchSections(root, small, parts as BenchPart[]);
  if (small) return;
  const path = join(root, 'docs/benchmarks.md');
  writeFileSync(path, splice(readFileSync(path, 'utf8'), sections));
}

/**
 * Replaces each part's marked section; a part not in the file yet goes after the last marked
 * section, or before the first `## ` heading (the notes after the main table).
 */
export function splice(markdown: string, sections: ReadonlyMap<BenchPart, string>): string {
  let result = markdown;
  for (const [part, section] of sections) {
    const endMarker = `<!-- /bench:${part} -->\n`;
    const start = result.indexOf(`<!-- bench:${part} -->`);
    const end = result.indexOf(endMarker);
    if (start >= 0 && end > start) {
      result = result.slice(0, start) + section + result.slice(end + endMarker.length);
      continue;
    }
    const lastEnd = result.lastIndexOf('<!-- /bench:');
    if (lastEnd >= 0) {
      const at = result.indexOf('\n', lastEnd) + 1;
      result = `${result.slice(0, at)}\n${section}${result.slice(at)}`;
      continue;
    }
    const heading = result.search(/^## /m);
    result =
      heading < 0
        ? `${result}\n${section}`
        : `${result.slice(0, heading)}${section}\n${result.slice(heading)}`;
  }
  return result;
}

async function propagationSection(root: string, users: number, broker: Broker): Promise<string> {
  const inProcess = await measurePropagation({ root, users });
  const kafka = await withKafkaPrefix(broker, (brokers, topicPrefix) =>
    measurePropagation({ root, users, kafka: { brokers, topicPrefix } }),
  );
  const row = (transport: string, r: PropagationResult) =>
    `| ${transport} | ${fmt(r.users)} | **${r.p50Ms.toFixed(1)} ms** | **${r.p99Ms.toFixed(1)} ms** | ${r.maxMs.toFixed(1)} ms | ${r.pollMs.toFixed(2)} ms, ${fmt(r.pollsBeforeDisabled)} polls |`;
  return [
    '## Deactivation reaching the login service',
    '',
    `Measured ${today()} with \`npm run bench\` on ${machine()}.`,
    'Per user, one at a time: create it, wait until `GET /accounts/{tenant}/{userId}` answers `active`, PATCH `active=false`, then time from the PATCH response to the first GET answering `disabled`. The GETs go back to back, without pause, on one keep-alive connection: the figures are upper bounds, late by at most one GET round trip (the resolution column gives its median, and the median number of GETs that still saw `active`). Each transport runs its own standalone service (`synchronous=FULL`); the first 5 users warm it up and are left out.',
    '',
    '| Transport | Users | p50 | p99 | max | Resolution (GET round trip, polls) |',
    '|---|---|---|---|---|---|',
    row('In process', inProcess),
    'brokers' in broker && kafka !== undefined
      ? row(`Kafka (${broker.brokers}, 6 partitions)`, kafka)
      : `| Kafka | skipped: ${'skipped' in broker ? broker.skipped : 'no broker'} | | | | |`,
    '',
    `In process the publisher wakes on the commit and hands the event to the login service at once, so the first GET after the PATCH response usually answers \`disabled\` already. Through Kafka the event takes a produce acknowledged by all in-sync replicas, a consumer fetch and the login service's commit (\`synchronous=FULL\`). Against the aim of refusing a disabled user within one second: the worst p99 above is ${Math.max(inProcess.p99Ms, kafka?.p99Ms ?? 0).toFixed(0)} ms.`,
    '',
  ].join('\n');
}

async function publisherSection(events: number, broker: Broker): Promise<string> {
  let measured = await withKafkaPrefix(broker, (brokers, topicPrefix) =>
    measurePublisherThroughput({ events, kafka: { brokers, topicPrefix } }),
  );
  measured ??= await measurePublisherThroughput({ events });
  const row = (sink: string, r: PublisherRun) =>
    `| ${sink} | ${fmt(r.events)} | ${fmt(r.messages)} | ${r.seconds.toFixed(2)} s | **${fmt(r.eventsPerSecond)}/s** | ${fmt(r.messagesPerSecond)}/s | ${fmt(r.peakRssMb)} MB |`;
  return [
    '## Change publisher throughput',
    '',
    `Measured ${today()} with \`npm run bench\` on ${machine()}.`,
    `A fresh SQLite event store, users' personal data sealed as the services store them, holding ${fmt(measured.users)} users' histories (UserProvisioned, three UserAttributesChanged, UserDeactivated: one contract message each), published by one ChangePublisher from checkpoint 0 until its checkpoint reached the head, in batches of ${measured.batchSize} events (the services' default). Kafka: an idempotent producer with acks from all in-sync replicas, 6 partitions, replication 1; the time includes connecting the producer. In process: the real login-service and audit-service handlers, each writing its SQLite store. Both run in the bench process, without HTTP; its resident memory with the store filled was ${fmt(measured.baselineRssMb)} MB before either run.`,
    '',
    '| Sink | Events | Messages | Time | Events/s | Messages/s | Peak RSS (bench process) |',
    '|---|---|---|---|---|---|---|',
    measured.kafka === undefined
      ? `| Kafka | skipped: ${'skipped' in broker ? broker.skipped : 'no broker'} | | | | | |`
      : row(`Kafka (${'brokers' in broker ? broker.brokers : ''})`, measured.kafka),
    row('In process (login + audit handlers)', measured.inProcess),
    '',
    `The in-process rate is the consumers' rate, not the publisher's: the login service and the audit log each apply a batch in one transaction with \`synchronous=FULL\` (an fsync per batch each), parse and schema-check every message, and write an index entry per event, while Kafka takes a batch of ${measured.batchSize} in one produce request. The peak memory includes the event store (its writer thread and SQLite caches) in the same process.`,
    '',
  ].join('\n');
}

async function postgresSection(root: string, users: number, requests: number): Promise<string> {
  const server = localServer(root, 'DATABASE_URL', 'scripts/postgres-local.sh', 600_000);
  if ('skipped' in server) return `## PostgreSQL read model\n\nSkipped: ${server.skipped}.\n`;
  const m = await measurePostgresReadModel({ url: server.address, users, requests });
  const row = ({ name, result: r }: (typeof m.lookups)[number]) =>
    `| ${name} | **${r.p50Ms.toFixed(2)} ms** | ${r.p99Ms.toFixed(2)} ms | ${fmt(r.perSecond)}/s | ${r.failures} |`;
  return [
    '## PostgreSQL read model',
    '',
    `Measured ${today()} with \`npm run bench\` on ${machine()}, PostgreSQL ${m.serverVersion} (Debian's package, \`scripts/postgres-local.sh\`: default settings, fsync on) on the same machine.`,
    `An event store holding ${fmt(m.users)} users (userName, externalId, name, a work email; every second one changed since, every tenth deactivated) in one tenant and ${fmt(m.groups)} groups of ${fmt(m.memberships / m.groups)} members (every user in 2 groups), ${fmt(m.events)} events in all, projected into a fresh schema by \`projection:rebuild\`'s code: **${fmt(m.events / m.rebuildSeconds)} events/s** (${m.rebuildSeconds.toFixed(1)} s, the final \`VACUUM ANALYZE\` included, for ${fmt(m.rows)} rows in users, groups, group_members and user_emails; ${fmt(m.schemaBytes / 2 ** 20)} MB with indexes). The store is SQLite here, the users' personal data sealed and opened with keys in a SQLite key store beside it; a rebuild from KurrentDB reads the same events over gRPC.`,
    '',
    `Then each lookup ${fmt(m.lookups[0]?.result.count ?? 0)} times at a spread of users and groups, ${m.concurrency} at a time, through the adapter the gateway uses (SQL compiled from the SCIM filter, rows mapped back), after 200 warm-up calls:`,
    '',
    '| Lookup | p50 | p99 | Rate | Failed |',
    '|---|---|---|---|---|',
    ...m.lookups.map(row),
    '',
    "The filters IdPs send to match users and groups are index lookups (libs/read-model/src/postgres/query-plan.int.spec.ts checks the plans), so they stay flat as the tenant grows. A plain page takes its `totalResults` from the tenant's maintained count (`resource_counts`), but reaches its `startIndex` by skipping rows in `users_by_created`: the bench spreads `startIndex` over the whole tenant, so the figure is an average over shallow and deep pages, and a deeper page costs more.",
    '',
  ].join('\n');
}

/**
 * Runs `measure` under a topic prefix of its own, then deletes the prefix's topics and consumer
 * groups; answers undefined without a broker.
 */
async function withKafkaPrefix<T>(
  broker: Broker,
  measure: (brokers: string, topicPrefix: string) => Promise<T>,
): Promise<T | undefined> {
  if (!('brokers' in broker)) return undefined;
  const topicPrefix = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.`;
  try {
    return await measure(broker.brokers, topicPrefix);
  } finally {
    await deleteKafkaPrefix(broker.brokers, topicPrefix);
  }
}

async function deleteKafkaPrefix(brokers: string, prefix: string): Promise<void> {
  const admin = connectKafka({ brokers: brokers.split(','), clientId: 'bench-cleanup' }).admin();
  await admin.connect();
  try {
    const { users, groups } = contractTopics(prefix);
    const candidates = [users, groups, deadLetterTopic(users), deadLetterTopic(groups)];
    const existing = new Set(await admin.listTopics());
    const topics = candidates.filter((topic) => existing.has(topic));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const benchGroups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((groupId) => groupId.startsWith(prefix));
    if (benchGroups.length > 0) await admin.deleteGroups(benchGroups);
  } finally {
    await admin.disconnect();
  }
}

/** KAFKA_BROKERS, else the local broker of scripts/kafka-local.sh; a reason when neither works. */
function kafkaBroker(root: string): Broker {
  const server = localServer(root, 'KAFKA_BROKERS', 'scripts/kafka-local.sh', 180_000);
  return 'skipped' in server ? server : { brokers: server.address };
}

/** The server `variable` names, else the one `script start` runs locally and prints. */
function localServer(
  root: string,
  variable: string,
  script: string,
  timeout: number,
): { readonly address: string } | { readonly skipped: string } {
  const configured = process.env[variable]?.trim();
  if (configured) return { address: configured };
  try {
    const output = execFileSync('bash', [script, 'start'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout,
    });
    const address = output.trim().split('\n').at(-1);
    return address ? { address } : { skipped: `${script} start printed nothing` };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1);
    const reason = stderr ?? (error instanceof Error ? error.message : String(error));
    return { skipped: `no ${variable} and ${script} start failed (${reason})` };
  }
}

function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB RAM, Node ${process.versions.node}`;
}

const today = () => new Date().toISOString().slice(0, 10);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
