import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ContractEvent } from './contract-event.js';
import { maxMembersPerMessage } from './from-directory.v1.js';
import { toContractMessage } from './kafka-binding.js';
import { contracts } from './registry.js';
import { defaultTopics, topicOf } from './topics.js';

/** docs/events.md is what downstream teams build against: these checks keep it true. */
const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/events.md'), 'utf8');

/** The text under a heading, up to the next heading of the same or a higher level. */
function sectionAfter(heading: string): string {
  const start = doc.split('\n').findIndex((line) => line === heading);
  if (start === -1) throw new Error(`docs/events.md has no heading "${heading}"`);
  const level = headingLevel(heading);
  const lines = doc.split('\n').slice(start + 1);
  const end = lines.findIndex((line) => headingLevel(line) > 0 && headingLevel(line) <= level);
  return lines.slice(0, end === -1 ? undefined : end).join('\n');
}

/** 2 for `## Title`, 0 for a line that is no heading. */
function headingLevel(line: string): number {
  return /^(#+) /.exec(line)?.[1]?.length ?? 0;
}

const contractHeading = (type: string) => `### \`${type}\``;

function firstFencedBlock(section: string, language: string): string {
  const block = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(section)?.[1];
  if (block === undefined) throw new Error(`no \`\`\`${language} block in the section`);
  return block;
}

/** `name: value` lines of a section's example headers block. */
function exampleHeaders(section: string): Record<string, string> {
  const lines = firstFencedBlock(section, 'text').split('\n');
  return Object.fromEntries(lines.map((line) => line.split(/: (.*)/s).slice(0, 2)));
}

/** The header names in the first column of the "Message format" table. */
function documentedHeaders(): string[] {
  const section = sectionAfter('## Message format: CloudEvents 1.0, Kafka binary mode');
  return [...section.matchAll(/^\| `([^`]+)` +\|/gm)].map((match) => match[1]!);
}

/** An event using every optional attribute, so every header the binding can emit is emitted. */
const splitMembershipEvent: ContractEvent = {
  id: '0193a4d0-5b6c-7d8e-9f0a-1b2c3d4e5f08#2',
  type: 'scim.group.members.added.v1',
  source: '/tenants/acme',
  subject: 'Groups/g1',
  time: '2026-11-23T09:30:05.210Z',
  tenant: 'acme',
  resource: 'Group',
  resourceId: 'g1',
  position: 1051,
  caller: 'app:okta-prod',
  correlationId: '5f0c2a9e-3b1d-4c8e-9a7f-2d6e1b4c8a51',
  requestId: 'okta-req-1051',
  part: { index: 2, count: 3 },
  data: { tenant: 'acme', groupId: 'g1', members: [{ id: 'u1', type: 'User' }] },
};

const byType = contracts.map((contract) => [contract.type, contract] as const);

describe('docs/events.md', () => {
  it.each(byType)('has a section for %s', (type) => {
    expect(doc.split('\n')).toContain(contractHeading(type));
  });

  it('lists the contracts in registry order', () => {
    const positions = contracts.map((contract) => doc.indexOf(contractHeading(contract.type)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it.each(byType)('shows the example value of %s exactly', (type, contract) => {
    const json = firstFencedBlock(sectionAfter(contractHeading(type)), 'json');
    expect(JSON.parse(json)).toStrictEqual(contract.example);
  });

  it.each(byType)('shows example headers of %s with its type and topic', (type, contract) => {
    const headers = exampleHeaders(sectionAfter(contractHeading(type)));
    expect(headers.ce_type).toBe(type);
    expect(headers.topic).toBe(topicOf(contract.resource, defaultTopics));
  });

  it('documents exactly the headers the Kafka binding emits', () => {
    const emitted = Object.keys(toContractMessage(splitMembershipEvent, defaultTopics).headers);
    expect(documentedHeaders().sort()).toEqual(emitted.sort());
  });

  it('states the current maxMembersPerMessage', () => {
    const stated = /`maxMembersPerMessage` = ([\d,]+)/.exec(doc)?.[1];
    expect(stated?.replaceAll(',', '')).toBe(String(maxMembersPerMessage));
  });
});
