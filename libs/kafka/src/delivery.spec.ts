import { describe, expect, it } from '@jest/globals';
import {
  defaultTopics,
  toContractMessage,
  userDeactivatedV1,
  type ContractEvent,
  type ContractMessage,
} from '#contracts';
import { deliverAll, type ContractHandler } from './delivery.js';
import { InProcessContractTransport } from './in-process-transport.js';

const deactivation = (userId: string, position: number): ContractMessage =>
  toContractMessage(
    {
      id: `e-${userId}`,
      type: userDeactivatedV1.type,
      source: '/tenants/acme',
      subject: `Users/${userId}`,
      time: '2026-11-23T10:00:00.000Z',
      tenant: 'acme',
      resource: 'User',
      resourceId: userId,
      position,
      caller: 'token:t1',
      correlationId: 'c1',
      data: { tenant: 'acme', userId },
    },
    defaultTopics,
  );

/** A store that commits a batch all or nothing and refuses, every time, any batch holding `poison`. */
function storeRefusing(poison: string) {
  const applied: string[] = [];
  const calls: number[] = [];
  const handler: ContractHandler = async (events) => {
    calls.push(events.length);
    if (events.some((event) => event.resourceId === poison)) throw new Error('disk says no');
    applied.push(...events.map((event: ContractEvent) => event.resourceId));
  };
  return { applied, calls, handler };
}

const noWait = { attempts: 3, delayMs: () => 0 };

describe('deliverAll', () => {
  it('hands a batch to the handler in one call, in order', async () => {
    const store = storeRefusing('none');
    const deliveries = await deliverAll(
      [deactivation('u1', 1), deactivation('u2', 2), deactivation('u3', 3)],
      store.handler,
      noWait,
    );
    expect(deliveries.map((d) => d.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(store.calls).toEqual([3]);
    expect(store.applied).toEqual(['u1', 'u2', 'u3']);
  });

  it('isolates an event that keeps failing: the others are applied, it fails after its attempts', async () => {
    const store = storeRefusing('u2');
    const deliveries = await deliverAll(
      [deactivation('u1', 1), deactivation('u2', 2), deactivation('u3', 3)],
      store.handler,
      noWait,
    );
    expect(deliveries.map((d) => d.outcome)).toEqual(['applied', 'failed', 'applied']);
    expect(deliveries[1]).toMatchObject({ attempts: 3, violation: false });
    expect(store.applied).toEqual(['u1', 'u3']);
    expect(store.calls).toEqual([3, 1, 1, 1, 1, 1]);
  });

  it('fails a message that is no contract event at once, and still applies the rest', async () => {
    const store = storeRefusing('none');
    const broken = { ...deactivation('u9', 9), value: 'not json' };
    const deliveries = await deliverAll([deactivation('u1', 1), broken], store.handler, noWait);
    expect(deliveries[1]).toMatchObject({ outcome: 'failed', attempts: 0, violation: true });
    expect(store.applied).toEqual(['u1']);
  });
});

describe('InProcessContractTransport', () => {
  it('gives each consumer the messages of its topics, and fails the publish while one cannot apply them', async () => {
    const transport = new InProcessContractTransport(noWait);
    const login = storeRefusing('none');
    const groupsOnly = storeRefusing('none');
    transport.subscribe('login', [defaultTopics.users], login.handler);
    transport.subscribe('groups', [defaultTopics.groups], groupsOnly.handler);
    await transport.publish([deactivation('u1', 1)]);
    expect(login.applied).toEqual(['u1']);
    expect(groupsOnly.calls).toEqual([]);

    const failing = storeRefusing('u2');
    transport.subscribe('failing', [defaultTopics.users], failing.handler);
    await expect(transport.publish([deactivation('u2', 2)])).rejects.toThrow(
      /failing could not apply e-u2 after 3 attempts: disk says no/,
    );
  });
});
