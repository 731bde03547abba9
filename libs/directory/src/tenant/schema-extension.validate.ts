import { DomainError } from '../shared/domain-error.js';
import type {
  ExtensionAttribute,
  ExtensionAttributeType,
  ExtensionMutability,
  ExtensionResourceType,
  ExtensionReturned,
  ExtensionSchema,
  ExtensionUniqueness,
  TenantSchemaExtension,
} from './schema-extension.js';

const resourceTypes: readonly ExtensionResourceType[] = ['User', 'Group'];
const attributeTypes: readonly ExtensionAttributeType[] = [
  'string',
  'boolean',
  'decimal',
  'integer',
  'dateTime',
  'reference',
  'binary',
  'complex',
];
const mutabilities: readonly ExtensionMutability[] = [
  'readOnly',
  'readWrite',
  'immutable',
  'writeOnly',
];
const returnedValues: readonly ExtensionReturned[] = ['always', 'never', 'default', 'request'];
const uniquenessValues: readonly ExtensionUniqueness[] = ['none', 'server', 'global'];
const characteristics = [
  'name',
  'type',
  'multiValued',
  'description',
  'required',
  'caseExact',
  'mutability',
  'returned',
  'uniqueness',
  'canonicalValues',
  'referenceTypes',
  'subAttributes',
];
/** A schema copied from another server's `/Schemas` carries these; they are not part of it. */
const ignoredSchemaKeys = new Set(['schemas', 'meta']);
const schemaKeys = new Set(['id', 'name', 'description', 'attributes']);

/** RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
const attributeNamePattern = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** RFC 8141: `urn:<NID>:<NSS>`; no whitespace or quotes, which would break filters and paths. */
const urnPattern = /^urn:[a-z0-9][a-z0-9-]{0,31}:[^\s"]*[^\s":]$/i;
/** The schemas RFC 7643 and RFC 7644 define; a tenant cannot redefine them. */
const reservedUrnPrefixes = [
  'urn:ietf:params:scim:schemas:core:',
  'urn:ietf:params:scim:api:',
  'urn:ietf:params:scim:schemas:extension:enterprise:',
];

/** Keeps a tenant's schemas, and the events that carry them, small. */
export const maxAttributesPerSchema = 200;
const maxUrnLength = 256;

type Json = { readonly [key: string]: unknown };

/**
 * Checks an extension as an admin sent it (any JSON) and fills in the RFC 7643 §2.2 defaults.
 * Throws `invalid_value` naming the offending attribute and what would be accepted.
 */
export function validSchemaExtension(input: {
  readonly resourceType: unknown;
  readonly schema: unknown;
  readonly required?: unknown;
}): TenantSchemaExtension {
  const { resourceType, schema, required } = input;
  if (!resourceTypes.includes(resourceType as ExtensionResourceType)) {
    invalid(`resourceType ${show(resourceType)} is not valid; use "User" or "Group".`);
  }
  if (required !== undefined && typeof required !== 'boolean') {
    invalid(`required must be true or false, not ${show(required)}.`);
  }
  return {
    resourceType: resourceType as ExtensionResourceType,
    schema: validSchema(schema),
    required: required ?? false,
  };
}

function validSchema(raw: unknown): ExtensionSchema {
  if (!isObject(raw)) {
    invalid('schema must be an object with id, name, description and attributes.');
  }
  const unknown = Object.keys(raw).filter(
    (key) => !schemaKeys.has(key) && !ignoredSchemaKeys.has(key),
  );
  if (unknown.length > 0) {
    invalid(
      `schema has unknown member ${show(unknown[0])}; a schema has id, name, description and attributes.`,
    );
  }
  const id = validSchemaId(raw['id']);
  const name = raw['name'];
  if (typeof name !== 'string' || name.trim() === '') {
    invalid(`schema ${id} needs a name (a non-empty string).`);
  }
  const description = raw['description'];
  if (description !== undefined && typeof description !== 'string') {
    invalid(`The description of schema ${id} must be a string.`);
  }
  const attributes = raw['attributes'];
  if (!Array.isArray(attributes) || attributes.length === 0) {
    invalid(`schema ${id} needs "attributes": a non-empty array of attribute definitions.`);
  }
  const tooMany = `schema ${id} defines more than ${maxAttributesPerSchema} attributes (sub-attributes included); split it into several extensions.`;
  if (attributes.length > maxAttributesPerSchema) invalid(tooMany);
  const valid = validAttributes(attributes, 'attributes', false);
  if (countAttributes(valid) > maxAttributesPerSchema) invalid(tooMany);
  return { id, name, ...(description === undefined ? {} : { description }), attributes: valid };
}

function validSchemaId(id: unknown): string {
  if (typeof id !== 'string' || !urnPattern.test(id) || id.length > maxUrnLength) {
    invalid(
      `schema id ${show(id)} is not a URN; use one such as "urn:example:params:scim:schemas:extension:acme:2.0:User" (at most ${maxUrnLength} characters).`,
    );
  }
  const lower = id.toLowerCase();
  if (reservedUrnPrefixes.some((prefix) => lower.startsWith(prefix))) {
    invalid(
      `schema id ${id} belongs to a schema defined by RFC 7643 or RFC 7644, which every tenant already has; choose a URN of your own.`,
    );
  }
  return id;
}

function validAttributes(
  raw: readonly unknown[],
  where: string,
  insideComplex: boolean,
): ExtensionAttribute[] {
  const attributes = raw.map((item, index) =>
    validAttribute(item, `${where}[${index}]`, insideComplex),
  );
  const seen = new Set<string>();
  for (const { name } of attributes) {
    // RFC 7643 §2.1: attribute names are case-insensitive, so "Level" and "level" collide.
    if (seen.has(name.toLowerCase())) {
      invalid(`${where} defines "${name}" twice (names are compared ignoring case).`);
    }
    seen.add(name.toLowerCase());
  }
  return attributes;
}

function validAttribute(raw: unknown, where: string, insideComplex: boolean): ExtensionAttribute {
  if (!isObject(raw)) invalid(`${where} must be an attribute definition object.`);
  const name = raw['name'];
  const isRef = insideComplex && name === '$ref';
  if (typeof name !== 'string' || (!attributeNamePattern.test(name) && !isRef)) {
    invalid(
      `${where} has name ${show(name)}; an attribute name starts with a letter followed by letters, digits, "-" or "_" (RFC 7643 §2.1).`,
    );
  }
  const at = `${where} ("${name}")`;
  const unknown = Object.keys(raw).find((key) => !characteristics.includes(key));
  if (unknown !== undefined) {
    invalid(`${at} has unknown characteristic "${unknown}"; use ${characteristics.join(', ')}.`);
  }
  const type = oneOf(raw, 'type', attributeTypes, 'string', at);
  const subAttributes = validSubAttributes(raw['subAttributes'], type, at, insideComplex);
  const referenceTypes = stringList(raw, 'referenceTypes', at);
  if (referenceTypes !== undefined && type !== 'reference') {
    invalid(`${at} has referenceTypes, which only attributes of type "reference" take.`);
  }
  const description = raw['description'];
  if (description !== undefined && typeof description !== 'string') {
    invalid(`${at} has a description that is not a string.`);
  }
  const canonicalValues = stringList(raw, 'canonicalValues', at);
  // RFC 7643 §2.2 and §7: the characteristics an attribute has when its definition leaves them out.
  return {
    name,
    type,
    multiValued: flag(raw, 'multiValued', at),
    ...(description === undefined ? {} : { description }),
    required: flag(raw, 'required', at),
    caseExact: flag(raw, 'caseExact', at),
    mutability: oneOf(raw, 'mutability', mutabilities, 'readWrite', at),
    returned: oneOf(raw, 'returned', returnedValues, 'default', at),
    uniqueness: oneOf(raw, 'uniqueness', uniquenessValues, 'none', at),
    ...(canonicalValues === undefined ? {} : { canonicalValues }),
    ...(referenceTypes === undefined ? {} : { referenceTypes }),
    ...(subAttributes === undefined ? {} : { subAttributes }),
  };
}

function validSubAttributes(
  raw: unknown,
  type: ExtensionAttributeType,
  at: string,
  insideComplex: boolean,
): ExtensionAttribute[] | undefined {
  if (type !== 'complex') {
    if (raw !== undefined)
      invalid(`${at} has subAttributes, which only "complex" attributes take.`);
    return undefined;
  }
  // RFC 7643 §2.3.8: a complex attribute has no complex sub-attributes.
  if (insideComplex)
    invalid(`${at} is complex inside a complex attribute; RFC 7643 allows one level.`);
  if (!Array.isArray(raw) || raw.length === 0) {
    invalid(
      `${at} is "complex" and needs subAttributes: a non-empty array of attribute definitions.`,
    );
  }
  return validAttributes(raw, `${at}.subAttributes`, true);
}

function oneOf<T extends string>(
  raw: Json,
  key: string,
  allowed: readonly T[],
  fallback: T,
  at: string,
): T {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    invalid(`${at} has ${key} ${show(value)}; use one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

function flag(raw: Json, key: string, at: string): boolean {
  const value = raw[key];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') invalid(`${at} has ${key} ${show(value)}; use true or false.`);
  return value;
}

function stringList(raw: Json, key: string, at: string): string[] | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    invalid(`${at} has ${key} that is not an array of strings.`);
  }
  return [...value];
}

function countAttributes(attributes: readonly ExtensionAttribute[]): number {
  return attributes.reduce((sum, a) => sum + 1 + (a.subAttributes?.length ?? 0), 0);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function invalid(detail: string): never {
  throw new DomainError('invalid_value', detail);
}
