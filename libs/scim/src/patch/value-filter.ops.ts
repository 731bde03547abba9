import { ScimError } from '../errors/scim-error.js';
import type { Filter } from '../filter/filter.ast.js';
import { matchesElement } from '../filter/match-filter.js';
import {
  deleteMember,
  isJsonObject,
  setMember,
  type JsonObject,
  type JsonValue,
} from '../json/json.js';
import type { AttributeResolver } from '../schema/schema-registry.js';
import { makeSolePrimary } from './attribute.ops.js';
import type { PatchPath } from './patch-path.parse.js';
import { coerceElement, coerceSimple, isClearing, unwrapSingle } from './patch-value.coerce.js';
import { elementsOf, hasContent, readTop, removeTop, writeTop } from './resource-slots.js';

type FilteredPath = Extract<PatchPath, { kind: 'valueFilter' }>;

/**
 * `add`/`replace` on `emails[type eq "work"]` or `emails[type eq "work"].value`. Matching elements
 * are changed. With no match Entra expects the element to be created, which is possible when the
 * filter is a conjunction of `eq` tests; otherwise RFC 7644 §3.5.2.3 answers noTarget.
 */
export function setFiltered(
  resource: JsonObject,
  path: FilteredPath,
  value: JsonValue,
  label: string,
  mode: 'add' | 'replace',
  resolver: AttributeResolver,
): void {
  const definition = path.attribute.attributeDefinition;
  const elements = elementsOf(readTop(resource, path.attribute));
  const matched = elements.filter((element) =>
    matchesElement(element, path.attribute, path.filter, resolver),
  );
  const template = () => {
    const fields = templateOf(path.filter);
    if (fields === undefined)
      throw ScimError.noTarget(
        `${label}: no value of ${path.attribute.attribute} matches the filter`,
      );
    return fields;
  };

  if (path.subAttribute !== undefined) {
    const sub = path.subAttribute.definition.name;
    const single = unwrapSingle(path.subAttribute.definition, value, label);
    if (isClearing(single)) {
      removeFiltered(resource, path, resolver);
      return;
    }
    const typed = coerceSimple(path.subAttribute.definition, single, label);
    if (matched.length === 0) elements.push({ ...template(), [sub]: typed });
    for (const element of matched) if (isJsonObject(element)) setMember(element, sub, typed);
    if (sub === 'primary' && typed === true)
      makeSolePrimary(elements, matched[0] ?? elements[elements.length - 1] ?? null);
    writeTop(resource, path.attribute, elements);
    return;
  }

  const single = unwrapSingle(definition, value, label);
  if (isClearing(single)) {
    removeFiltered(resource, path, resolver);
    return;
  }
  const item = coerceElement(definition, single, label);
  if (!isJsonObject(item))
    throw ScimError.invalidValue(
      `${label} must be an object with the sub-attributes of ${definition.name}`,
    );
  if (matched.length === 0) {
    elements.push({ ...template(), ...item });
  } else {
    // RFC 7644 §3.5.2.3: replace swaps each matching value; add merges into it.
    const next = elements.map((element) =>
      matched.includes(element)
        ? mode === 'replace'
          ? { ...item }
          : { ...(isJsonObject(element) ? element : {}), ...item }
        : element,
    );
    elements.splice(0, elements.length, ...next);
  }
  writeTop(resource, path.attribute, elements);
}

/**
 * `remove` on a value filter (RFC 7644 §3.5.2.2): the matching values go (or just their
 * sub-attribute). Matching nothing changes nothing.
 */
export function removeFiltered(
  resource: JsonObject,
  path: FilteredPath,
  resolver: AttributeResolver,
): void {
  const elements = elementsOf(readTop(resource, path.attribute));
  const sub = path.subAttribute?.definition.name;
  const kept = elements.flatMap((element) => {
    if (!matchesElement(element, path.attribute, path.filter, resolver)) return [element];
    if (sub === undefined || !isJsonObject(element)) return [];
    const copy = { ...element };
    deleteMember(copy, sub);
    return hasContent(copy) ? [copy] : [];
  });
  if (kept.length === 0) removeTop(resource, path.attribute);
  else writeTop(resource, path.attribute, kept);
}

/** The sub-attribute values an `eq`-only conjunction fixes, e.g. `{ type: 'work' }`. */
export function templateOf(filter: Filter): JsonObject | undefined {
  switch (filter.kind) {
    case 'compare':
      return filter.op === 'eq' && filter.path.subAttribute !== undefined && filter.value !== null
        ? { [filter.path.subAttribute]: filter.value }
        : undefined;
    case 'and': {
      const left = templateOf(filter.left);
      const right = templateOf(filter.right);
      return left && right ? { ...left, ...right } : undefined;
    }
    case 'or':
    case 'not':
    case 'present':
    case 'valuePath':
      return undefined;
    default: {
      const unhandled: never = filter;
      throw new Error(`Unhandled filter ${JSON.stringify(unhandled)}`);
    }
  }
}
