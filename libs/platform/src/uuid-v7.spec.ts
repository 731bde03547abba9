import { describe, expect, it } from '@jest/globals';
import { uuidv7 } from './uuid-v7.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7, variant 10 UUID carrying the time', () => {
    const id = uuidv7(Date.UTC(2026, 10, 23, 12, 0, 0));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(
      Date.UTC(2026, 10, 23, 12, 0, 0),
    );
  });

  it('sorts in creation order, also within one millisecond and when the clock steps back', () => {
    const ids = [
      uuidv7(1_000),
      ...Array.from({ length: 5000 }, () => uuidv7(2_000)),
      uuidv7(1_500),
      uuidv7(3_000),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
