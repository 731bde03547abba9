import { describe, expect, it } from '@jest/globals';
import { WrongExpectedRevisionError } from '#event-store';
import { retryOnConflict } from './retry-on-conflict.js';

const conflict = () => new WrongExpectedRevisionError('group-t:1', 3, 4);

describe('retryOnConflict (writers in other processes)', () => {
  it('decides again after a lost race and returns the later success', async () => {
    let attempts = 0;
    const result = await retryOnConflict(
      async () => {
        attempts++;
        if (attempts < 3) throw conflict();
        return 'written';
      },
      () => true,
    );
    expect(result).toBe('written');
    expect(attempts).toBe(3);
  });

  it('gives up after the bound and lets the conflict through', async () => {
    let attempts = 0;
    const run = retryOnConflict(
      async () => {
        attempts++;
        throw conflict();
      },
      () => true,
      4,
    );
    await expect(run).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(attempts).toBe(4);
  });

  it('does not retry a conflict the caller declares final (If-Match pinned the revision)', async () => {
    let attempts = 0;
    const run = retryOnConflict(
      async () => {
        attempts++;
        throw conflict();
      },
      () => false,
    );
    await expect(run).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(attempts).toBe(1);
  });
});
