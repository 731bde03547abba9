import { ScimError } from '../errors/scim-error.js';
import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition.js';
import type { SchemaRegistry } from '../schema/schema-registry.js';
import { type DiscoveryMeta, SCHEMA_SCHEMA } from './discovery-resource.js';

/** One attribute as RFC 7643 §7 represents it; optional members are left out, never null. */
export interface AttributeResource {
  readonly name: string;
  readonly type: AttributeDefinition['type'];
  readonly multiValued: boolean;
  readonly description?: string;
  readonly required: boolean;
  readonly canonicalValues?: readonly string[];
  readonly caseExact: boolean;
  readonly mutability: AttributeDefinition['mutability'];
  readonly returned: AttributeDefinition['returned'];
  readonly uniqueness: AttributeDefinition['uniqueness'];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeResource[];
}

/** The JSON of one schema (RFC 7643 §7). */
export interface SchemaResource {
  readonly schemas: readonly [typeof SCHEMA_SCHEMA];
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeResource[];
  readonly meta: DiscoveryMeta;
}

/** Every schema of the registry (core, Enterprise User and custom extensions), for `GET /Schemas`. */
export function schemaResources(
  registry: SchemaRegistry,
  baseUrl: string,
): readonly SchemaResource[] {
  return registry.schemas().map((schema) => schemaResourceOf(schema, baseUrl));
}

/** `GET /Schemas/{urn}`; URNs are matched case-insensitively. Unknown URNs are a 404. */
export function schemaResource(
  registry: SchemaRegistry,
  baseUrl: string,
  id: string,
): SchemaResource {
  const schema = registry.schemas().find((s) => s.id.toLowerCase() === id.toLowerCase());
  if (schema === undefined) {
    throw ScimError.notFound(
      `No schema "${id}" on this tenant; GET /Schemas lists the URNs it has`,
    );
  }
  return schemaResourceOf(schema, baseUrl);
}

function schemaResourceOf(schema: SchemaDefinition, baseUrl: string): SchemaResource {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeResource),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

/** Every characteristic spelled out, in the order RFC 7643 §8.7.1 writes them. */
export function attributeResource(definition: AttributeDefinition): AttributeResource {
  return {
    name: definition.name,
    type: definition.type,
    multiValued: definition.multiValued,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    required: definition.required,
    ...(definition.canonicalValues === undefined
      ? {}
      : { canonicalValues: definition.canonicalValues }),
    caseExact: definition.caseExact,
    mutability: definition.mutability,
    returned: definition.returned,
    uniqueness: definition.uniqueness,
    ...(definition.referenceTypes === undefined
      ? {}
      : { referenceTypes: definition.referenceTypes }),
    ...(definition.subAttributes === undefined
      ? {}
      : { subAttributes: definition.subAttributes.map(attributeResource) }),
  };
}
