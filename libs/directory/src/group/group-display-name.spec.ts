import { describe, expect, it } from '@jest/globals';
import { displayNameReservationsFor, normaliseDisplayName } from './group-display-name.js';

const groupId = 'g-1';

describe('normaliseDisplayName', () => {
  it('compares displayNames case-insensitively (RFC 7643 §4.2 caseExact: false)', () => {
    expect(normaliseDisplayName('Sales EMEA')).toBe(normaliseDisplayName('sales emea'));
    expect(normaliseDisplayName('Recherche\u0301')).toBe(normaliseDisplayName('RECHERCHÉ'));
  });
});

describe('displayNameReservationsFor', () => {
  it('reserves on creation and releases on deletion', () => {
    expect(
      displayNameReservationsFor([
        { type: 'GroupCreated', data: { groupId, displayName: 'Sales', attributes: {} } },
        { type: 'GroupMembersAdded', data: { groupId, members: [{ value: 'u', type: 'User' }] } },
      ]),
    ).toEqual({ reserve: ['sales'], release: [] });
    expect(
      displayNameReservationsFor([
        { type: 'GroupDeleted', data: { groupId, displayName: 'Sales' } },
      ]),
    ).toEqual({ reserve: [], release: ['sales'] });
  });

  it('moves the reservation on a rename, and keeps it on a change of case only', () => {
    expect(
      displayNameReservationsFor([
        { type: 'GroupRenamed', data: { groupId, from: 'Sales', to: 'Sales EMEA' } },
      ]),
    ).toEqual({ reserve: ['sales emea'], release: ['sales'] });
    expect(
      displayNameReservationsFor([
        { type: 'GroupRenamed', data: { groupId, from: 'Sales', to: 'SALES' } },
      ]),
    ).toEqual({ reserve: [], release: [] });
  });

  it('needs no reservation for membership or attribute changes', () => {
    expect(
      displayNameReservationsFor([
        { type: 'GroupMembersRemoved', data: { groupId, memberIds: ['u'] } },
        { type: 'GroupAttributesChanged', data: { groupId, set: { externalId: 'x' }, unset: [] } },
      ]),
    ).toEqual({ reserve: [], release: [] });
  });
});
