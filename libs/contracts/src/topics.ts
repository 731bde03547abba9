import type { ContractResource } from './contract.js';

/** The topic names of the contracts; a deployment may put a prefix in front (`KAFKA_TOPIC_PREFIX`). */
export interface ContractTopics {
  readonly users: string;
  readonly groups: string;
}

export const defaultTopics: ContractTopics = { users: 'scim.users.v1', groups: 'scim.groups.v1' };

export function contractTopics(prefix = ''): ContractTopics {
  return { users: `${prefix}${defaultTopics.users}`, groups: `${prefix}${defaultTopics.groups}` };
}

export function topicOf(resource: ContractResource, topics: ContractTopics): string {
  return resource === 'User' ? topics.users : topics.groups;
}

/** Where a consumer parks a message that keeps failing, so its partition moves on. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
