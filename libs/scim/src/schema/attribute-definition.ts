/** RFC 7643 §2.3 data types. */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
/** RFC 7643 §7 "mutability". */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
/** RFC 7643 §7 "returned". */
export type Returned = 'always' | 'never' | 'default' | 'request';
/** RFC 7643 §7 "uniqueness". */
export type Uniqueness = 'none' | 'server' | 'global';

/** An attribute with its RFC 7643 §2.2 characteristics, as `/Schemas` publishes it. */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description?: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** A schema resource (RFC 7643 §7). */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

type Characteristics = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

/** An attribute with the RFC 7643 §2.2 defaults for every characteristic not given. */
export function attribute(
  name: string,
  type: AttributeType = 'string',
  characteristics: Characteristics = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...characteristics,
  };
}

export function complex(
  name: string,
  subAttributes: readonly AttributeDefinition[],
  characteristics: Characteristics = {},
): AttributeDefinition {
  return attribute(name, 'complex', { ...characteristics, subAttributes });
}

/**
 * The usual shape of a multi-valued attribute such as `emails` (RFC 7643 §2.4): value, display,
 * type and primary. `types` are published as the canonical values of `type`, which tells clients
 * (and conformance suites that generate values) what to send; they are not enforced on input.
 */
export function multiValuedSet(
  name: string,
  options: {
    valueType?: AttributeType;
    types?: readonly string[];
    referenceTypes?: readonly string[];
    description?: string;
  } = {},
): AttributeDefinition {
  return complex(
    name,
    [
      attribute('value', options.valueType ?? 'string', {
        description: 'The value itself',
        ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
      }),
      attribute('display', 'string', { description: 'A human-readable name for the value' }),
      attribute('type', 'string', {
        description: 'A label for the function of the value',
        ...(options.types ? { canonicalValues: options.types } : {}),
      }),
      attribute('primary', 'boolean', {
        description: 'Whether this is the preferred value; true at most once',
      }),
    ],
    { multiValued: true, ...(options.description ? { description: options.description } : {}) },
  );
}

export function findAttribute(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return attributes.find((definition) => definition.name.toLowerCase() === lower);
}

export function findSubAttribute(
  parent: AttributeDefinition,
  name: string,
): AttributeDefinition | undefined {
  return parent.subAttributes ? findAttribute(parent.subAttributes, name) : undefined;
}
