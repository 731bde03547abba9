import { ScimError } from '../errors/scim-error.js';
import {
  getMember,
  isJsonObject,
  jsonEquals,
  setMember,
  deleteMember,
  type JsonObject,
  type JsonValue,
} from '../json/json.js';
import { findSubAttribute, type AttributeDefinition } from '../schema/attribute-definition.js';
import type { ResolvedAttribute } from '../schema/schema-registry.js';
import {
  coerceComplex,
  coerceElements,
  coerceSimple,
  isClearing,
  unwrapSingle,
} from './patch-value.coerce.js';
import { elementsOf, hasContent, readTop, removeTop, writeTop } from './resource-slots.js';

/**
 * `add` or `replace` on a path without a value filter (RFC 7644 §3.5.2.1 and §3.5.2.3). They differ
 * only on a whole multi-valued attribute: add appends, replace swaps the set. On a complex
 * attribute both merge the given sub-attributes. `null` and `""` clear (Entra).
 */
export function setAttribute(
  resource: JsonObject,
  target: ResolvedAttribute,
  value: JsonValue,
  label: string,
  mode: 'add' | 'replace',
): void {
  const top = target.attributeDefinition;
  if (target.subAttribute !== undefined) {
    setSubAttribute(resource, target, value, label);
    return;
  }
  if (top.multiValued) {
    const elements = coerceElements(top, value, label);
    if (mode === 'replace') {
      if (elements.length === 0) removeTop(resource, target);
      else writeTop(resource, target, elements);
      return;
    }
    if (elements.length === 0) return;
    const existing = elementsOf(readTop(resource, target));
    for (const element of elements) mergeOrAppend(top, existing, element);
    writeTop(resource, target, existing);
    return;
  }
  const single = unwrapSingle(top, value, label);
  if (isClearing(single)) {
    clearTop(resource, target, label);
    return;
  }
  if (top.type !== 'complex') {
    writeTop(resource, target, coerceSimple(top, single, label));
    return;
  }
  const current = readTop(resource, target);
  const merged: JsonObject = isJsonObject(current) ? { ...current } : {};
  for (const [key, sub] of Object.entries(coerceComplex(top, single, label))) {
    if (sub === null) deleteMember(merged, key);
    else setMember(merged, key, sub);
  }
  if (Object.keys(merged).length === 0) removeTop(resource, target);
  else writeTop(resource, target, merged);
}

/** `remove` without a value filter (RFC 7644 §3.5.2.2), plus Entra's remove-with-value form. */
export function removeAttribute(
  resource: JsonObject,
  target: ResolvedAttribute,
  value: JsonValue | undefined,
  label: string,
): void {
  const top = target.attributeDefinition;
  if (target.subAttribute !== undefined) {
    setSubAttribute(resource, target, null, label);
    return;
  }
  if (top.multiValued && !isClearing(value) && value !== undefined) {
    // `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`: remove just those values.
    const doomed = coerceElements(top, value, label);
    const kept = elementsOf(readTop(resource, target)).filter(
      (element) => !doomed.some((item) => sameElement(top, element, item)),
    );
    if (kept.length === 0) removeTop(resource, target);
    else writeTop(resource, target, kept);
    return;
  }
  clearTop(resource, target, label);
}

function clearTop(resource: JsonObject, target: ResolvedAttribute, label: string): void {
  if (target.attributeDefinition.required) {
    throw ScimError.invalidValue(`${label}: ${target.attribute} is required and cannot be removed`);
  }
  removeTop(resource, target);
}

/** `name.givenName`, or `emails.type` on every element of a multi-valued attribute. */
function setSubAttribute(
  resource: JsonObject,
  target: ResolvedAttribute,
  value: JsonValue,
  label: string,
): void {
  const sub = target.subAttribute ?? target.attribute;
  const single = unwrapSingle(target.definition, value, label);
  const typed = isClearing(single) ? undefined : coerceSimple(target.definition, single, label);
  const current = readTop(resource, target);
  if (target.attributeDefinition.multiValued) {
    const elements = elementsOf(current).filter(isJsonObject);
    if (elements.length === 0) {
      if (typed !== undefined) writeTop(resource, target, [{ [sub]: typed }]);
      return;
    }
    for (const element of elements) {
      if (typed === undefined) deleteMember(element, sub);
      else setMember(element, sub, typed);
    }
    const kept = elements.filter(hasContent);
    if (kept.length === 0) removeTop(resource, target);
    else writeTop(resource, target, kept);
    return;
  }
  const parent: JsonObject = isJsonObject(current) ? { ...current } : {};
  if (typed === undefined) deleteMember(parent, sub);
  else setMember(parent, sub, typed);
  if (Object.keys(parent).length === 0) removeTop(resource, target);
  else writeTop(resource, target, parent);
}

/**
 * RFC 7644 §3.5.2.1: adding a value already present changes nothing. An element with the same
 * `value` and `type` is updated in place rather than duplicated.
 */
function mergeOrAppend(
  definition: AttributeDefinition,
  existing: JsonValue[],
  element: JsonValue,
): void {
  const match = existing.find((candidate) => sameElement(definition, candidate, element));
  if (isJsonObject(match) && isJsonObject(element)) Object.assign(match, element);
  else if (match === undefined) existing.push(element);
  if (isJsonObject(element) && element['primary'] === true)
    makeSolePrimary(existing, match ?? element);
}

/** RFC 7643 §2.4: "primary" is true on at most one value. */
export function makeSolePrimary(elements: JsonValue[], primary: JsonValue): void {
  for (const element of elements) {
    if (element !== primary && isJsonObject(element) && element['primary'] === true)
      element['primary'] = false;
  }
}

/** Same value (by the value sub-attribute's caseExact) and, when the new element names one, the same type. */
export function sameElement(
  definition: AttributeDefinition,
  current: JsonValue,
  candidate: JsonValue,
): boolean {
  if (jsonEquals(current, candidate)) return true;
  if (!isJsonObject(current) || !isJsonObject(candidate)) return false;
  const valueDefinition = findSubAttribute(definition, 'value');
  const a = getMember(current, 'value');
  const b = getMember(candidate, 'value');
  if (valueDefinition === undefined || typeof a !== 'string' || typeof b !== 'string') return false;
  const sameValue = valueDefinition.caseExact ? a === b : a.toLowerCase() === b.toLowerCase();
  const type = getMember(candidate, 'type');
  const currentType = getMember(current, 'type');
  const sameType =
    type === undefined ||
    (typeof type === 'string' &&
      typeof currentType === 'string' &&
      type.toLowerCase() === currentType.toLowerCase());
  return sameValue && sameType;
}
