export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The key of `object` that names `name`, ignoring case: SCIM attribute names are case-insensitive
 * (RFC 7643 §2.1), so a client's `username` is our `userName`.
 */
export function findKey(object: object, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

export function getMember(object: JsonObject, name: string): JsonValue | undefined {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** Writes `name` under its canonical spelling, dropping any differently-cased duplicate. */
export function setMember(object: JsonObject, name: string, value: JsonValue): void {
  deleteMember(object, name);
  object[name] = value;
}

export function deleteMember(object: JsonObject, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) delete object[key];
  }
}

/** Structural equality of JSON values, ignoring object key order. */
export function jsonEquals(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => jsonEquals(item, b[index]))
    );
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key], b[key]))
    );
  }
  return false;
}

export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
