import {
  getMember,
  isJsonObject,
  jsonEquals,
  type JsonObject,
  type JsonValue,
} from '../json/json.js';
import { findAttribute, type AttributeDefinition } from '../schema/attribute-definition.js';
import { commonAttributes } from '../schema/common-attributes.schema.js';
import type { ResourceTypeName, SchemaRegistry } from '../schema/schema-registry.js';
import {
  checkRequiredSubAttributes,
  isUnset,
  normaliseAttribute,
} from './attribute-value.normalise.js';
import { ResourceProblems, type ResourceInput } from './resource-problems.js';
import { shown } from './simple-value.check.js';

export interface ResourceRules {
  /** The tenant's schemas: core plus its extensions. */
  readonly registry: SchemaRegistry;
  readonly resourceType: ResourceTypeName;
  readonly input: ResourceInput;
  /** The stored resource, for a PUT or a PATCH result: immutable attributes keep their value. */
  readonly current?: JsonObject;
}

/**
 * Checks a User or Group against the tenant's schemas and returns it normalised: attribute names
 * in their canonical spelling, values in their types, unset values (`null`, `[]`, `""`) and
 * readOnly attributes (`id`, `meta`, `groups`) left out, extension attributes under their URN, and
 * `schemas` listing the core schema and every extension that holds data. writeOnly attributes
 * (`password`) are kept for the caller to deal with. Throws a `ScimError` whose detail names the
 * attribute and what it expects.
 */
export function normaliseResource(body: unknown, rules: ResourceRules): JsonObject {
  const problems = new ResourceProblems(rules.input);
  const core = rules.registry.coreSchema(rules.resourceType);
  if (!isJsonObject(body))
    throw problems.syntax(`The body must be a JSON object holding a SCIM ${rules.resourceType}`);
  if (rules.input !== 'patchResult') checkSchemas(body, core.id, problems);

  const builder = new ResourceBuilder(rules, problems);
  for (const [key, value] of Object.entries(body)) builder.place(key, value);
  if (rules.current !== undefined) builder.keepImmutables(rules.current);
  builder.checkRequired();
  return builder.build();
}

/** RFC 7643 §3: `schemas` is required and names the core schema. Other URNs in it are ignored. */
function checkSchemas(body: JsonObject, coreId: string, problems: ResourceProblems): void {
  const schemas = getMember(body, 'schemas');
  const hint = `"schemas" must be an array of schema URNs that includes "${coreId}"`;
  if (!Array.isArray(schemas) || !schemas.every((urn) => typeof urn === 'string'))
    throw problems.syntax(hint);
  if (!schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === coreId.toLowerCase()))
    throw problems.syntax(hint);
}

interface Slot {
  readonly schema: string | undefined;
  readonly definition: AttributeDefinition;
}

class ResourceBuilder {
  private readonly core: JsonObject = {};
  private readonly extensions = new Map<string, JsonObject>();
  /** Every attribute given, by its canonical path, with the key it came under. */
  private readonly given = new Map<string, string>();

  constructor(
    private readonly rules: ResourceRules,
    private readonly problems: ResourceProblems,
  ) {}

  private get coreId(): string {
    return this.rules.registry.coreSchema(this.rules.resourceType).id;
  }

  /** Places one top-level key of the body. */
  place(key: string, value: JsonValue): void {
    if (key.toLowerCase() === 'schemas') return;
    const { registry, resourceType } = this.rules;
    const schema = registry.findSchema(resourceType, key);
    if (schema !== undefined) {
      this.placeSchemaObject(schema.id, value, key);
      return;
    }
    if (key.toLowerCase().startsWith('urn:')) {
      // A URN-qualified attribute, e.g. `urn:...:enterprise:2.0:User:employeeNumber`.
      const resolved = registry.resolve(resourceType, key);
      if (resolved !== undefined && resolved.subAttribute === undefined) {
        this.set({ schema: resolved.schema, definition: resolved.attributeDefinition }, value, key);
        return;
      }
      if (isUnset(value)) return;
      throw this.problems.unknown(
        `"${key}" is not an attribute or extension schema of ${resourceType}s in this tenant. ` +
          `Register the extension schema for the tenant, or stop sending it`,
      );
    }
    const definition = this.coreDefinition(key);
    if (definition === undefined) {
      if (isUnset(value)) return;
      throw this.problems.unknown(this.unknownAttribute(key));
    }
    this.set({ schema: undefined, definition }, value, key);
  }

  /**
   * The object under a schema URN. Entra sends custom extensions without listing them in
   * `schemas`; scim2-tester puts a `schemas` key inside the extension object. Both are fine.
   */
  private placeSchemaObject(schemaId: string, value: JsonValue, key: string): void {
    if (isUnset(value)) return;
    if (!isJsonObject(value))
      throw this.problems.value(`"${key}" must be an object holding attributes of ${schemaId}`);
    const isCore = schemaId === this.coreId;
    const attributes = this.rules.registry.findSchema(
      this.rules.resourceType,
      schemaId,
    )!.attributes;
    for (const [name, inner] of Object.entries(value)) {
      if (name.toLowerCase() === 'schemas') continue;
      const definition = isCore ? this.coreDefinition(name) : findAttribute(attributes, name);
      if (definition === undefined) {
        if (isUnset(inner)) continue;
        throw this.problems.unknown(
          `"${name}" is not an attribute of ${schemaId}. Leave it out, or register an extension schema that defines it for this tenant`,
        );
      }
      this.set({ schema: isCore ? undefined : schemaId, definition }, inner, `${key}.${name}`);
    }
  }

  private coreDefinition(name: string): AttributeDefinition | undefined {
    const core = this.rules.registry.coreSchema(this.rules.resourceType);
    return findAttribute(commonAttributes, name) ?? findAttribute(core.attributes, name);
  }

  private unknownAttribute(key: string): string {
    const resourceType = this.rules.resourceType;
    const extension = this.rules.registry
      .extensions(resourceType)
      .find((candidate) => findAttribute(candidate.schema.attributes, key) !== undefined);
    if (extension !== undefined) {
      const urn = extension.schema.id;
      return `"${key}" belongs to the extension ${urn}; send it inside "${urn}": {"${key}": ...}`;
    }
    return (
      `"${key}" is not an attribute of ${resourceType}s in this tenant's schemas. ` +
      `Leave it out, or register the extension schema that defines it for the tenant and send it under that schema's URN`
    );
  }

  private set(slot: Slot, value: JsonValue, key: string): void {
    const name = slot.definition.name;
    const path = slot.schema === undefined ? name : `${slot.schema}:${name}`;
    const earlier = this.given.get(path.toLowerCase());
    if (earlier !== undefined)
      throw this.problems.syntax(
        `${name} is given twice ("${earlier}" and "${key}"); attribute names are case-insensitive`,
      );
    this.given.set(path.toLowerCase(), key);
    // RFC 7644 §3.5.1: readOnly values in a request are ignored (Okta echoes id, meta, groups).
    if (slot.definition.mutability === 'readOnly') return;
    const normalised = normaliseAttribute(slot.definition, value, label(slot), this.problems);
    if (normalised !== undefined) this.holder(slot.schema)[name] = normalised;
  }

  private holder(schema: string | undefined): JsonObject {
    if (schema === undefined) return this.core;
    let holder = this.extensions.get(schema);
    if (holder === undefined) {
      holder = {};
      this.extensions.set(schema, holder);
    }
    return holder;
  }

  private read(schema: string | undefined, name: string): JsonValue | undefined {
    const holder = schema === undefined ? this.core : this.extensions.get(schema);
    return holder?.[name];
  }

  /** Each top-level attribute of the resource type with the schema it lives under. */
  private slots(): Slot[] {
    return this.rules.registry
      .topLevelAttributes(this.rules.resourceType)
      .map(({ schema, definition }) => ({ schema, definition }));
  }

  /**
   * RFC 7644 §3.5.1: an immutable attribute that has a value must be sent unchanged. Left out,
   * it keeps its value: it can be set once and never cleared.
   */
  keepImmutables(current: JsonObject): void {
    for (const slot of this.slots()) {
      const stored = storedValue(current, slot);
      if (stored === undefined || isUnset(stored)) continue;
      const name = slot.definition.name;
      const sent = this.read(slot.schema, name);
      if (slot.definition.mutability === 'immutable') {
        if (sent === undefined) this.holder(slot.schema)[name] = stored;
        else if (!jsonEquals(sent, stored)) throw this.immutable(label(slot), stored, sent);
        continue;
      }
      if (slot.definition.type === 'complex' && !slot.definition.multiValued)
        this.keepImmutableSubAttributes(slot, stored, sent);
    }
  }

  private keepImmutableSubAttributes(
    slot: Slot,
    stored: JsonValue,
    sent: JsonValue | undefined,
  ): void {
    if (!isJsonObject(stored)) return;
    for (const sub of slot.definition.subAttributes ?? []) {
      const before = stored[sub.name];
      if (sub.mutability !== 'immutable' || before === undefined) continue;
      const now = isJsonObject(sent) ? sent[sub.name] : undefined;
      if (now === undefined) {
        const holder = this.holder(slot.schema);
        const parent = holder[slot.definition.name];
        holder[slot.definition.name] = {
          ...(isJsonObject(parent) ? parent : {}),
          [sub.name]: before,
        };
      } else if (!jsonEquals(now, before)) {
        throw this.immutable(`${label(slot)}.${sub.name}`, before, now);
      }
    }
  }

  private immutable(path: string, stored: JsonValue, sent: JsonValue) {
    return this.problems.mutability(
      `${path} is immutable: it is ${shown(stored)} and cannot become ${shown(sent)}; send the stored value or leave it out`,
    );
  }

  /** RFC 7643 §2.2 "required", and RFC 7643 §6 extensions marked required for the type. */
  checkRequired(): void {
    const { registry, resourceType } = this.rules;
    for (const extension of registry.extensions(resourceType)) {
      if (extension.required && !this.extensions.has(extension.schema.id))
        throw this.problems.value(
          `The extension ${extension.schema.id} is required for ${resourceType}s; send its attributes under "${extension.schema.id}"`,
        );
    }
    for (const slot of this.slots()) {
      const { definition, schema } = slot;
      if (definition.mutability === 'readOnly') continue;
      const value = this.read(schema, definition.name);
      if (value !== undefined)
        checkRequiredSubAttributes(definition, value, label(slot), this.problems);
      if (!definition.required) continue;
      if (schema !== undefined && !this.extensions.has(schema)) continue;
      if (value === undefined)
        throw this.problems.value(
          `${label(slot)} is required; send it as ${definition.multiValued ? 'a non-empty array' : 'a non-empty value'}`,
        );
    }
  }

  build(): JsonObject {
    const extensionIds = this.rules.registry
      .extensions(this.rules.resourceType)
      .map((extension) => extension.schema.id)
      .filter((id) => this.extensions.has(id));
    const resource: JsonObject = { schemas: [this.coreId, ...extensionIds], ...this.core };
    for (const id of extensionIds) resource[id] = this.extensions.get(id)!;
    return resource;
  }
}

function label(slot: Slot): string {
  return slot.schema === undefined
    ? slot.definition.name
    : `${slot.schema}:${slot.definition.name}`;
}

/** The stored value of a top-level attribute; stored resources are already normalised. */
function storedValue(resource: JsonObject, slot: Slot): JsonValue | undefined {
  if (slot.schema === undefined) return getMember(resource, slot.definition.name);
  const extension = getMember(resource, slot.schema);
  return isJsonObject(extension) ? getMember(extension, slot.definition.name) : undefined;
}
