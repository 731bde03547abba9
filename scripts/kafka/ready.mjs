// Waits until a Kafka broker really answers an admin request (describeCluster), for
// scripts/kafka-local.sh. Log lines are racy ("started" is printed before the listeners accept
// metadata requests), so readiness is asked of the broker itself.
//
//   node scripts/kafka/ready.mjs --broker 127.0.0.1:19092 [--timeout-ms 60000] [--pid 1234]
//
// Exits 0 when the broker answers, 1 on timeout, 2 when the process given by --pid has died.
// Silent on stdout; one line on stderr when it gives up.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({
  options: {
    broker: { type: 'string' },
    'timeout-ms': { type: 'string', default: '60000' },
    pid: { type: 'string' },
  },
});
if (!values.broker) {
  console.error('usage: ready.mjs --broker host:port [--timeout-ms N] [--pid N]');
  process.exit(64);
}

const deadline = Date.now() + Number(values['timeout-ms']);
const pid = values.pid ? Number(values.pid) : undefined;

// Reads /proc rather than signalling: an exited broker stays a zombie until the shell that
// started it reaps it, and a zombie still "exists" for kill(pid, 0).
function processAlive(id) {
  try {
    const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function answers(broker) {
  const kafka = new Kafka({
    clientId: 'kafka-local-ready',
    brokers: [broker],
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    // A controller id is known only once the KRaft quorum has elected itself.
    return cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller >= 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

while (Date.now() < deadline) {
  if (pid !== undefined && !processAlive(pid)) {
    console.error(`kafka-local: broker process ${pid} exited before it answered`);
    process.exit(2);
  }
  if (await answers(values.broker)) process.exit(0);
  await sleep(250);
}
console.error(`kafka-local: ${values.broker} did not answer within ${values['timeout-ms']} ms`);
process.exit(1);
