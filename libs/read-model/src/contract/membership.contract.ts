import { describe, expect, it } from '@jest/globals';
import { collect, type OpenReadModel, useReadModel } from './contract-setup.js';
import { users } from './recorded-events.fixture.js';

export function describeMembershipQueries(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  describe('membership', () => {
    it('streams members in id order with display names, joined at read time', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice', { displayName: 'Alice A.' }),
        log.provision('acme', 'u2', 'bob'),
        log.createGroup('acme', 'g0', 'Nested'),
        log.createGroup('acme', 'g1', 'Admins'),
        log.addMembers('acme', 'g1', [...users('u2', 'u1'), { value: 'g0', type: 'Group' }]),
        log.group('acme', {
          type: 'GroupRenamed',
          data: { groupId: 'g0', from: 'Nested', to: 'Inner' },
        }),
      );
      expect(await collect(model.groupMembers('acme', 'g1'))).toEqual([
        { value: 'g0', type: 'Group', display: 'Inner' },
        { value: 'u1', type: 'User', display: 'Alice A.' },
        { value: 'u2', type: 'User', display: 'bob' },
      ]);
      expect(await collect(model.groupMembers('globex', 'g1'))).toEqual([]);
    });

    it('streams groups larger than one page completely and in order', async () => {
      const { model, log, apply } = ctx();
      const ids = Array.from({ length: 2_345 }, (_, i) => `u${String(i).padStart(5, '0')}`);
      await apply(
        log.createGroup('acme', 'big', 'Big'),
        log.addMembers('acme', 'big', users(...ids)),
      );
      const members = await collect(model.groupMembers('acme', 'big'));
      expect(members.map((m) => m.value)).toEqual(ids);
      expect((await model.getGroup('acme', 'big'))?.memberCount).toBe(2_345);
    });

    it('counts only members actually added or removed', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.createGroup('acme', 'g1', 'Admins'),
        log.addMembers('acme', 'g1', users('a', 'b')),
        log.addMembers('acme', 'g1', users('b', 'c')),
        log.removeMembers('acme', 'g1', ['a', 'zz']),
      );
      expect((await model.getGroup('acme', 'g1'))?.memberCount).toBe(2);
      expect(await model.groupRevision('acme', 'g1')).toBe(3);
    });

    it('answers which of many ids are members', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.createGroup('acme', 'g1', 'Admins'),
        log.addMembers('acme', 'g1', users('a', 'b', 'c')),
      );
      expect(await model.membersPresent('acme', 'g1', ['b', 'x', 'c'])).toEqual(
        new Set(['b', 'c']),
      );
      expect(await model.membersPresent('acme', 'g1', [])).toEqual(new Set());
      expect(await model.membersPresent('globex', 'g1', ['a'])).toEqual(new Set());
    });

    it('tells which ids exist and as what, within the tenant only', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.createGroup('acme', 'g1', 'Admins'),
        log.provision('globex', 'u9', 'x'),
      );
      expect(await model.existingResources('acme', ['u1', 'g1', 'u9', 'nope'])).toEqual(
        new Map([
          ['u1', 'User'],
          ['g1', 'Group'],
        ]),
      );
    });

    it('lists the groups a user is a direct member of', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.createGroup('acme', 'g1', 'Staff'),
        log.createGroup('acme', 'g2', 'admins'),
        log.createGroup('acme', 'g3', 'Other'),
        log.addMembers('acme', 'g1', users('u1')),
        log.addMembers('acme', 'g2', users('u1')),
      );
      expect(await model.groupsOfUser('acme', 'u1')).toEqual([
        { value: 'g2', display: 'admins' },
        { value: 'g1', display: 'Staff' },
      ]);
      expect(await model.groupsOfUser('acme', 'u2')).toEqual([]);
    });

    it('lists the groups of a page of users in one call, within the tenant', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.provision('acme', 'u2', 'bob'),
        log.provision('acme', 'u3', 'carol'),
        log.createGroup('acme', 'g1', 'Staff'),
        log.createGroup('acme', 'g2', 'admins'),
        log.createGroup('globex', 'g9', 'Elsewhere'),
        log.addMembers('acme', 'g1', users('u1', 'u2')),
        log.addMembers('acme', 'g2', users('u1')),
        log.addMembers('globex', 'g9', users('u3')),
      );
      expect(await model.groupsOfUsers('acme', ['u1', 'u2', 'u3', 'nope'])).toEqual(
        new Map([
          [
            'u1',
            [
              { value: 'g2', display: 'admins' },
              { value: 'g1', display: 'Staff' },
            ],
          ],
          ['u2', [{ value: 'g1', display: 'Staff' }]],
        ]),
      );
      expect(await model.groupsOfUsers('acme', [])).toEqual(new Map());
    });
  });
}
