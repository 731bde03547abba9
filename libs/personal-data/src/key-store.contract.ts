import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type PersonalDataKeyStore, SubjectErasedError } from './key-store.js';

/** What every key store does, written against the port; run for SQLite and PostgreSQL. */
export function describeKeyStoreContract(
  name: string,
  open: () => Promise<PersonalDataKeyStore>,
): void {
  describe(`PersonalDataKeyStore contract: ${name}`, () => {
    let store: PersonalDataKeyStore;
    const subject = () => `acme/${randomUUID()}`;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
    });

    it('makes one 256-bit key per subject and gives the same key back afterwards', async () => {
      const [a, b] = [subject(), subject()];
      const first = await store.keysForWriting([a, b]);
      const again = await store.keysForWriting([a]);
      expect(first.get(a)).toHaveLength(32);
      expect(first.get(a)!.equals(first.get(b)!)).toBe(false);
      expect(again.get(a)!.equals(first.get(a)!)).toBe(true);
      expect(await store.lookup([a, b])).toEqual(
        new Map([
          [a, { state: 'present', key: first.get(a) }],
          [b, { state: 'present', key: first.get(b) }],
        ]),
      );
    });

    it('agrees on one key when writers ask for a new subject at the same time', async () => {
      const a = subject();
      const keys = await Promise.all(Array.from({ length: 8 }, () => store.keysForWriting([a])));
      for (const found of keys) expect(found.get(a)!.equals(keys[0]!.get(a)!)).toBe(true);
    });

    it('answers nothing for subjects it never saw', async () => {
      expect((await store.lookup([subject()])).size).toBe(0);
    });

    it('destroys the key on erasure, records when, and never makes a new one', async () => {
      const a = subject();
      await store.keysForWriting([a]);
      const erasure = await store.erase(a);
      expect(erasure.destroyedNow).toBe(true);
      expect(Date.parse(erasure.erasedAt)).not.toBeNaN();
      expect(await store.lookup([a])).toEqual(
        new Map([[a, { state: 'erased', erasedAt: erasure.erasedAt }]]),
      );
      await expect(store.keysForWriting([a])).rejects.toBeInstanceOf(SubjectErasedError);
      expect(await store.erase(a)).toEqual({ erasedAt: erasure.erasedAt, destroyedNow: false });
    });

    it('records the erasure of a subject that had no key yet, so it never gets one', async () => {
      const a = subject();
      const erasure = await store.erase(a);
      expect(erasure.destroyedNow).toBe(false);
      expect((await store.lookup([a])).get(a)).toEqual({
        state: 'erased',
        erasedAt: erasure.erasedAt,
      });
      await expect(store.keysForWriting([a])).rejects.toBeInstanceOf(SubjectErasedError);
    });

    it('keeps other subjects readable when one is erased', async () => {
      const [a, b] = [subject(), subject()];
      const keys = await store.keysForWriting([a, b]);
      await store.erase(a);
      expect((await store.lookup([b])).get(b)).toEqual({ state: 'present', key: keys.get(b) });
    });
  });
}
