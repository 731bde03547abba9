import { ScimError } from '../errors/scim-error.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json.js';
import { unpackJsonEncodedRole } from '../resource/json-encoded-role.js';
import { checkSimpleValue, shown } from '../resource/simple-value.check.js';
import { findSubAttribute, type AttributeDefinition } from '../schema/attribute-definition.js';

/**
 * Entra clears attributes with `null` and `""` (its gallery validator checks that PATCH with empty
 * strings and nulls clears values); an empty array clears a multi-valued attribute.
 */
export function isClearing(value: JsonValue | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * One value of a simple attribute, checked and converted to the attribute's type by the same
 * rules as a POST body (`"False"` from Entra becomes false).
 */
export function coerceSimple(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonValue {
  if (definition.type === 'complex')
    throw ScimError.invalidValue(`${label} is complex; set its sub-attributes`);
  const checked = checkSimpleValue(definition, value);
  if (!checked.ok)
    throw ScimError.invalidValue(`${label} must be ${checked.expected}, not ${shown(value)}`);
  return checked.value;
}

/**
 * A complex value: sub-attribute names made canonical, values typed. `null`/`""` sub-values are
 * kept as `null` so a merge can clear them; readOnly sub-attributes are dropped (RFC 7644 §3.5.1
 * ignores them on input) and `"$ref": null` from Entra disappears with them.
 */
export function coerceComplex(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonObject {
  if (!isJsonObject(value))
    throw ScimError.invalidValue(
      `${label} must be an object with the sub-attributes of ${definition.name}`,
    );
  const result: JsonObject = {};
  for (const [key, sub] of Object.entries(value)) {
    const subDefinition = findSubAttribute(definition, key);
    if (subDefinition === undefined)
      throw ScimError.invalidValue(
        `${label} has an unknown sub-attribute "${key}" of ${definition.name}`,
      );
    if (subDefinition.mutability === 'readOnly') continue;
    result[subDefinition.name] = isClearing(sub)
      ? null
      : coerceSimple(subDefinition, sub, `${label}.${subDefinition.name}`);
  }
  return result;
}

/** One element of a multi-valued attribute (or the value of a single-valued one). */
export function coerceElement(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonValue {
  if (definition.type !== 'complex') return coerceSimple(definition, value, label);
  return withoutNulls(coerceComplex(definition, unpackJsonEncodedRole(definition, value), label));
}

/** The elements of a multi-valued attribute; a single value counts as a one-element list. */
export function coerceElements(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonValue[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((item) => !isClearing(item))
    .map((item, index) => coerceElement(definition, item, `${label}[${index}]`))
    .filter((item) => !(isJsonObject(item) && Object.keys(item).length === 0));
}

/**
 * The value for a single-valued attribute. Entra sends the manager as a one-element array
 * (`"value":[{"$ref":...,"value":"<id>"}]`), so such an array is unwrapped.
 */
export function unwrapSingle(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonValue {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return null;
  const [first] = value;
  if (value.length > 1 || first === undefined)
    throw ScimError.invalidValue(
      `${label}: ${definition.name} is single-valued; got ${value.length} values`,
    );
  return first;
}

export function withoutNulls(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}
