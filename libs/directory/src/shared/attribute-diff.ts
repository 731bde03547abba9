import type { Attributes, JsonValue } from './json.js';
import { jsonEquals } from './json-equality.js';

/** A change of top-level attributes, as carried by `UserAttributesChanged` and friends. */
export interface AttributeDiff {
  readonly set: { readonly [name: string]: JsonValue };
  readonly unset: readonly string[];
}

/**
 * The top-level difference between the current and the desired attributes: `set` holds names that
 * are new or whose value changed (deep JSON equality, key order ignored), `unset` the names that
 * are gone. `undefined` when nothing changed.
 */
export function diffAttributes(
  current: Attributes,
  desired: Attributes,
): AttributeDiff | undefined {
  const set: { [name: string]: JsonValue } = {};
  for (const [name, value] of Object.entries(desired)) {
    if (!Object.hasOwn(current, name) || !jsonEquals(current[name], value)) set[name] = value;
  }
  const unset = Object.keys(current).filter((name) => !Object.hasOwn(desired, name));
  return Object.keys(set).length === 0 && unset.length === 0 ? undefined : { set, unset };
}

export function applyAttributeDiff(current: Attributes, diff: AttributeDiff): Attributes {
  const next: { [name: string]: JsonValue } = { ...current, ...diff.set };
  for (const name of diff.unset) delete next[name];
  return next;
}

/**
 * The first attribute name that lives in its own field of an event and so must not appear in
 * `attributes`. RFC 7643 §2.1: attribute names are case-insensitive.
 */
export function reservedAttributeIn(
  attributes: Attributes,
  reserved: readonly string[],
): string | undefined {
  const lowerReserved = new Set(reserved.map((name) => name.toLowerCase()));
  return Object.keys(attributes).find((name) => lowerReserved.has(name.toLowerCase()));
}
