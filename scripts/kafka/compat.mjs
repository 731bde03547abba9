// Checks that the installed kafkajs works against a broker: the protocol versions it would
// negotiate, then the admin, idempotent producer and consumer group calls the project relies on.
// Run it when bumping Kafka or kafkajs (docs/kafka.md records the last results):
//
//   node --disable-warning=TimeoutNegativeWarning scripts/kafka/compat.mjs \
//     --broker "$(bash scripts/kafka-local.sh start)"
//
// Prints one line per check and exits 1 when one failed. It creates topics and groups named
// compat-<random>; on the throwaway local broker that is fine, elsewhere delete them afterwards.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({ options: { broker: { type: 'string' } } });
if (!values.broker) {
  console.error('usage: compat.mjs --broker host:port');
  process.exit(64);
}
const broker = values.broker;
const run = randomUUID().slice(0, 8);
const warnings = new Map();
const results = [];

// Collects kafkajs WARN/ERROR lines instead of printing them, so the report can list the noise.
const levelNames = { [logLevel.ERROR]: 'ERROR', [logLevel.WARN]: 'WARN' };
const logCreator = () => (entry) => {
  if (entry.level > logLevel.WARN) return;
  const cause = entry.log.error ? ` -> ${entry.log.error}` : '';
  const key = `${levelNames[entry.level]} [${entry.namespace || 'root'}] ${entry.log.message}${cause}`;
  warnings.set(key, (warnings.get(key) ?? 0) + 1);
};
const kafka = new Kafka({ clientId: `compat-${run}`, brokers: [broker], logCreator });

async function check(name, body) {
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error('timed out after 30 s')), 30_000).unref(),
  );
  try {
    const detail = await Promise.race([body(), timeout]);
    results.push({ name, ok: true, detail });
  } catch (error) {
    const protocol = error.type ? ` type=${error.type} code=${error.code}` : '';
    results.push({ name, ok: false, detail: `${error.name}: ${error.message}${protocol}` });
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// --- Protocol audit -------------------------------------------------------------------------
// kafkajs picks min(its highest version, the broker's highest) and never looks at the broker's
// lowest, so an API whose kafkajs maximum is below the broker's minimum fails at call time.
// (KIP-896 raised those minimums in Kafka 4.0.)

function apiVersionsV0(hostPort) {
  const [host, port] = hostPort.split(':');
  const clientId = Buffer.from('compat');
  const request = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  request.writeInt32BE(request.length - 4, 0);
  request.writeInt16BE(18, 4); // ApiVersions
  request.writeInt16BE(0, 6); // v0: every broker answers it
  request.writeInt32BE(1, 8);
  request.writeInt16BE(clientId.length, 12);
  clientId.copy(request, 14);
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    socket.setTimeout(5000, () => socket.destroy(new Error('ApiVersions timed out')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.end();
      const ranges = new Map();
      const count = received.readInt32BE(10);
      for (let i = 0, at = 14; i < count; i++, at += 6) {
        ranges.set(received.readInt16BE(at), {
          min: received.readInt16BE(at + 2),
          max: received.readInt16BE(at + 4),
        });
      }
      resolve(ranges);
    });
    socket.connect(Number(port), host, () => socket.write(request));
  });
}

async function auditProtocol() {
  const require = createRequire(import.meta.url);
  const { requests } = require('kafkajs/src/protocol/requests/index.js');
  const apiKeys = require('kafkajs/src/protocol/requests/apiKeys.js');
  const brokerRanges = await apiVersionsV0(broker);
  const negotiated = [];
  const broken = [];
  for (const [name, definition] of Object.entries(requests)) {
    if (definition.versions.length === 0) continue; // not implemented by kafkajs
    const key = apiKeys[name];
    const clientMax = Math.max(...definition.versions.map(Number));
    const range = brokerRanges.get(key);
    if (!range) {
      broken.push(`${name}(key ${key}): not offered by the broker`);
    } else if (clientMax < range.min) {
      broken.push(`${name}(key ${key}): kafkajs max v${clientMax} < broker min v${range.min}`);
    } else {
      const used = Math.min(clientMax, range.max);
      negotiated.push(`${name} v${used} (broker v${range.min}-${range.max})`);
    }
  }
  return { negotiated, broken };
}

// --- Functional checks ----------------------------------------------------------------------

const admin = kafka.admin();
const topic = `compat-${run}`;
const rebalanceTopic = `compat-${run}-rebalance`;
const resumeGroup = `compat-${run}-resume`;
const rebalanceGroup = `compat-${run}-rebalance`;

function message(i) {
  return {
    key: `user-${i % 5}`,
    value: JSON.stringify({ i }),
    headers: { ce_id: `id-${i}`, ce_type: 'user.deactivated' },
  };
}

async function produce(from, to) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const messages = [];
    for (let i = from; i < to; i++) messages.push(message(i));
    return await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

// Consumes with autoCommit off and commits each batch by hand, until `expected` messages arrived.
async function consumeAndCommit(expected) {
  const consumer = kafka.consumer({ groupId: resumeGroup });
  const seen = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch, heartbeat }) => {
            for (const m of batch.messages) {
              seen.push({
                i: JSON.parse(m.value.toString()).i,
                key: m.key?.toString(),
                ceId: m.headers?.ce_id?.toString(),
              });
            }
            const last = batch.messages.at(-1);
            if (last) {
              const next = (BigInt(last.offset) + 1n).toString();
              await consumer.commitOffsets([{ topic, partition: batch.partition, offset: next }]);
            }
            await heartbeat();
            if (seen.length >= expected) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

function assignmentOf(event) {
  return event.payload.memberAssignment[rebalanceTopic] ?? [];
}

async function rebalance() {
  const first = kafka.consumer({ groupId: rebalanceGroup });
  const second = kafka.consumer({ groupId: rebalanceGroup });
  const joins = { first: [], second: [] };
  first.on(first.events.GROUP_JOIN, (e) => joins.first.push(assignmentOf(e)));
  second.on(second.events.GROUP_JOIN, (e) => joins.second.push(assignmentOf(e)));
  const waitFor = async (predicate, what) => {
    const until = Date.now() + 25_000;
    while (!predicate()) {
      assert(Date.now() < until, `no ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    for (const consumer of [first, second]) {
      await consumer.connect();
      await consumer.subscribe({ topic: rebalanceTopic, fromBeginning: true });
    }
    await first.run({ eachMessage: async () => {} });
    await waitFor(() => joins.first.at(-1)?.length === 3, 'join with all 3 partitions');
    await second.run({ eachMessage: async () => {} });
    await waitFor(
      () =>
        joins.second.length > 0 &&
        joins.first.length > 1 &&
        joins.first.at(-1).length + joins.second.at(-1).length === 3 &&
        joins.second.at(-1).length > 0,
      'rebalance splitting the partitions',
    );
    const a = joins.first.at(-1);
    const b = joins.second.at(-1);
    assert(!a.some((p) => b.includes(p)), `overlapping assignments ${a} / ${b}`);
    return `first [${a}] second [${b}] after ${joins.first.length} joins of the first member`;
  } finally {
    await Promise.all([first.disconnect(), second.disconnect()]);
  }
}

await check('protocol audit (ApiVersions)', async () => {
  const { negotiated, broken } = await auditProtocol();
  assert(broken.length === 0, broken.join('; '));
  return negotiated.join(', ');
});

await check('admin.connect + describeCluster', async () => {
  await admin.connect();
  const cluster = await admin.describeCluster();
  return `clusterId ${cluster.clusterId}, controller ${cluster.controller}, brokers ${cluster.brokers.length}`;
});

await check('admin.createTopics (3 partitions, RF 1)', async () => {
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: 3, replicationFactor: 1 },
      { topic: rebalanceTopic, numPartitions: 3, replicationFactor: 1 },
    ],
  });
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const partitions = metadata.topics[0]?.partitions.length;
  assert(created === true && partitions === 3, `created=${created}, partitions=${partitions}`);
  return 'created, 3 partitions';
});

await check('idempotent producer (acks -1, keys, headers)', async () => {
  const sent = await produce(0, 20);
  assert(
    sent.every((r) => r.errorCode === 0),
    JSON.stringify(sent),
  );
  return `${sent.length} partition(s) written`;
});

await check('consumer eachBatch + manual commitOffsets', async () => {
  const seen = await consumeAndCommit(20);
  assert(seen.length === 20, `got ${seen.length} messages`);
  const first = seen.find((m) => m.i === 0);
  assert(
    first?.key === 'user-0' && first?.ceId === 'id-0',
    `key/header lost: ${JSON.stringify(first)}`,
  );
  const offsets = await admin.fetchOffsets({ groupId: resumeGroup, topics: [topic] });
  // Partitions that received no message have no commit and report offset -1.
  const committed = offsets[0].partitions
    .map((p) => Number(p.offset))
    .filter((offset) => offset >= 0)
    .reduce((sum, offset) => sum + offset, 0);
  assert(committed === 20, `committed offsets sum to ${committed}`);
  return '20 messages, keys and headers intact, offsets committed (fetchOffsets sums to 20)';
});

await check('restarted consumer resumes from committed offset', async () => {
  await produce(20, 30);
  const seen = await consumeAndCommit(10);
  const replayed = seen.filter((m) => m.i < 20);
  assert(replayed.length === 0, `replayed ${replayed.length} committed messages`);
  assert(seen.length === 10, `got ${seen.length} messages`);
  return 'only the 10 new messages delivered';
});

await check('rebalance when a second member joins', rebalance);

await check('admin.describeGroups / listGroups / deleteGroups / deleteTopics', async () => {
  const { groups } = await admin.describeGroups([resumeGroup]);
  const listed = await admin.listGroups();
  assert(
    listed.groups.some((g) => g.groupId === resumeGroup),
    'group not listed',
  );
  await admin.deleteGroups([resumeGroup, rebalanceGroup]);
  await admin.deleteTopics({ topics: [topic, rebalanceTopic] });
  return `describeGroups state ${groups[0]?.state}`;
});

await admin.disconnect().catch(() => {});

for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}: ${r.detail}`);
console.log(warnings.size === 0 ? 'kafkajs logged no warnings' : 'kafkajs warnings/errors:');
for (const [line, count] of warnings) console.log(`  ${count}x ${line}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
