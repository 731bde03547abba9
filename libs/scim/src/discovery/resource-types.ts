import { ScimError } from '../errors/scim-error.js';
import type { ResourceTypeName, SchemaRegistry } from '../schema/schema-registry.js';
import { type DiscoveryMeta, RESOURCE_TYPE_SCHEMA } from './discovery-resource.js';

/** The JSON of one resource type (RFC 7643 §6). */
export interface ResourceTypeResource {
  readonly schemas: readonly [typeof RESOURCE_TYPE_SCHEMA];
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly endpoint: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[];
  readonly meta: DiscoveryMeta;
}

const endpoints: Record<ResourceTypeName, { endpoint: string; description: string }> = {
  User: { endpoint: '/Users', description: 'User Account' },
  Group: { endpoint: '/Groups', description: 'Group' },
};

/** Every resource type with the extensions this registry holds for it, for `GET /ResourceTypes`. */
export function resourceTypes(
  registry: SchemaRegistry,
  baseUrl: string,
): readonly ResourceTypeResource[] {
  return registry.resourceTypes().map((name) => resourceTypeOf(registry, baseUrl, name));
}

/** `GET /ResourceTypes/{id}`; the id is matched case-insensitively. Unknown ids are a 404. */
export function resourceType(
  registry: SchemaRegistry,
  baseUrl: string,
  id: string,
): ResourceTypeResource {
  const name = registry.resourceTypes().find((type) => type.toLowerCase() === id.toLowerCase());
  if (name === undefined) {
    throw ScimError.notFound(
      `No resource type "${id}"; this service has ${registry.resourceTypes().join(' and ')}`,
    );
  }
  return resourceTypeOf(registry, baseUrl, name);
}

function resourceTypeOf(
  registry: SchemaRegistry,
  baseUrl: string,
  name: ResourceTypeName,
): ResourceTypeResource {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: name,
    name,
    description: endpoints[name].description,
    endpoint: endpoints[name].endpoint,
    schema: registry.coreSchema(name).id,
    schemaExtensions: registry.extensions(name).map((extension) => ({
      schema: extension.schema.id,
      required: extension.required ?? false,
    })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${name}` },
  };
}
