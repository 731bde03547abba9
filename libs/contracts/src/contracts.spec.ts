import { describe, expect, it } from '@jest/globals';
import type { DirectoryEvent } from '#directory';
import type { ContractEvent } from './contract-event.js';
import {
  contractEventsV1,
  maxMembersPerMessage,
  type DirectorySourceEvent,
} from './from-directory.v1.js';
import { ContractViolation, parseContractMessage, toContractMessage } from './kafka-binding.js';
import { contractOfType, contracts } from './registry.js';
import { contractTopics, defaultTopics } from './topics.js';
import { schemaViolation } from './validate.js';

const metadata = {
  tenant: 'acme',
  caller: 'app:okta-prod',
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  requestId: 'okta-req-42',
  occurredAt: '2026-11-23T09:30:00.000Z',
};

function source(event: DirectoryEvent, position = 17): DirectorySourceEvent {
  return { id: 'e0000000-0000-4000-8000-000000000001', position, event, metadata };
}

const mapped = (event: DirectoryEvent) => contractEventsV1(source(event));

describe('contract schemas', () => {
  it.each(contracts.map((contract) => [contract.type, contract] as const))(
    '%s: the documented example is valid against the schema',
    (_type, contract) => {
      expect(schemaViolation(contract, contract.example)).toBeUndefined();
    },
  );

  it('names what is wrong with invalid data', () => {
    const contract = contractOfType('scim.user.deactivated.v1')!;
    expect(schemaViolation(contract, { tenant: 'acme' })).toMatch(/userId/);
    expect(schemaViolation(contract, { tenant: 'acme', userId: 7 })).toMatch(/data\.userId/);
  });
});

describe('directory events become v1 contracts', () => {
  it('a provisioned user carries its public attributes only', () => {
    const [event] = mapped({
      type: 'UserProvisioned',
      data: {
        userId: 'u1',
        userName: 'ada@acme.example',
        active: false,
        attributes: {
          externalId: '00u1',
          name: { givenName: 'Ada', familyName: 'Lovelace', honorificPrefix: 'Countess' },
          emails: [{ value: 'ada@acme.example', primary: true, display: 'x' }, { type: 'home' }],
          phoneNumbers: [{ value: '+44 20 7946 0000' }],
        },
        passwordHash: 'scrypt$secret',
        role: 'admin',
      },
    });
    expect(event).toMatchObject({
      id: 'e0000000-0000-4000-8000-000000000001',
      type: 'scim.user.provisioned.v1',
      source: '/tenants/acme',
      subject: 'Users/u1',
      time: metadata.occurredAt,
      position: 17,
      caller: 'app:okta-prod',
      requestId: 'okta-req-42',
    });
    expect(event!.data).toEqual({
      tenant: 'acme',
      userId: 'u1',
      userName: 'ada@acme.example',
      active: false,
      role: 'admin',
      externalId: '00u1',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ value: 'ada@acme.example', primary: true }],
    });
    expect(JSON.stringify(event)).not.toMatch(/secret|phoneNumbers|\+44/);
  });

  it('an attribute change names every attribute and carries the public values, null when removed', () => {
    const [event] = mapped({
      type: 'UserAttributesChanged',
      data: {
        userId: 'u1',
        set: { displayName: 'Ada King', phoneNumbers: [{ value: '1' }] },
        unset: ['emails', 'title'],
      },
    });
    expect(event!.type).toBe('scim.user.updated.v1');
    expect(event!.data).toEqual({
      tenant: 'acme',
      userId: 'u1',
      changedAttributes: ['displayName', 'phoneNumbers', 'emails', 'title'],
      attributes: { displayName: 'Ada King', emails: null },
    });
  });

  it('renames, role and password changes are updates; the password never travels', () => {
    expect(
      mapped({ type: 'UserNameChanged', data: { userId: 'u1', from: 'a', to: 'b' } })[0]!.data,
    ).toMatchObject({
      changedAttributes: ['userName'],
      userName: { from: 'a', to: 'b' },
    });
    expect(
      mapped({ type: 'UserRoleChanged', data: { userId: 'u1', to: 'admin' } })[0]!.data,
    ).toMatchObject({
      changedAttributes: ['role'],
      role: { to: 'admin' },
    });
    const password = mapped({
      type: 'UserPasswordChanged',
      data: { userId: 'u1', passwordHash: 'scrypt$h' },
    });
    expect(password[0]!.data).toEqual({
      tenant: 'acme',
      userId: 'u1',
      changedAttributes: ['password'],
      attributes: {},
    });
    expect(JSON.stringify(password)).not.toMatch(/scrypt/);
  });

  it('status changes map one to one; facts without a status change publish nothing', () => {
    const types = (event: DirectoryEvent) => mapped(event).map((contract) => contract.type);
    expect(types({ type: 'UserDeactivated', data: { userId: 'u1' } })).toEqual([
      'scim.user.deactivated.v1',
    ]);
    expect(types({ type: 'UserReactivated', data: { userId: 'u1' } })).toEqual([
      'scim.user.reactivated.v1',
    ]);
    expect(types({ type: 'UserDeleted', data: { userId: 'u1', userName: 'a' } })).toEqual([
      'scim.user.deleted.v1',
    ]);
    expect(types({ type: 'UserActiveCleared', data: { userId: 'u1' } })).toEqual([]);
    expect(types({ type: 'UserActiveSet', data: { userId: 'u1' } })).toEqual([]);
    expect(
      types({ type: 'UserHiddenByDeletionPolicy', data: { userId: 'u1', userName: 'a' } }),
    ).toEqual([]);
    expect(
      types({
        type: 'TenantRegistered',
        data: { tenantId: 'acme', name: 'Acme' },
      }),
    ).toEqual([]);
  });

  it('groups: SCIM and local creation, adoption, rename, deletion', () => {
    const data = (event: DirectoryEvent) =>
      mapped(event).map(({ type, subject, data }) => ({ type, subject, data }));
    expect(
      data({
        type: 'GroupCreated',
        data: { groupId: 'g1', displayName: 'Eng', attributes: { externalId: 'x' } },
      }),
    ).toEqual([
      {
        type: 'scim.group.created.v1',
        subject: 'Groups/g1',
        data: {
          tenant: 'acme',
          groupId: 'g1',
          displayName: 'Eng',
          managedBy: 'scim',
          externalId: 'x',
        },
      },
    ]);
    expect(
      data({ type: 'LocalGroupCreated', data: { groupId: 'g1', displayName: 'Eng' } })[0]!.data,
    ).toMatchObject({
      managedBy: 'application',
    });
    expect(
      data({
        type: 'GroupAdoptedByScim',
        data: { groupId: 'g1', displayName: 'ENG', attributes: {} },
      })[0]!.type,
    ).toBe('scim.group.adopted.v1');
    expect(
      data({ type: 'GroupRenamed', data: { groupId: 'g1', from: 'Eng', to: 'R&D' } })[0]!.data,
    ).toMatchObject({
      from: 'Eng',
      to: 'R&D',
    });
    expect(
      data({
        type: 'GroupAttributesChanged',
        data: { groupId: 'g1', set: { externalId: 'y' }, unset: [] },
      }),
    ).toEqual([]);
  });

  it('a membership change larger than one message is split into numbered parts with distinct ids', () => {
    const members = Array.from({ length: maxMembersPerMessage * 2 + 1 }, (_, i) => ({
      value: `u${i}`,
      type: 'User' as const,
    }));
    const parts = mapped({ type: 'GroupMembersAdded', data: { groupId: 'g1', members } });
    expect(
      parts.map((part) => [
        part.id,
        part.part,
        (part.data as { members: unknown[] }).members.length,
      ]),
    ).toEqual([
      ['e0000000-0000-4000-8000-000000000001#1', { index: 1, count: 3 }, maxMembersPerMessage],
      ['e0000000-0000-4000-8000-000000000001#2', { index: 2, count: 3 }, maxMembersPerMessage],
      ['e0000000-0000-4000-8000-000000000001#3', { index: 3, count: 3 }, 1],
    ]);
    const small = mapped({
      type: 'GroupMembersRemoved',
      data: { groupId: 'g1', memberIds: ['u1'] },
    });
    expect(small).toHaveLength(1);
    expect(small[0]).not.toHaveProperty('part');
    expect(small[0]!.id).toBe('e0000000-0000-4000-8000-000000000001');
  });

  it('every mapped event is valid against its schema', () => {
    const samples: DirectoryEvent[] = [
      {
        type: 'UserProvisioned',
        data: {
          userId: 'u1',
          userName: 'a',
          active: true,
          attributes: { emails: 'not-a-list', name: 'x' },
        },
      },
      {
        type: 'UserAttributesChanged',
        data: { userId: 'u1', set: { name: { givenName: 7 } }, unset: [] },
      },
      {
        type: 'GroupMembersAdded',
        data: { groupId: 'g1', members: [{ value: 'u1', type: 'User' }] },
      },
      { type: 'GroupDeleted', data: { groupId: 'g1', displayName: 'Eng' } },
    ];
    for (const event of samples) {
      for (const contract of mapped(event)) {
        expect(schemaViolation(contractOfType(contract.type)!, contract.data)).toBeUndefined();
      }
    }
  });
});

describe('CloudEvents Kafka binary binding', () => {
  const [deactivated] = mapped({ type: 'UserDeactivated', data: { userId: 'u1' } }) as [
    ContractEvent,
  ];

  it('puts the context attributes in ce_ headers, keys by tenant and resource, and reads back the same event', () => {
    const message = toContractMessage(deactivated, defaultTopics);
    expect(message.topic).toBe('scim.users.v1');
    expect(message.key).toBe('acme/u1');
    expect(message.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: deactivated.id,
      ce_type: 'scim.user.deactivated.v1',
      ce_source: '/tenants/acme',
      ce_subject: 'Users/u1',
      ce_time: '2026-11-23T09:30:00.000Z',
      'content-type': 'application/json',
      ce_tenant: 'acme',
      ce_position: '17',
    });
    expect(JSON.parse(message.value)).toEqual({ tenant: 'acme', userId: 'u1' });
    expect(parseContractMessage(message)).toEqual(deactivated);
  });

  it('group messages go to the groups topic, under a deployment prefix when one is set', () => {
    const [created] = mapped({
      type: 'GroupCreated',
      data: { groupId: 'g1', displayName: 'Eng', attributes: {} },
    });
    expect(toContractMessage(created!, contractTopics('staging.')).topic).toBe(
      'staging.scim.groups.v1',
    );
  });

  it.each([
    ['a value that is not JSON', { value: '{oops' }, /not JSON/],
    ['an unknown type', { headers: { ce_type: 'scim.user.exploded.v1' } }, /not a contract/],
    ['a missing id', { headers: { ce_id: '' } }, /ce_id is missing/],
    ['a key of another resource', { key: 'acme/u2' }, /does not match/],
    ['data against the schema', { value: '{"tenant":"acme"}' }, /userId/],
    ['another CloudEvents version', { headers: { ce_specversion: '0.3' } }, /expected "1.0"/],
  ])('refuses %s with a ContractViolation that says why', (_what, change, reason) => {
    const message = toContractMessage(deactivated, defaultTopics);
    const broken = {
      ...message,
      ...change,
      headers: { ...message.headers, ...('headers' in change ? change.headers : {}) },
    };
    expect(() => parseContractMessage(broken)).toThrow(ContractViolation);
    expect(() => parseContractMessage(broken)).toThrow(reason);
  });
});
