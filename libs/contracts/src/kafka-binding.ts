import { keyOf, type ContractEvent } from './contract-event.js';
import type { ContractResource } from './contract.js';
import { contractOfType } from './registry.js';
import { topicOf, type ContractTopics } from './topics.js';
import { schemaViolation } from './validate.js';

/**
 * A contract event as it travels: CloudEvents 1.0 in Kafka binary mode (the context attributes
 * are `ce_*` headers, the value is the JSON `data`). The in-process transport carries the same.
 */
export interface ContractMessage {
  readonly topic: string;
  readonly key: string;
  readonly headers: { readonly [name: string]: string };
  readonly value: string;
}

/** Anything contract messages can be handed to: Kafka, or the consumers in the same process. */
export interface ContractSink {
  /** Resolves once every message is durably accepted (acknowledged by all in-sync replicas). */
  publish(messages: readonly ContractMessage[]): Promise<void>;
}

/** A message that is not a valid contract event: retrying cannot help, it goes to the DLQ. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

export function toContractMessage(event: ContractEvent, topics: ContractTopics): ContractMessage {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: event.id,
    ce_type: event.type,
    ce_source: event.source,
    ce_subject: event.subject,
    ce_time: event.time,
    'content-type': 'application/json',
    ce_tenant: event.tenant,
    ce_position: event.position.toString(),
    ce_caller: event.caller,
    ce_correlationid: event.correlationId,
  };
  if (event.requestId !== undefined) headers.ce_requestid = event.requestId;
  if (event.part !== undefined) {
    headers.ce_part = event.part.index.toString();
    headers.ce_parts = event.part.count.toString();
  }
  return {
    topic: topicOf(event.resource, topics),
    key: keyOf(event.tenant, event.resourceId),
    headers,
    value: JSON.stringify(event.data),
  };
}

/**
 * Reads a message back into a contract event, checking everything a consumer relies on: the
 * CloudEvents attributes, a known `ce_type`, a key that matches the subject, and `data` valid
 * against the contract's JSON schema. Throws `ContractViolation` saying what is wrong.
 */
export function parseContractMessage(message: ContractMessage): ContractEvent {
  const header = (name: string): string => {
    const value = message.headers[name];
    if (value === undefined || value === '')
      throw new ContractViolation(`header ${name} is missing`);
    return value;
  };
  const specversion = header('ce_specversion');
  if (specversion !== '1.0')
    throw new ContractViolation(`ce_specversion is "${specversion}", expected "1.0"`);
  const type = header('ce_type');
  const contract = contractOfType(type);
  if (contract === undefined) throw new ContractViolation(`ce_type "${type}" is not a contract`);
  const tenant = header('ce_tenant');
  const subject = header('ce_subject');
  const { resource, resourceId } = parseSubject(subject);
  if (resource !== contract.resource)
    throw new ContractViolation(`ce_subject "${subject}" does not name a ${contract.resource}`);
  if (message.key !== keyOf(tenant, resourceId))
    throw new ContractViolation(`key "${message.key}" does not match tenant and subject`);
  const position = Number(header('ce_position'));
  if (!Number.isSafeInteger(position) || position < 1)
    throw new ContractViolation('ce_position is not a positive integer');
  const data = parseJson(message.value);
  const violation = schemaViolation(contract, data);
  if (violation !== undefined) throw new ContractViolation(`${type}: ${violation}`);
  const requestId = message.headers.ce_requestid;
  const part = parsePart(message.headers.ce_part, message.headers.ce_parts);
  return {
    id: header('ce_id'),
    type,
    source: header('ce_source'),
    subject,
    time: header('ce_time'),
    tenant,
    resource,
    resourceId,
    position,
    caller: header('ce_caller'),
    correlationId: header('ce_correlationid'),
    ...(requestId === undefined ? {} : { requestId }),
    ...(part === undefined ? {} : { part }),
    data,
  };
}

function parseSubject(subject: string): { resource: ContractResource; resourceId: string } {
  const match = /^(Users|Groups)\/(.+)$/.exec(subject);
  if (match === null)
    throw new ContractViolation(`ce_subject "${subject}" is not Users/<id> or Groups/<id>`);
  return { resource: match[1] === 'Users' ? 'User' : 'Group', resourceId: match[2]! };
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new ContractViolation('the message value is not JSON');
  }
}

function parsePart(
  index: string | undefined,
  count: string | undefined,
): ContractEvent['part'] | undefined {
  if (index === undefined && count === undefined) return undefined;
  const part = { index: Number(index), count: Number(count) };
  if (
    !Number.isSafeInteger(part.index) ||
    !Number.isSafeInteger(part.count) ||
    part.index < 1 ||
    part.index > part.count
  )
    throw new ContractViolation('ce_part and ce_parts must be 1 ≤ part ≤ parts');
  return part;
}
