import type { AttributePath } from '../filter/filter.ast.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json.js';
import type { AttributeDefinition } from '../schema/attribute-definition.js';
import type { AttributeResolver } from '../schema/schema-registry.js';

export interface Projection {
  readonly attributes?: readonly AttributePath[];
  readonly excludedAttributes?: readonly AttributePath[];
}

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.9) to a resource. `schemas` and
 * `returned: always` attributes (`id`) are always kept, `returned: never` ones (`password`) never;
 * `returned: request` ones only when asked for. When `attributes` is non-empty it wins.
 */
export function projectAttributes(
  resource: JsonObject,
  projection: Projection,
  resolver: AttributeResolver,
): JsonObject {
  const include = projection.attributes ?? [];
  const exclude = projection.excludedAttributes ?? [];
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key.toLowerCase() === 'schemas') {
      result[key] = value;
      continue;
    }
    const schema = resolver.findSchema(key);
    if (schema !== undefined && isJsonObject(value)) {
      const extension: JsonObject = {};
      for (const [name, inner] of Object.entries(value)) {
        const projected = projectOne(
          resolver.resolve(`${schema.id}:${name}`)?.attributeDefinition,
          schema.id,
          inner,
          include,
          exclude,
        );
        if (projected !== undefined) extension[name] = projected;
      }
      if (Object.keys(extension).length > 0) result[key] = extension;
      continue;
    }
    const projected = projectOne(
      resolver.resolve(key)?.attributeDefinition,
      undefined,
      value,
      include,
      exclude,
    );
    if (projected !== undefined) result[key] = projected;
  }
  return result;
}

function projectOne(
  definition: AttributeDefinition | undefined,
  schema: string | undefined,
  value: JsonValue,
  include: readonly AttributePath[],
  exclude: readonly AttributePath[],
): JsonValue | undefined {
  // Attributes the registry does not know are kept only by default; asking for a list drops them.
  if (definition === undefined) return include.length === 0 ? value : undefined;
  if (definition.returned === 'never') return undefined;
  if (definition.returned === 'always') return value;
  const paths = (list: readonly AttributePath[]) =>
    list.filter(
      (path) => path.attribute === definition.name && (path.schema ?? undefined) === schema,
    );
  if (include.length > 0) {
    const asked = paths(include);
    if (asked.length === 0) return undefined;
    if (asked.some((path) => path.subAttribute === undefined)) return value;
    return pick(value, (sub) => asked.some((path) => path.subAttribute === sub));
  }
  if (definition.returned === 'request') return undefined;
  const dropped = paths(exclude);
  if (dropped.some((path) => path.subAttribute === undefined)) return undefined;
  if (dropped.length === 0) return value;
  return pick(value, (sub) => !dropped.some((path) => path.subAttribute === sub));
}

/** Keeps the chosen sub-attributes of a complex value or of each element of a multi-valued one. */
function pick(value: JsonValue, keep: (subAttribute: string) => boolean): JsonValue | undefined {
  const one = (element: JsonValue): JsonValue =>
    isJsonObject(element)
      ? Object.fromEntries(Object.entries(element).filter(([key]) => keep(key)))
      : element;
  if (Array.isArray(value)) return value.map(one);
  const picked = one(value);
  return isJsonObject(picked) && Object.keys(picked).length === 0 ? undefined : picked;
}
