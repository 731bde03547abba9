import { getMember, isJsonObject, type JsonValue } from '../json/json.js';
import type { AttributeDefinition } from '../schema/attribute-definition.js';
import { sameAttribute, type AttributeResolver } from '../schema/schema-registry.js';
import type { AttributePath, CompareOperator, Filter, FilterValue } from './filter.ast.js';
import { toBoolean, toInstant } from './filter-value.coerce.js';

interface Element {
  readonly path: AttributePath;
  readonly value: JsonValue;
}

/**
 * Evaluates a parsed filter against a SCIM resource in memory (RFC 7644 §3.4.2.2). A multi-valued
 * attribute matches when any of its values does; strings compare by the attribute's `caseExact`.
 * `ne` is the negation of `eq`, so a resource without the attribute matches `ne`.
 */
export function matchesFilter(
  resource: object,
  filter: Filter,
  resolver: AttributeResolver,
): boolean {
  return evaluate(filter, resource as JsonValue, undefined, resolver);
}

/** Whether one element of a multi-valued attribute matches the inner filter of `attr[...]`. */
export function matchesElement(
  element: JsonValue,
  path: AttributePath,
  filter: Filter,
  resolver: AttributeResolver,
): boolean {
  return evaluate(filter, {}, { path, value: element }, resolver);
}

function evaluate(
  filter: Filter,
  root: JsonValue,
  element: Element | undefined,
  resolver: AttributeResolver,
): boolean {
  switch (filter.kind) {
    case 'and':
      return (
        evaluate(filter.left, root, element, resolver) &&
        evaluate(filter.right, root, element, resolver)
      );
    case 'or':
      return (
        evaluate(filter.left, root, element, resolver) ||
        evaluate(filter.right, root, element, resolver)
      );
    case 'not':
      return !evaluate(filter.filter, root, element, resolver);
    case 'present':
      // RFC 7644 §3.4.2.2 "pr": a non-empty value or a non-empty complex node.
      return valuesAt(filter.path, root, element).some(isNonEmpty);
    case 'compare': {
      const values = valuesAt(filter.path, root, element);
      if (filter.value === null) {
        const absent = !values.some(isNonEmpty);
        return filter.op === 'eq' ? absent : !absent;
      }
      const definition = definitionOf(filter.path, resolver);
      if (definition === undefined) return false;
      if (filter.op === 'ne')
        return !values.some((actual) => compare(definition, 'eq', actual, filter.value));
      return values.some((actual) => compare(definition, filter.op, actual, filter.value));
    }
    case 'valuePath': {
      const elements = valuesAt({ ...filter.path, subAttribute: undefined }, root, element);
      return elements.some((value) =>
        evaluate(filter.filter, root, { path: filter.path, value }, resolver),
      );
    }
    default: {
      const unhandled: never = filter;
      throw new Error(`Unhandled filter ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The values at a path, multi-valued attributes flattened; absent and null values left out. */
function valuesAt(path: AttributePath, root: JsonValue, element: Element | undefined): JsonValue[] {
  let values: JsonValue[];
  if (element !== undefined && sameAttribute(path, element.path)) {
    values = [element.value];
  } else {
    const container =
      path.schema === undefined
        ? root
        : isJsonObject(root)
          ? getMember(root, path.schema)
          : undefined;
    values = flatten(isJsonObject(container) ? getMember(container, path.attribute) : undefined);
  }
  if (path.subAttribute !== undefined) {
    const sub = path.subAttribute;
    values = values.flatMap((value) => (isJsonObject(value) ? flatten(getMember(value, sub)) : []));
  }
  return values;
}

function flatten(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.filter((item) => item !== null) : [value];
}

function isNonEmpty(value: JsonValue): boolean {
  if (value === '' || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value))
    return Object.values(value).some((sub) => sub !== null && isNonEmpty(sub));
  return true;
}

function definitionOf(
  path: AttributePath,
  resolver: AttributeResolver,
): AttributeDefinition | undefined {
  const raw = `${path.schema === undefined ? '' : `${path.schema}:`}${path.attribute}${path.subAttribute === undefined ? '' : `.${path.subAttribute}`}`;
  return resolver.resolve(raw)?.definition;
}

function compare(
  definition: AttributeDefinition,
  op: CompareOperator,
  actual: JsonValue,
  expected: FilterValue,
): boolean {
  switch (definition.type) {
    case 'boolean':
      return op === 'eq' && toBoolean(actual) === toBoolean(expected);
    case 'integer':
    case 'decimal':
      return order(op, toNumber(actual), toNumber(expected));
    case 'dateTime':
      // Instants, not text: "2026-01-01T02:00:00+02:00" equals "2026-01-01T00:00:00Z".
      return order(op, instantOf(actual), instantOf(expected));
    case 'string':
    case 'reference':
    case 'binary':
      return compareText(op, actual, expected, definition.caseExact);
    case 'complex':
      return false;
    default: {
      const unhandled: never = definition.type;
      throw new Error(`Unhandled type ${String(unhandled)}`);
    }
  }
}

function compareText(
  op: CompareOperator,
  actual: JsonValue,
  expected: FilterValue,
  caseExact: boolean,
): boolean {
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  const fold = (text: string): string => (caseExact ? text : text.toLowerCase());
  const a = fold(String(actual));
  const e = fold(String(expected));
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    default: {
      const unhandled: never = op;
      throw new Error(`Unhandled operator ${String(unhandled)}`);
    }
  }
}

function order(op: CompareOperator, a: number, e: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return false;
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    case 'co':
    case 'sw':
    case 'ew':
      return false;
    default: {
      const unhandled: never = op;
      throw new Error(`Unhandled operator ${String(unhandled)}`);
    }
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

function instantOf(value: unknown): number {
  return (typeof value === 'string' ? toInstant(value) : undefined) ?? NaN;
}
