// Public surface of the Kafka contracts: the versioned integration events, their CloudEvents
// binding, and the mapping from directory events. Pure: no framework, driver or node:* import.

export type { Contract, ContractResource, JsonSchema } from './contract.js';
export { type ContractEvent, keyOf } from './contract-event.js';
export { contracts, contractOfType } from './registry.js';
export { contractTopics, defaultTopics, deadLetterTopic, type ContractTopics } from './topics.js';
export {
  ContractViolation,
  parseContractMessage,
  toContractMessage,
  type ContractMessage,
  type ContractSink,
} from './kafka-binding.js';
export { schemaViolation } from './validate.js';
export {
  contractEventsV1,
  maxMembersPerMessage,
  type DirectorySourceEvent,
} from './from-directory.v1.js';

export * from './users/user-provisioned.v1.js';
export * from './users/user-updated.v1.js';
export * from './users/user-deactivated.v1.js';
export * from './users/user-reactivated.v1.js';
export * from './users/user-deleted.v1.js';
export * from './users/user-erased.v1.js';
export type { PublicUserAttributes } from './users/public-user-attributes.js';
export * from './groups/group-created.v1.js';
export * from './groups/group-renamed.v1.js';
export * from './groups/group-members-added.v1.js';
export * from './groups/group-members-removed.v1.js';
export * from './groups/group-adopted.v1.js';
export * from './groups/group-deleted.v1.js';
export { delivered, userDeactivated } from './testing/delivered.js';
