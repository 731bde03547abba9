import {
  deleteMember,
  getMember,
  isJsonObject,
  setMember,
  type JsonObject,
  type JsonValue,
} from '../json/json.js';
import type { AttributePath } from '../filter/filter.ast.js';

/**
 * Reads and writes top-level attributes of a resource. Extension attributes live in an object
 * under the schema URN (RFC 7643 §3.3), and `schemas` lists an extension while it holds values.
 */
function container(
  resource: JsonObject,
  schema: string | undefined,
  create: boolean,
): JsonObject | undefined {
  if (schema === undefined) return resource;
  const existing = getMember(resource, schema);
  if (isJsonObject(existing)) return existing;
  if (!create) return undefined;
  const created: JsonObject = {};
  setMember(resource, schema, created);
  const schemas = getMember(resource, 'schemas');
  // Entra sends custom extension attributes without listing the URN in `schemas`.
  if (
    Array.isArray(schemas) &&
    !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === schema.toLowerCase())
  ) {
    schemas.push(schema);
  }
  return created;
}

export function readTop(resource: JsonObject, path: AttributePath): JsonValue | undefined {
  const holder = container(resource, path.schema, false);
  return holder === undefined ? undefined : getMember(holder, path.attribute);
}

export function writeTop(resource: JsonObject, path: AttributePath, value: JsonValue): void {
  const holder = container(resource, path.schema, true);
  if (holder) setMember(holder, path.attribute, value);
}

export function removeTop(resource: JsonObject, path: AttributePath): void {
  const holder = container(resource, path.schema, false);
  if (holder === undefined) return;
  deleteMember(holder, path.attribute);
  if (path.schema !== undefined && Object.keys(holder).length === 0)
    removeExtension(resource, path.schema);
}

/** Drops an extension object and its URN from `schemas`. */
export function removeExtension(resource: JsonObject, schema: string): void {
  deleteMember(resource, schema);
  const schemas = getMember(resource, 'schemas');
  if (Array.isArray(schemas)) {
    const kept = schemas.filter(
      (urn) => !(typeof urn === 'string' && urn.toLowerCase() === schema.toLowerCase()),
    );
    setMember(resource, 'schemas', kept);
  }
}

/** The value at a path: for `emails.value` the list of every element's value. */
export function readAt(resource: JsonObject, path: AttributePath): JsonValue | undefined {
  const top = readTop(resource, path);
  if (path.subAttribute === undefined || top === undefined) return top;
  const sub = path.subAttribute;
  if (Array.isArray(top))
    return top.flatMap((element) => (isJsonObject(element) ? (getMember(element, sub) ?? []) : []));
  return isJsonObject(top) ? getMember(top, sub) : undefined;
}

export function elementsOf(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const MARKERS = ['type', 'primary', 'display'];

/** An element left with only `type`, `primary` or `display` carries no value and is dropped. */
export function hasContent(element: JsonValue): boolean {
  if (!isJsonObject(element)) return element !== null;
  return Object.keys(element).some((key) => !MARKERS.includes(key) && element[key] !== null);
}
