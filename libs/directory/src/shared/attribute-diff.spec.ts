import { describe, expect, it } from '@jest/globals';
import { applyAttributeDiff, diffAttributes } from './attribute-diff.js';
import { jsonEquals } from './json-equality.js';

describe('jsonEquals', () => {
  it('ignores object key order at every depth, but not array order', () => {
    expect(
      jsonEquals({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    ).toBe(true);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
  });

  it('tells null, missing keys, arrays and objects apart', () => {
    expect(jsonEquals({ a: null }, {})).toBe(false);
    expect(jsonEquals({ a: null }, { b: null })).toBe(false);
    expect(jsonEquals([], {})).toBe(false);
    expect(jsonEquals('1', 1)).toBe(false);
    expect(jsonEquals(null, null)).toBe(true);
  });
});

describe('diffAttributes', () => {
  it('sets new and changed names, unsets removed ones, and applies back to the desired map', () => {
    const current = { a: 1, b: { x: 1 }, c: 'gone' };
    const desired = { a: 1, b: { x: 2 }, d: null };
    const diff = diffAttributes(current, desired);
    expect(diff).toEqual({ set: { b: { x: 2 }, d: null }, unset: ['c'] });
    expect(applyAttributeDiff(current, diff!)).toEqual(desired);
  });

  it('is undefined when nothing changed', () => {
    expect(diffAttributes({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toBeUndefined();
    expect(diffAttributes({}, {})).toBeUndefined();
  });
});
