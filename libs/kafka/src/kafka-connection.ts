import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaConnectionOptions {
  /** Bootstrap servers, e.g. `["127.0.0.1:19092"]`. */
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/**
 * The one way the project opens a kafkajs client: its log lines go through Nest's logger (warn
 * and error only), without the notices that say nothing to an operator.
 */
export function connectKafka({ brokers, clientId }: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.WARN,
    logCreator: () => logEntry,
    retry: { initialRetryTime: 200, retries: 5 },
  });
}

const logger = new Logger('Kafka');

/** kafkajs notices that say nothing about this deployment. */
const quiet = [
  // We set a bounded retry count on purpose: delivery is at least once and consumers deduplicate,
  // and an unbounded count would make a broker outage hang the publisher instead of backing off.
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
  // The default partitioner hashes keys like the Java client; that is the one we want.
  'KafkaJS v2.0.0 switched default partitioner',
];

function logEntry({ namespace, log }: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
  if (quiet.some((text) => message.startsWith(text))) return;
  const details = Object.keys(extra).length === 0 ? '' : ` ${JSON.stringify(extra)}`;
  // kafkajs logs at ERROR what it retries by itself (a coordinator still loading after a broker
  // start, a rebalance); what it gives up on reaches our code as a rejection and is logged there.
  logger.warn(`${namespace}: ${message}${details}`);
}
