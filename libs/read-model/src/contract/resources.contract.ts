import { describe, expect, it } from '@jest/globals';
import { collect, type OpenReadModel, useReadModel } from './contract-setup.js';
import { userQuery } from './list.fixture.js';
import { users } from './recorded-events.fixture.js';

export function describeResourceProjection(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  describe('users', () => {
    it('shows a provisioned user with its attributes, revision and times from the event metadata', async () => {
      const { model, log, apply } = ctx();
      const provisioned = log.provision('acme', 'u1', 'Alice@Example.com', {
        externalId: 'ext-1',
        name: { givenName: 'Alice' },
      });
      await apply(provisioned);
      expect(await model.getUser('acme', 'u1')).toEqual({
        id: 'u1',
        userName: 'Alice@Example.com',
        active: true,
        attributes: { externalId: 'ext-1', name: { givenName: 'Alice' } },
        revision: 0,
        created: provisioned.metadata.occurredAt,
        lastModified: provisioned.metadata.occurredAt,
      });
    });

    it('applies attribute diffs, renames, deactivation and password changes, moving revision and lastModified', async () => {
      const { model, log, apply } = ctx();
      const provisioned = log.provision('acme', 'u1', 'alice', { title: 'Dev', nickName: 'Al' });
      const changed = log.user('acme', {
        type: 'UserAttributesChanged',
        data: { userId: 'u1', set: { title: 'Lead' }, unset: ['nickName'] },
      });
      const renamed = log.user('acme', {
        type: 'UserNameChanged',
        data: { userId: 'u1', from: 'alice', to: 'alice.b' },
      });
      const deactivated = log.user('acme', { type: 'UserDeactivated', data: { userId: 'u1' } });
      const password = log.user('acme', {
        type: 'UserPasswordChanged',
        data: { userId: 'u1', passwordHash: 'h' },
      });
      await apply(provisioned, changed, renamed, deactivated, password);
      expect(await model.getUser('acme', 'u1')).toMatchObject({
        userName: 'alice.b',
        active: false,
        attributes: { title: 'Lead' },
        revision: 4,
        created: provisioned.metadata.occurredAt,
        lastModified: password.metadata.occurredAt,
      });
      await apply(log.user('acme', { type: 'UserReactivated', data: { userId: 'u1' } }));
      expect((await model.getUser('acme', 'u1'))?.active).toBe(true);
    });

    it('keeps tenants apart', async () => {
      const { model, log, apply } = ctx();
      await apply(log.provision('acme', 'u1', 'alice'), log.provision('globex', 'u1', 'bob'));
      expect((await model.getUser('acme', 'u1'))?.userName).toBe('alice');
      expect((await model.getUser('globex', 'u1'))?.userName).toBe('bob');
      expect(await model.getUser('initech', 'u1')).toBeUndefined();
      expect((await model.listUsers('acme', userQuery())).totalResults).toBe(1);
    });

    it('removes a deleted user, and its memberships from every group with counts kept right', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.provision('acme', 'u2', 'bob'),
        log.createGroup('acme', 'g1', 'Admins'),
        log.createGroup('acme', 'g2', 'Staff'),
        log.addMembers('acme', 'g1', users('u1', 'u2')),
        log.addMembers('acme', 'g2', users('u1')),
        log.user('acme', { type: 'UserDeleted', data: { userId: 'u1', userName: 'alice' } }),
      );
      expect(await model.getUser('acme', 'u1')).toBeUndefined();
      expect((await model.getGroup('acme', 'g1'))?.memberCount).toBe(1);
      expect((await model.getGroup('acme', 'g2'))?.memberCount).toBe(0);
      expect((await collect(model.groupMembers('acme', 'g1'))).map((m) => m.value)).toEqual(['u2']);
      expect(await model.existingResources('acme', ['u1', 'u2'])).toEqual(
        new Map([['u2', 'User']]),
      );
    });
  });

  describe('groups', () => {
    it('shows a group with its attributes and member count, renamed and changed', async () => {
      const { model, log, apply } = ctx();
      const alice = log.provision('acme', 'u1', 'alice');
      const created = log.createGroup('acme', 'g1', 'Admins', { externalId: 'ext-g' });
      await apply(
        alice,
        created,
        log.addMembers('acme', 'g1', users('u1')),
        log.group('acme', {
          type: 'GroupRenamed',
          data: { groupId: 'g1', from: 'Admins', to: 'Administrators' },
        }),
        log.group('acme', {
          type: 'GroupAttributesChanged',
          data: { groupId: 'g1', set: { description: 'x' }, unset: [] },
        }),
      );
      expect(await model.getGroup('acme', 'g1')).toMatchObject({
        id: 'g1',
        displayName: 'Administrators',
        attributes: { externalId: 'ext-g', description: 'x' },
        revision: 3,
        created: created.metadata.occurredAt,
        memberCount: 1,
      });
      expect(await model.groupRevision('acme', 'g1')).toBe(3);
      expect(await model.groupRevision('acme', 'nope')).toBeUndefined();
    });

    it('removes a deleted group, its member rows, and its membership in parent groups', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.createGroup('acme', 'parent', 'Parent'),
        log.createGroup('acme', 'child', 'Child'),
        log.addMembers('acme', 'child', users('u1')),
        log.addMembers('acme', 'parent', [{ value: 'child', type: 'Group' }, ...users('u1')]),
        log.group('acme', {
          type: 'GroupDeleted',
          data: { groupId: 'child', displayName: 'Child' },
        }),
      );
      expect(await model.getGroup('acme', 'child')).toBeUndefined();
      expect((await model.getGroup('acme', 'parent'))?.memberCount).toBe(1);
      expect(await model.groupsOfUser('acme', 'u1')).toEqual([
        { value: 'parent', display: 'Parent' },
      ]);
    });
  });

  describe('tenants and tokens', () => {
    it('finds bearer tokens by hash, with expiry and revocation', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.tenant('acme', { type: 'TenantRegistered', data: { tenantId: 'acme', name: 'Acme' } }),
        log.tenant('acme', {
          type: 'BearerTokenIssued',
          data: { tenantId: 'acme', tokenId: 't1', tokenHash: 'h1', label: 'okta' },
        }),
        log.tenant('acme', {
          type: 'BearerTokenIssued',
          data: {
            tenantId: 'acme',
            tokenId: 't2',
            tokenHash: 'h2',
            label: 'entra',
            expiresAt: '2030-01-01T00:00:00Z',
          },
        }),
      );
      expect(await model.tenantExists('acme')).toBe(true);
      expect(await model.tenantExists('globex')).toBe(false);
      expect(await model.findBearerToken('h1')).toEqual({
        tenantId: 'acme',
        tokenId: 't1',
        revoked: false,
      });
      expect(await model.findBearerToken('h2')).toEqual({
        tenantId: 'acme',
        tokenId: 't2',
        revoked: false,
        expiresAt: '2030-01-01T00:00:00Z',
      });
      expect(await model.findBearerToken('unknown')).toBeUndefined();

      await apply(
        log.tenant('acme', {
          type: 'BearerTokenRevoked',
          data: { tenantId: 'acme', tokenId: 't1' },
        }),
      );
      expect(await model.findBearerToken('h1')).toEqual({
        tenantId: 'acme',
        tokenId: 't1',
        revoked: true,
      });
    });
  });
}
