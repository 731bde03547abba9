import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Contract,
  type ContractEvent,
  groupCreatedV1,
  userDeactivatedV1,
  userDeletedV1,
  userErasedV1,
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
const deleted = (position: number) =>
  delivered(userDeletedV1, userDeletedV1.example, `e${position}`, position);
const erased = (position: number) =>
  delivered(userErasedV1, { tenant, userId }, `e${position}`, position);

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
    await handle(deleted(4));
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

  describe('erasure', () => {
    it('deletes the account with its userName', async () => {
      await handle(provisioned(1));
      await handle(deleted(2));
      await handle(erased(3));
      expect(await store.find(tenant, userId)).toBeUndefined();
    });

    it("is not undone by a replay of the user's earlier messages, nor by the erasure again", async () => {
      await handle(provisioned(1));
      await handle(deleted(2));
      await handle(erased(3));

      // The same messages again (a redelivery), then copies with new ids (a replayed topic).
      for (const event of [provisioned(1), deleted(2), erased(3)]) await handle(event);
      const replayed = { ...provisioned(1), id: 'replay-1' };
      await handle(replayed);
      expect(await store.find(tenant, userId)).toBeUndefined();

      const change = {
        tenant,
        userId,
        occurredAt: 'x',
        userName: 'ada',
        status: 'active' as const,
      };
      expect(await store.apply({ ...change, eventId: 'r1', position: 1 })).toBe('stale');
      // Nothing follows an erasure in the directory, so even a higher position is a stray copy.
      expect(await store.apply({ ...change, eventId: 'r9', position: 9 })).toBe('stale');
      expect(await store.find(tenant, userId)).toBeUndefined();
    });

    it('keeps a user it never saw from being created by its earlier messages arriving late', async () => {
      await handle(erased(3));
      await handle(provisioned(1));
      expect(await store.find(tenant, userId)).toBeUndefined();
    });

    it('holds across a restart', async () => {
      await handle(provisioned(1));
      await handle(erased(3));
      await store.close();

      store = openSqliteAccountStore(join(dir, 'accounts.sqlite'));
      await accountStatusHandler(store)([{ ...provisioned(1), id: 'replay-1' }]);
      expect(await store.find(tenant, userId)).toBeUndefined();
    });

    it('leaves no copy of the userName in the database files', async () => {
      const userName = 'erase-me-7f3a9c@acme.example';
      const path = join(dir, 'accounts.sqlite');
      const files = () =>
        [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file));
      await handle(
        delivered(userProvisionedV1, { ...userProvisionedV1.example, userName }, 'e1', 1),
      );
      expect(files().some((bytes) => bytes.includes(userName))).toBe(true);

      await handle(erased(2));
      // While the service runs, and once it has stopped.
      expect(files().some((bytes) => bytes.includes(userName))).toBe(false);
      await store.close();
      expect(files().some((bytes) => bytes.includes(userName))).toBe(false);
    });
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
