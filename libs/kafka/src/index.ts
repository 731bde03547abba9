// Messaging for the contracts: Kafka (kafkajs) and the in-process transport of the standalone
// service, with the same delivery rules (retry, dead letters, commit after the consumer's write).

export { connectKafka, type KafkaConnectionOptions } from './kafka-connection.js';
export { ensureTopics, type TopicLayout } from './topics.js';
export { headersAsStrings } from './headers.js';
export { KafkaContractSink, type KafkaContractSinkOptions } from './kafka-contract-sink.js';
export { LAG_SAMPLE_INTERVAL_MS } from './consumer-lag.js';
export {
  KafkaContractConsumer,
  type KafkaContractConsumerOptions,
} from './kafka-contract-consumer.js';
export { InProcessContractTransport } from './in-process-transport.js';
export {
  defaultRetryPolicy,
  deliverAll,
  type ContractHandler,
  type Delivery,
  type RetryPolicy,
} from './delivery.js';
export {
  runConsumerService,
  type ConsumerServiceOptions,
  type RunningConsumerService,
} from './consumer-service.js';
