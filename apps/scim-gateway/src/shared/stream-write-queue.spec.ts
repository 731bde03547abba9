import { describe, expect, it } from '@jest/globals';
import { StreamWriteQueue } from './stream-write-queue.js';

describe('StreamWriteQueue', () => {
  it('runs work on one stream one at a time, in arrival order, even when some fails', async () => {
    const queue = new StreamWriteQueue();
    const log: string[] = [];
    const step =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run('s', step('a')),
      queue.run('s', step('b', true)),
      queue.run('s', step('c')),
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets different streams proceed concurrently', async () => {
    const queue = new StreamWriteQueue();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
    };
    await Promise.all([queue.run('x', step('x')), queue.run('y', step('y'))]);
    expect(log.slice(0, 2)).toEqual(['start x', 'start y']);
  });
});
