import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { canonicalJson } from './canonical-json.js';
import { eventDigest, GENESIS_HASH, linkHash, nextLink } from './event-digest.js';

const event: RecordedEvent = {
  id: '5f0c6f1e-3c55-4b8e-9b1a-2d0e4c1f7a10',
  type: 'UserProvisioned',
  data: { userId: 'u1', userName: 'ada@acme.example', attributes: { emails: [{ value: 'a@x' }] } },
  metadata: {
    tenant: 'acme',
    caller: 'token:okta',
    correlationId: 'c1',
    occurredAt: '2025-01-02T03:04:05.000Z',
    schemaVersion: 1,
  },
  streamId: 'user-acme:u1',
  revision: 0,
  position: 7,
  recordedAt: '2025-01-02T03:04:05.100Z',
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x', 10: true, 9: false })).toBe(
      '{"10":true,"9":false,"a":"x","b":[2,{"c":null,"d":1}]}',
    );
  });

  it('leaves out undefined members, as a round trip through JSON does', () => {
    expect(canonicalJson({ a: 1, requestId: undefined })).toBe(canonicalJson({ a: 1 }));
  });
});

describe('eventDigest', () => {
  it('does not depend on the order of keys', () => {
    const reordered: RecordedEvent = {
      recordedAt: event.recordedAt,
      position: event.position,
      revision: event.revision,
      streamId: event.streamId,
      metadata: {
        schemaVersion: 1,
        occurredAt: event.metadata.occurredAt,
        correlationId: 'c1',
        caller: 'token:okta',
        tenant: 'acme',
      },
      data: {
        attributes: { emails: [{ value: 'a@x' }] },
        userName: 'ada@acme.example',
        userId: 'u1',
      },
      type: event.type,
      id: event.id,
    };
    expect(eventDigest(reordered)).toBe(eventDigest(event));
  });

  it('ignores position and recordedAt, which a migration to another store changes', () => {
    expect(eventDigest({ ...event, position: 9000, recordedAt: '2030-01-01T00:00:00Z' })).toBe(
      eventDigest(event),
    );
  });

  it.each<[string, Partial<RecordedEvent>]>([
    ['editing a data value', { data: { ...event.data, userName: 'eve@acme.example' } }],
    [
      'editing a nested data value',
      { data: { ...event.data, attributes: { emails: [{ value: 'b@x' }] } } },
    ],
    ['adding a data member', { data: { ...event.data, active: false } }],
    ['moving it to another tenant', { metadata: { ...event.metadata, tenant: 'globex' } }],
    ['changing the caller', { metadata: { ...event.metadata, caller: 'token:other' } }],
    [
      'changing the time decided',
      { metadata: { ...event.metadata, occurredAt: '2025-01-02T03:04:06.000Z' } },
    ],
    ['adding a request id', { metadata: { ...event.metadata, requestId: 'r1' } }],
    ['changing the type', { type: 'UserDeactivated' }],
    ['changing the id', { id: '00000000-0000-4000-8000-000000000000' }],
    ['changing the stream', { streamId: 'user-acme:u2' }],
    ['changing the revision', { revision: 1 }],
  ])('%s changes it', (_, change) => {
    expect(eventDigest({ ...event, ...change })).not.toBe(eventDigest(event));
  });

  it('is a SHA-256 in hex', () => {
    expect(eventDigest(event)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('nextLink', () => {
  it('starts a tenant at seq 0 from the genesis hash and chains each link to the previous', () => {
    const first = nextLink(undefined, event);
    expect(first).toMatchObject({ tenant: 'acme', seq: 0, position: 7, eventId: event.id });
    expect(first.hash).toBe(linkHash(GENESIS_HASH, eventDigest(event)));

    const later = { ...event, id: 'e2', revision: 1, position: 8 };
    const second = nextLink(first, later);
    expect(second.seq).toBe(1);
    expect(second.hash).toBe(linkHash(first.hash, eventDigest(later)));
    expect(second.hash).not.toBe(linkHash(GENESIS_HASH, eventDigest(later)));
  });
});
