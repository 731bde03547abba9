import { describe, expect, it } from '@jest/globals';
import { currentSchemaVersion, directoryEventTypes, upcast } from './upcast.js';

describe('upcast', () => {
  it('returns current events as they are', () => {
    const data = { userId: 'u-1', from: 'bob', to: 'robert' };
    expect(upcast('UserNameChanged', 1, data)).toEqual({ type: 'UserNameChanged', data });
  });

  it('knows every user, group, tenant and app registration event at version 1', () => {
    expect(directoryEventTypes).toHaveLength(39);
    for (const type of directoryEventTypes) expect(currentSchemaVersion(type)).toBe(1);
  });

  it('returns undefined for types it does not know, which projectors skip', () => {
    expect(upcast('GroupSnapshotTaken', 1, {})).toBeUndefined();
    expect(upcast('toString', 1, {})).toBeUndefined();
  });

  it('refuses versions written by a newer release, and data that is not an object', () => {
    expect(() => upcast('UserDeleted', 2, {})).toThrow(/upgrade the service/);
    expect(() => upcast('UserDeleted', 0, {})).toThrow(/schema version 0/);
    expect(() => upcast('UserDeleted', 1, [])).toThrow(/not a JSON object/);
  });
});
