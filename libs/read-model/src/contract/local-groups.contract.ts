import { describe, expect, it } from '@jest/globals';
import { collect, type OpenReadModel, useReadModel } from './contract-setup.js';
import { groupFilter, groupQuery, userFilter, userQuery } from './list.fixture.js';
import type { RecordedEventLog } from './recorded-events.fixture.js';
import { users } from './recorded-events.fixture.js';

const localGroup = (log: RecordedEventLog, tenant: string, groupId: string, name: string) =>
  log.group(tenant, { type: 'LocalGroupCreated', data: { groupId, displayName: name } });

export function describeLocalGroups(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  describe('local groups', () => {
    it('are listed for the admin (by name, then id) with who manages them, but never on the SCIM queries', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.createGroup('acme', 'g-scim', 'Sales'),
        localGroup(log, 'acme', 'g-local', 'sales'),
        log.addMembers('acme', 'g-local', users('u1')),
      );
      expect(await model.tenantGroups('acme')).toEqual([
        { id: 'g-local', displayName: 'sales', managedBy: 'local', memberCount: 1 },
        { id: 'g-scim', displayName: 'Sales', managedBy: 'scim', memberCount: 0 },
      ]);
      expect(await model.tenantGroup('acme', 'g-local')).toMatchObject({ managedBy: 'local' });
      expect(await collect(model.groupMembers('acme', 'g-local'))).toEqual([
        { value: 'u1', type: 'User', display: 'alice' },
      ]);

      expect(await model.getGroup('acme', 'g-local')).toBeUndefined();
      const listed = await model.listGroups(
        'acme',
        groupQuery({ filter: groupFilter('displayName eq "sales"') }),
      );
      expect(listed.rows.map((row) => row.id)).toEqual(['g-scim']);
      expect((await model.listGroups('acme', groupQuery())).totalResults).toBe(1);
      expect(await model.existingResources('acme', ['g-local', 'u1'])).toEqual(
        new Map([['u1', 'User']]),
      );
      expect(await model.groupsOfUser('acme', 'u1')).toEqual([]);
      expect(await model.groupsOfUsers('acme', ['u1'])).toEqual(new Map());
      const byGroup = await model.listUsers(
        'acme',
        userQuery({ filter: userFilter('groups.value eq "g-local"') }),
      );
      expect(byGroup.totalResults).toBe(0);
    });

    it('count in an unfiltered list once adopted, as SCIM groups and users come and go', async () => {
      const { model, log, apply } = ctx();
      const totals = async () => ({
        users: (await model.listUsers('acme', userQuery({ count: 0 }))).totalResults,
        groups: (await model.listGroups('acme', groupQuery({ count: 0 }))).totalResults,
        other: (await model.listUsers('other', userQuery({ count: 0 }))).totalResults,
      });
      expect(await totals()).toEqual({ users: 0, groups: 0, other: 0 });
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.provision('acme', 'u2', 'bob'),
        log.provision('other', 'u1', 'alice'),
        log.provision('acme', 'u2', 'bob'),
        log.createGroup('acme', 'g1', 'Sales'),
        localGroup(log, 'acme', 'g2', 'Local'),
        localGroup(log, 'acme', 'g3', 'Adopted'),
      );
      expect(await totals()).toEqual({ users: 2, groups: 1, other: 1 });
      await apply(
        log.group('acme', {
          type: 'GroupAdoptedByScim',
          data: { groupId: 'g3', displayName: 'Adopted', attributes: {} },
        }),
        log.user('acme', { type: 'UserDeleted', data: { userId: 'u1', userName: 'alice' } }),
        log.group('acme', { type: 'GroupDeleted', data: { groupId: 'g2', displayName: 'Local' } }),
      );
      expect(await totals()).toEqual({ users: 1, groups: 2, other: 1 });
      await apply(
        log.user('acme', {
          type: 'UserHiddenByDeletionPolicy',
          data: { userId: 'u2', userName: 'bob' },
        }),
        log.group('acme', { type: 'GroupDeleted', data: { groupId: 'g1', displayName: 'Sales' } }),
      );
      expect(await totals()).toEqual({ users: 0, groups: 1, other: 1 });
    });

    it('become SCIM groups with their members once adopted', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        localGroup(log, 'acme', 'g1', 'Sales'),
        log.addMembers('acme', 'g1', users('u1')),
        log.group('acme', {
          type: 'GroupAdoptedByScim',
          data: { groupId: 'g1', displayName: 'SALES', attributes: { externalId: 'okta-1' } },
        }),
      );
      expect(await model.getGroup('acme', 'g1')).toMatchObject({
        displayName: 'SALES',
        attributes: { externalId: 'okta-1' },
        memberCount: 1,
        revision: 2,
      });
      expect(await model.groupsOfUser('acme', 'u1')).toEqual([{ value: 'g1', display: 'SALES' }]);
      expect(await model.tenantGroups('acme')).toEqual([
        { id: 'g1', displayName: 'SALES', managedBy: 'scim', memberCount: 1 },
      ]);
    });
  });
}
