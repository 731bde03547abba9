import { isJsonObject, type JsonObject, type JsonValue } from '../json/json.js';
import { findSubAttribute, type AttributeDefinition } from '../schema/attribute-definition.js';
import { unpackJsonEncodedRole } from './json-encoded-role.js';
import type { ResourceProblems } from './resource-problems.js';
import { checkSimpleValue, shown } from './simple-value.check.js';

/**
 * RFC 7643 §2.5: null and an empty array mean "no value" (Entra sends `"title": null`). An empty
 * string carries no value either; RFC 7644 §3.4.2.2 does not count it as present.
 */
export function isUnset(value: JsonValue | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * One attribute's value checked against its definition: sub-attribute names in their canonical
 * spelling, simple values in their type, readOnly sub-attributes dropped (RFC 7644 §3.5.1 ignores
 * them on input). `undefined` when the value amounts to "not set".
 */
export function normaliseAttribute(
  definition: AttributeDefinition,
  value: JsonValue | undefined,
  label: string,
  problems: ResourceProblems,
): JsonValue | undefined {
  if (value === undefined || isUnset(value)) return undefined;
  if (!definition.multiValued) {
    if (Array.isArray(value))
      throw problems.value(`${label} is single-valued: send one value, not an array`);
    return normaliseOne(definition, value, label, problems);
  }
  if (!Array.isArray(value))
    throw problems.value(`${label} is multi-valued: send an array of values, even for one value`);
  const elements = value.flatMap((item, index) => {
    const element = normaliseOne(
      definition,
      unpackJsonEncodedRole(definition, item),
      `${label}[${index}]`,
      problems,
    );
    return element === undefined ? [] : [element];
  });
  checkOnePrimary(elements, label, problems);
  return elements.length === 0 ? undefined : elements;
}

function normaliseOne(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
  problems: ResourceProblems,
): JsonValue | undefined {
  if (isUnset(value)) return undefined;
  if (definition.type === 'complex') return normaliseComplex(definition, value, label, problems);
  const checked = checkSimpleValue(definition, value);
  if (!checked.ok)
    throw problems.value(`${label} must be ${checked.expected}, not ${shown(value)}`);
  return checked.value;
}

function normaliseComplex(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
  problems: ResourceProblems,
): JsonObject | undefined {
  const names = (definition.subAttributes ?? []).map((sub) => sub.name).join(', ');
  if (!isJsonObject(value))
    throw problems.value(`${label} must be an object with the sub-attributes ${names}`);
  const result: JsonObject = {};
  const given = new Map<string, string>();
  for (const [key, raw] of Object.entries(value)) {
    const sub = findSubAttribute(definition, key);
    if (sub === undefined) {
      // Entra writes `"$ref": null` and the like; a name without a value is harmless.
      if (isUnset(raw)) continue;
      throw problems.unknown(
        `${label}.${key} is not a sub-attribute of ${definition.name}; it has ${names}`,
      );
    }
    const earlier = given.get(sub.name);
    if (earlier !== undefined)
      throw problems.syntax(
        `${label} gives ${sub.name} twice ("${earlier}" and "${key}"); names are case-insensitive`,
      );
    given.set(sub.name, key);
    if (sub.mutability === 'readOnly') continue;
    const normalised = normaliseAttribute(sub, raw, `${label}.${sub.name}`, problems);
    if (normalised !== undefined) result[sub.name] = normalised;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/**
 * RFC 7643 §2.2 "required" on sub-attributes: each value of a complex attribute must hold them.
 * Checked on the finished resource, after immutable values left out of a PUT were put back.
 */
export function checkRequiredSubAttributes(
  definition: AttributeDefinition,
  value: JsonValue,
  label: string,
  problems: ResourceProblems,
): void {
  const required = (definition.subAttributes ?? []).filter(
    (sub) => sub.required && sub.mutability !== 'readOnly',
  );
  if (required.length === 0) return;
  const elements = Array.isArray(value) ? value : [value];
  elements.forEach((element, index) => {
    const at = definition.multiValued ? `${label}[${index}]` : label;
    for (const sub of required) {
      if (isJsonObject(element) && element[sub.name] === undefined)
        throw problems.value(`${at}.${sub.name} is required when ${definition.name} is given`);
    }
  });
}

/** RFC 7643 §2.4: "primary" is true for at most one value of a multi-valued attribute. */
function checkOnePrimary(
  elements: readonly JsonValue[],
  label: string,
  problems: ResourceProblems,
): void {
  const primaries = elements.filter(
    (element) => isJsonObject(element) && element['primary'] === true,
  ).length;
  if (primaries > 1)
    throw problems.value(
      `${label} has ${primaries} values with "primary": true; mark at most one value as primary`,
    );
}
