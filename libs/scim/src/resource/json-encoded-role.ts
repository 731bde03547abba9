import { findKey, getMember, isJsonObject, type JsonObject, type JsonValue } from '../json/json.js';
import type { AttributeDefinition } from '../schema/attribute-definition.js';

/**
 * Entra's AppRoleAssignmentsComplex mapping sends each role as JSON text in `value`
 * (idp-behavior.md §1.2 E6), in PATCH and in POST bodies alike:
 * `{"value":"{\"id\":\"<guid>\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"}`.
 * That element becomes the role it carries: `value`, `display` (Entra's `displayName`), and
 * `primary` and `type` when given; sub-attributes sent beside the text win over those inside it.
 *
 * The Entra app-role `id` is dropped: the roles attribute has no sub-attribute for it
 * (RFC 7643 §4.1.2, `/Schemas` would have to lie), and the tokens Entra issues carry the role's
 * `value` in their `roles` claim, so the value is what downstream services match on.
 *
 * Text that starts with `{` but is not a JSON object with a string `value` stays the plain value
 * it is: a role may be named anything, and only Entra's form is unpacked.
 */
export function unpackJsonEncodedRole(
  definition: AttributeDefinition,
  element: JsonValue,
): JsonValue {
  if (definition.name !== 'roles' || !isJsonObject(element)) return element;
  const valueKey = findKey(element, 'value');
  const text = valueKey === undefined ? undefined : element[valueKey];
  if (typeof text !== 'string' || !text.trimStart().startsWith('{')) return element;
  const role = roleIn(text);
  if (role === undefined) return element;
  const beside = Object.entries(element).filter(([key]) => key !== valueKey);
  const besideNames = new Set(beside.map(([key]) => key.toLowerCase()));
  const inside = Object.entries(role).filter(([name]) => !besideNames.has(name.toLowerCase()));
  return Object.fromEntries([...inside, ...beside]);
}

/** The role sub-attributes held by Entra's JSON text; undefined when it holds no role. */
function roleIn(text: string): JsonObject | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed)) return undefined;
  const value = getMember(parsed, 'value');
  if (typeof value !== 'string') return undefined;
  const role: JsonObject = { value };
  const display = getMember(parsed, 'displayName') ?? getMember(parsed, 'display');
  if (display !== undefined) role['display'] = display;
  for (const name of ['primary', 'type']) {
    const given = getMember(parsed, name);
    // Left for the caller to check and coerce like any sub-attribute ("True" becomes true).
    if (given !== undefined) role[name] = given;
  }
  return role;
}
