import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Contract,
  type ContractEvent,
  groupCreatedV1,
  userDeactivatedV1,
  userDeletedV1,
  userProvisionedV1,
  userReactivatedV1,
  userUpdatedV1,
} from '#contracts';
import type { ContractHandler } from '#kafka';
import { openSqliteAccountStore, type SqliteAccountStore } from './account-store.js';
import { accountStatusHandler } from './account-status.handler.js';
import { delivered as deliver } from '#contracts';

const tenant = 'acme';
const userId = userProvisionedV1.example.userId;

const delivered = <Data extends { readonly tenant: string }>(
  contract: Contract<Data>,
  data: Data,
  id: string,
  position: number,
): ContractEvent =>
  deliver(contract, data, { id, position, time: `2026-11-23T10:00:0${position % 10}Z` });

const provisioned = (position: number, active = true) =>
  delivered(userProvisionedV1, { ...userProvisionedV1.example, active }, `e${position}`, position);
const deactivated = (position: number) =>
  delivered(userDeactivatedV1, userDeactivatedV1.example, `e${position}`, position);
const reactivated = (position: number) =>
  delivered(userReactivatedV1, userReactivatedV1.example, `e${position}`, position);

describe('accountStatusHandler', () => {
  let dir: string;
  let store: SqliteAccountStore;
  let handle: (event: ContractEvent) => Promise<void>;
  let handleAll: ContractHandler;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'login-service-'));
    store = openSqliteAccountStore(join(dir, 'accounts.sqlite'));
    handleAll = accountStatusHandler(store);
    handle = (event) => handleAll([event]);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const status = async () => (await store.find(tenant, userId))?.status;

  it('makes a provisioned user active, or disabled when it was provisioned with active=false', async () => {
    await handle(provisioned(1));
    expect(await store.find(tenant, userId)).toEqual({
      tenant,
      userId,
      userName: 'ada.lovelace@acme.example',
      status: 'active',
      updatedAt: '2026-11-23T10:00:01Z',
    });

    const other = { ...userProvisionedV1.example, userId: 'u-2', userName: 'bob', active: false };
    await handle(delivered(userProvisionedV1, other, 'e2', 2));
    expect((await store.find(tenant, 'u-2'))?.status).toBe('disabled');
  });

  it('follows deactivation, reactivation and deletion', async () => {
    await handle(provisioned(1));
    await handle(deactivated(2));
    expect(await status()).toBe('disabled');
    await handle(reactivated(3));
    expect(await status()).toBe('active');
    await handle(delivered(userDeletedV1, userDeletedV1.example, 'e4', 4));
    expect(await status()).toBe('deleted');
  });

  it('takes a new userName from an update and keeps the status', async () => {
    await handle(provisioned(1, false));
    await handle(
      delivered(
        userUpdatedV1,
        {
          tenant,
          userId,
          changedAttributes: ['userName'],
          attributes: {},
          userName: { from: 'ada.lovelace@acme.example', to: 'ada.king@acme.example' },
        },
        'e2',
        2,
      ),
    );
    await handle(delivered(userUpdatedV1, userUpdatedV1.example, 'e3', 3));
    expect(await store.find(tenant, userId)).toMatchObject({
      userName: 'ada.king@acme.example',
      status: 'disabled',
    });
  });

  it('applies an event delivered twice once', async () => {
    await handle(provisioned(1));
    await handle(deactivated(2));
    const change = { eventId: 'e2', tenant, userId, position: 2, occurredAt: 'x' };
    expect(await store.apply({ ...change, status: 'active' })).toBe('duplicate');
    await handle(deactivated(2));
    expect(await status()).toBe('disabled');
  });

  it('ignores an older event redelivered after a newer one was applied', async () => {
    await handle(provisioned(1));
    await handle(deactivated(5));
    await handle(reactivated(3));
    expect(await status()).toBe('disabled');
    expect(await store.apply({ eventId: 'e4', tenant, userId, position: 4, occurredAt: 'x' })).toBe(
      'stale',
    );
  });

  it('creates an account it has never seen from a deactivation, without a userName', async () => {
    await handle(deactivated(7));
    expect(await store.find(tenant, userId)).toEqual({
      tenant,
      userId,
      userName: null,
      status: 'disabled',
      updatedAt: '2026-11-23T10:00:07Z',
    });
  });

  it('skips group events without an error', async () => {
    const group = delivered(groupCreatedV1, groupCreatedV1.example, 'g1', 1);
    await expect(handle(group)).resolves.toBeUndefined();
    await expect(handle(group)).resolves.toBeUndefined();
    expect(await store.find(tenant, groupCreatedV1.example.groupId)).toBeUndefined();
  });

  it('keeps applied events across a restart, and still recognises their redelivery', async () => {
    await handle(provisioned(1));
    await handle(deactivated(2));
    await store.close();

    store = openSqliteAccountStore(join(dir, 'accounts.sqlite'));
    expect(await status()).toBe('disabled');
    expect(await store.apply({ eventId: 'e2', tenant, userId, position: 2, occurredAt: 'x' })).toBe(
      'duplicate',
    );
  });
});
