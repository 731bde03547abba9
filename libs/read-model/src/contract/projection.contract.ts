import { describe, expect, it } from '@jest/globals';
import { collect, type OpenReadModel, useReadModel } from './contract-setup.js';
import { userFilter, userQuery } from './list.fixture.js';
import { users } from './recorded-events.fixture.js';

export function describeProjectionBehaviour(open: OpenReadModel): void {
  const ctx = useReadModel(open);

  describe('projection', () => {
    it('replays a batch without changing anything', async () => {
      const { model, log, apply } = ctx();
      const batch = [
        log.provision('acme', 'u1', 'alice'),
        log.createGroup('acme', 'g1', 'Admins'),
        log.addMembers('acme', 'g1', users('u1')),
        log.user('acme', {
          type: 'UserAttributesChanged',
          data: { userId: 'u1', set: { title: 'Dev' }, unset: [] },
        }),
      ];
      await apply(...batch);
      const user = await model.getUser('acme', 'u1');
      const group = await model.getGroup('acme', 'g1');
      await apply(...batch);
      await apply(...batch.slice(1, 3));
      expect(await model.getUser('acme', 'u1')).toEqual(user);
      expect(await model.getGroup('acme', 'g1')).toEqual(group);
      expect(await collect(model.groupMembers('acme', 'g1'))).toHaveLength(1);
      expect(await model.checkpoint()).toBe(4);
    });

    it('applies a run of provisioned users together, a user provisioned again keeping its newest emails', async () => {
      const { model, log, apply } = ctx();
      const emails = (value: string) => ({ emails: [{ value, type: 'work' }] });
      await apply(
        log.provision('acme', 'u1', 'alice', emails('alice@old.example')),
        log.provision('acme', 'u2', 'bob', emails('bob@corp.example')),
        log.provision('acme', 'u1', 'alice', emails('alice@new.example')),
        log.provision('acme', 'u3', 'carol', emails('carol@corp.example')),
        log.user('acme', { type: 'UserDeleted', data: { userId: 'u3', userName: 'carol' } }),
        log.provision('acme', 'u3', 'carol', emails('carol@again.example')),
      );
      const byEmail = async (value: string) =>
        (
          await model.listUsers('acme', userQuery({ filter: userFilter(`emails eq "${value}"`) }))
        ).rows.map((row) => row.id);
      expect(await byEmail('alice@old.example')).toEqual([]);
      expect(await byEmail('alice@new.example')).toEqual(['u1']);
      expect(await byEmail('bob@corp.example')).toEqual(['u2']);
      expect(await byEmail('carol@corp.example')).toEqual([]);
      expect(await byEmail('carol@again.example')).toEqual(['u3']);
      expect((await model.getUser('acme', 'u1'))?.revision).toBe(1);
      expect((await model.getUser('acme', 'u3'))?.revision).toBe(2);
    });

    it('skips unknown event types and snapshots but advances the checkpoint past them', async () => {
      const { model, log, apply } = ctx();
      await apply(
        log.record('acme', 'unique-acme:userName:abc', 'UserNameReserved', { owner: 'u1' }),
        log.provision('acme', 'u1', 'alice'),
        log.record('acme', 'groupsnapshot-acme:g1', 'GroupSnapshotTaken', { members: [] }),
      );
      expect(await model.checkpoint()).toBe(3);
      expect(await model.position()).toBe(3);
      expect((await model.getUser('acme', 'u1'))?.userName).toBe('alice');
    });

    it('advances the checkpoint over filtered stretches but never moves it back', async () => {
      const { model, log, apply } = ctx();
      await apply(log.provision('acme', 'u1', 'alice'));
      await model.advanceCheckpoint(10);
      expect(await model.checkpoint()).toBe(10);
      await model.advanceCheckpoint(5);
      expect(await model.checkpoint()).toBe(10);
    });

    it('resolves waitForPosition when a commit reaches the position, and false on timeout', async () => {
      const { model, log, apply } = ctx();
      const first = log.provision('acme', 'u1', 'alice');
      const second = log.provision('acme', 'u2', 'bob');
      await apply(first);
      expect(await model.waitForPosition(first.position, 0)).toBe(true);
      const waiting = model.waitForPosition(second.position, 5_000);
      await apply(second);
      expect(await waiting).toBe(true);
      expect(await model.waitForPosition(second.position + 1, 20)).toBe(false);
    });

    it('wakes waiters when the checkpoint advances over events it does not project', async () => {
      const { model } = ctx();
      const waiting = model.waitForPosition(7, 5_000);
      await model.advanceCheckpoint(7);
      expect(await waiting).toBe(true);
    });
  });
}
