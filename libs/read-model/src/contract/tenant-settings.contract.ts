import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { type OpenReadModel, useReadModel } from './contract-setup.js';
import { userFilter, userQuery } from './list.fixture.js';
import type { RecordedEventLog } from './recorded-events.fixture.js';

const registered = (log: RecordedEventLog, tenantId: string): RecordedEvent =>
  log.tenant(tenantId, { type: 'TenantRegistered', data: { tenantId, name: `${tenantId} Inc` } });
const provisioningDisabled = (log: RecordedEventLog, tenantId: string) =>
  log.tenant(tenantId, { type: 'TenantProvisioningDisabled', data: { tenantId } });
const provisioningEnabled = (log: RecordedEventLog, tenantId: string) =>
  log.tenant(tenantId, { type: 'TenantProvisioningEnabled', data: { tenantId } });
const keepDisabledChosen = (log: RecordedEventLog, tenantId: string) =>
  log.tenant(tenantId, {
    type: 'TenantDeletionPolicyChosen',
    data: { tenantId, policy: 'keepDisabled' },
  });

export function describeTenantSettings(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  describe('tenant settings', () => {
    it('answers provisioning enabled and hardDelete for a tenant that set nothing', async () => {
      const { model, log, apply } = ctx();
      await apply(registered(log, 'acme'));
      expect(await model.tenantProfile('acme')).toMatchObject({
        provisioningEnabled: true,
        deletionPolicy: 'hardDelete',
        revision: 0,
      });
    });

    it('follows the provisioning switch and the deletion policy, per tenant, moving the revision', async () => {
      const { model, log, apply } = ctx();
      await apply(
        registered(log, 'acme'),
        registered(log, 'globex'),
        provisioningDisabled(log, 'acme'),
        keepDisabledChosen(log, 'acme'),
      );
      expect(await model.tenantProfile('acme')).toMatchObject({
        provisioningEnabled: false,
        deletionPolicy: 'keepDisabled',
        revision: 2,
      });
      expect(await model.tenantProfile('globex')).toMatchObject({
        provisioningEnabled: true,
        deletionPolicy: 'hardDelete',
      });

      await apply(
        log.tenant('acme', {
          type: 'TenantIdpPresetChosen',
          data: { tenantId: 'acme', preset: 'okta' },
        }),
        provisioningEnabled(log, 'acme'),
      );
      expect(await model.tenantProfile('acme')).toMatchObject({
        idpPreset: 'okta',
        provisioningEnabled: true,
        deletionPolicy: 'keepDisabled',
        revision: 4,
      });
    });

    it('answers alwaysCreate for group matching until a tenant chooses adoptExisting', async () => {
      const { model, log, apply } = ctx();
      await apply(registered(log, 'acme'), registered(log, 'globex'));
      expect(await model.tenantProfile('acme')).toMatchObject({ groupMatching: 'alwaysCreate' });
      await apply(
        log.tenant('acme', {
          type: 'TenantGroupMatchingPolicyChosen',
          data: { tenantId: 'acme', policy: 'adoptExisting' },
        }),
      );
      expect(await model.tenantProfile('acme')).toMatchObject({
        groupMatching: 'adoptExisting',
        deletionPolicy: 'hardDelete',
        revision: 1,
      });
      expect(await model.tenantProfile('globex')).toMatchObject({ groupMatching: 'alwaysCreate' });
    });

    it('holds no seat limit until one is set, then follows it until it is lifted', async () => {
      const { model, log, apply } = ctx();
      const seatLimit = (limit: number | null) =>
        log.tenant('acme', { type: 'TenantSeatLimitSet', data: { tenantId: 'acme', limit } });
      await apply(registered(log, 'acme'));
      expect(await model.tenantProfile('acme')).toMatchObject({ seatLimit: null });
      await apply(seatLimit(5));
      expect(await model.tenantProfile('acme')).toMatchObject({ seatLimit: 5, revision: 1 });
      await apply(seatLimit(null));
      expect(await model.tenantProfile('acme')).toMatchObject({ seatLimit: null, revision: 2 });
    });

    it('changes nothing when a batch is delivered again', async () => {
      const { model, log, apply } = ctx();
      const events = [
        registered(log, 'acme'),
        provisioningDisabled(log, 'acme'),
        provisioningEnabled(log, 'acme'),
      ];
      await apply(...events);
      await model.applyEvents(events.slice(1, 2));
      expect(await model.tenantProfile('acme')).toMatchObject({
        provisioningEnabled: true,
        revision: 2,
      });
    });

    it('takes a user hidden by the deletion policy out of reads, lists and filters', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.provision('acme', 'u1', 'alice'),
        log.provision('acme', 'u2', 'bob'),
        log.user('acme', { type: 'UserDeactivated', data: { userId: 'u1' } }),
        log.user('acme', {
          type: 'UserHiddenByDeletionPolicy',
          data: { userId: 'u1', userName: 'alice' },
        }),
      );
      expect(await model.getUser('acme', 'u1')).toBeUndefined();
      const all = await model.listUsers('acme', userQuery());
      expect(all.rows.map((row) => row.id)).toEqual(['u2']);
      const filtered = await model.listUsers(
        'acme',
        userQuery({ filter: userFilter('userName eq "alice"') }),
      );
      expect(filtered.totalResults).toBe(0);
    });
  });
}
