import type { AttributePath } from '../filter/filter.ast.js';
import {
  findAttribute,
  findSubAttribute,
  type AttributeDefinition,
  type SchemaDefinition,
} from './attribute-definition.js';
import { commonAttributes } from './common-attributes.schema.js';
import { enterpriseUserSchema } from './enterprise-user.schema.js';
import { groupSchemaWith, type MemberDisplayReturned } from './group.schema.js';
import { userSchema } from './user.schema.js';

export type ResourceTypeName = 'User' | 'Group';

/**
 * A path resolved to its canonical spelling. `schema` is set exactly when the attribute belongs to
 * an extension schema, so two spellings of one attribute resolve to equal paths.
 */
export interface ResolvedAttribute extends AttributePath {
  /** The addressed attribute: the sub-attribute's definition when `subAttribute` is set. */
  readonly definition: AttributeDefinition;
  /** The top-level attribute's definition. */
  readonly attributeDefinition: AttributeDefinition;
}

/** Path resolution bound to one resource type; what the filter parser and evaluator take. */
export interface AttributeResolver {
  readonly resourceType: ResourceTypeName;
  /** `userName`, `name.familyName`, `urn:...:enterprise:2.0:User:manager.value`, case-insensitive. */
  resolve(rawPath: string): ResolvedAttribute | undefined;
  /** A sub-attribute of a complex attribute, e.g. `type` inside `emails[type eq "work"]`. */
  resolveSubAttribute(parent: ResolvedAttribute, rawName: string): ResolvedAttribute | undefined;
  /** The core or extension schema with this URN, case-insensitive. */
  findSchema(urn: string): SchemaDefinition | undefined;
}

export interface SchemaExtension {
  readonly resourceType: ResourceTypeName;
  readonly schema: SchemaDefinition;
  /** RFC 7643 §6 `schemaExtensions[].required`. */
  readonly required?: boolean;
}

interface ResourceTypeSchemas {
  readonly core: SchemaDefinition;
  readonly extensions: SchemaExtension[];
}

/**
 * The schemas of each resource type: core User with the Enterprise User extension, core Group, and
 * any custom extensions given at construction.
 */
export class SchemaRegistry {
  private readonly types: Record<ResourceTypeName, ResourceTypeSchemas>;

  constructor(
    options: {
      readonly extensions?: readonly SchemaExtension[];
      readonly memberDisplay?: MemberDisplayReturned;
    } = {},
  ) {
    this.types = {
      User: {
        core: userSchema,
        extensions: [{ resourceType: 'User', schema: enterpriseUserSchema, required: false }],
      },
      Group: { core: groupSchemaWith(options.memberDisplay ?? 'default'), extensions: [] },
    };
    for (const extension of options.extensions ?? []) this.addExtension(extension);
  }

  private addExtension(extension: SchemaExtension): void {
    const type = this.types[extension.resourceType];
    const taken = [type.core, ...type.extensions.map((e) => e.schema)].some(
      (schema) => schema.id.toLowerCase() === extension.schema.id.toLowerCase(),
    );
    if (taken)
      throw new Error(
        `Schema ${extension.schema.id} is already registered for ${extension.resourceType}`,
      );
    type.extensions.push(extension);
  }

  /** The resource types served, in the order `/ResourceTypes` lists them. */
  resourceTypes(): readonly ResourceTypeName[] {
    return Object.keys(this.types) as ResourceTypeName[];
  }

  coreSchema(resourceType: ResourceTypeName): SchemaDefinition {
    return this.types[resourceType].core;
  }

  extensions(resourceType: ResourceTypeName): readonly SchemaExtension[] {
    return this.types[resourceType].extensions;
  }

  /** Every schema once, for `GET /Schemas`. */
  schemas(): readonly SchemaDefinition[] {
    const all = Object.values(this.types).flatMap((type) => [
      type.core,
      ...type.extensions.map((e) => e.schema),
    ]);
    return all.filter(
      (schema, index) => all.findIndex((other) => other.id === schema.id) === index,
    );
  }

  /** Top-level attributes of a resource type, common attributes first; `schema` set for extensions. */
  topLevelAttributes(
    resourceType: ResourceTypeName,
  ): readonly { readonly schema?: string; readonly definition: AttributeDefinition }[] {
    const type = this.types[resourceType];
    return [
      ...commonAttributes.map((definition) => ({ definition })),
      ...type.core.attributes.map((definition) => ({ definition })),
      ...type.extensions.flatMap((e) =>
        e.schema.attributes.map((definition) => ({ schema: e.schema.id, definition })),
      ),
    ];
  }

  findSchema(resourceType: ResourceTypeName, urn: string): SchemaDefinition | undefined {
    const type = this.types[resourceType];
    const lower = urn.toLowerCase();
    return [type.core, ...type.extensions.map((e) => e.schema)].find(
      (schema) => schema.id.toLowerCase() === lower,
    );
  }

  resolve(resourceType: ResourceTypeName, rawPath: string): ResolvedAttribute | undefined {
    const type = this.types[resourceType];
    let schema: SchemaDefinition | undefined;
    let rest = rawPath;
    if (rawPath.toLowerCase().startsWith('urn:')) {
      // The longest registered URN followed by ':' is the schema; what follows is `attr[.sub]`.
      schema = [type.core, ...type.extensions.map((e) => e.schema)]
        .filter((candidate) => rawPath.toLowerCase().startsWith(`${candidate.id.toLowerCase()}:`))
        .sort((a, b) => b.id.length - a.id.length)[0];
      if (schema === undefined) return undefined;
      rest = rawPath.slice(schema.id.length + 1);
    }
    const parts = rest.split('.');
    const [name, sub] = parts;
    if (parts.length > 2 || name === undefined || name === '' || sub === '') return undefined;

    const found = this.findTopLevel(type, schema, name);
    if (found === undefined) return undefined;
    const top: ResolvedAttribute = {
      ...(found.schema === undefined ? {} : { schema: found.schema }),
      attribute: found.definition.name,
      definition: found.definition,
      attributeDefinition: found.definition,
    };
    return sub === undefined ? top : resolveSub(top, sub);
  }

  resolveSubAttribute(parent: ResolvedAttribute, rawName: string): ResolvedAttribute | undefined {
    return parent.subAttribute === undefined ? resolveSub(parent, rawName) : undefined;
  }

  forResource(resourceType: ResourceTypeName): AttributeResolver {
    return {
      resourceType,
      resolve: (rawPath) => this.resolve(resourceType, rawPath),
      resolveSubAttribute: (parent, rawName) => this.resolveSubAttribute(parent, rawName),
      findSchema: (urn) => this.findSchema(resourceType, urn),
    };
  }

  private findTopLevel(
    type: ResourceTypeSchemas,
    schema: SchemaDefinition | undefined,
    name: string,
  ): { schema?: string; definition: AttributeDefinition } | undefined {
    const isCore = schema === undefined || schema === type.core;
    if (isCore) {
      const definition =
        findAttribute(commonAttributes, name) ?? findAttribute(type.core.attributes, name);
      if (definition) return { definition };
    }
    if (schema !== undefined) {
      const definition = isCore ? undefined : findAttribute(schema.attributes, name);
      return definition && { schema: schema.id, definition };
    }
    // Unqualified extension attribute (Entra's legacy `manager eq "<id>"`): only when unambiguous.
    const matches = type.extensions.flatMap((e) => {
      const definition = findAttribute(e.schema.attributes, name);
      return definition ? [{ schema: e.schema.id, definition }] : [];
    });
    return matches.length === 1 ? matches[0] : undefined;
  }
}

function resolveSub(top: ResolvedAttribute, rawName: string): ResolvedAttribute | undefined {
  const definition = findSubAttribute(top.attributeDefinition, rawName);
  return definition && { ...top, subAttribute: definition.name, definition };
}

/** Same attribute, ignoring the sub-attribute: e.g. the element scope of a value filter. */
export function sameAttribute(a: AttributePath, b: AttributePath): boolean {
  return a.attribute === b.attribute && (a.schema ?? '') === (b.schema ?? '');
}
