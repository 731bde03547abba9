import { describe, expect, it } from '@jest/globals';
import { normaliseUserName, userNameReservationsFor } from './user-name.js';

describe('normaliseUserName', () => {
  it('compares userNames case-insensitively (RFC 7643 caseExact: false)', () => {
    expect(normaliseUserName('Alice@Example.COM')).toBe(normaliseUserName('alice@example.com'));
  });

  it('treats composed and decomposed accents as the same name', () => {
    expect(normaliseUserName('Jose\u0301')).toBe(normaliseUserName('Jos\u00e9'));
    expect(normaliseUserName('JOSÉ')).toBe('josé');
  });

  it('keeps surrounding whitespace, which the gateway rejects before', () => {
    expect(normaliseUserName(' bob ')).toBe(' bob ');
  });
});

describe('userNameReservationsFor', () => {
  it('reserves on provisioning and releases on deletion', () => {
    expect(
      userNameReservationsFor([
        {
          type: 'UserProvisioned',
          data: { userId: 'u', userName: 'Bob', active: true, attributes: {} },
        },
      ]),
    ).toEqual({ reserve: ['bob'], release: [] });
    expect(
      userNameReservationsFor([{ type: 'UserDeleted', data: { userId: 'u', userName: 'Bob' } }]),
    ).toEqual({
      reserve: [],
      release: ['bob'],
    });
  });

  it('moves the reservation on a rename, and keeps it on a change of case only', () => {
    expect(
      userNameReservationsFor([
        { type: 'UserNameChanged', data: { userId: 'u', from: 'Bob', to: 'Robert' } },
      ]),
    ).toEqual({ reserve: ['robert'], release: ['bob'] });
    expect(
      userNameReservationsFor([
        { type: 'UserNameChanged', data: { userId: 'u', from: 'Bob', to: 'BOB' } },
      ]),
    ).toEqual({ reserve: [], release: [] });
  });

  it('needs no reservation for other changes', () => {
    expect(userNameReservationsFor([{ type: 'UserDeactivated', data: { userId: 'u' } }])).toEqual({
      reserve: [],
      release: [],
    });
  });
});
