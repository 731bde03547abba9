import { ScimError } from '../errors/scim-error.js';
import {
  cloneJson,
  isJsonObject,
  jsonEquals,
  type JsonObject,
  type JsonValue,
} from '../json/json.js';
import type { AttributeResolver, ResolvedAttribute } from '../schema/schema-registry.js';
import { removeAttribute, setAttribute } from './attribute.ops.js';
import { parsePatchPath, type PatchPath } from './patch-path.parse.js';
import type { PatchOpName, PatchOperation } from './patch-request.parse.js';
import { isClearing } from './patch-value.coerce.js';
import { readAt, removeExtension } from './resource-slots.js';
import { removeFiltered, setFiltered } from './value-filter.ops.js';

/** Takes over operations on some paths (a group's members); answers true when it handled one. */
export type PatchInterceptor = (
  op: PatchOpName,
  path: PatchPath,
  value: JsonValue | undefined,
  label: string,
) => boolean;

/**
 * Applies operations in order to a deep copy of `resource` and returns the copy. The first bad
 * operation throws, so the caller's resource is untouched: RFC 7644 §3.5.2 makes PATCH atomic.
 */
export function runPatch(
  resource: JsonObject,
  operations: readonly PatchOperation[],
  resolver: AttributeResolver,
  intercept: PatchInterceptor = () => false,
): JsonObject {
  const working = cloneJson(resource);
  const engine = { resource: working, resolver, intercept };
  for (const operation of operations) applyOperation(engine, operation);
  return working;
}

interface Engine {
  readonly resource: JsonObject;
  readonly resolver: AttributeResolver;
  readonly intercept: PatchInterceptor;
}

function applyOperation(engine: Engine, operation: PatchOperation): void {
  const label = `Operations[${operation.index}]`;
  if (operation.path !== undefined) {
    applyAt(
      engine,
      operation.op,
      parsePatchPath(operation.path, engine.resolver),
      operation.value,
      // The path names the attribute, so the admin sees which one a bad value was for.
      `${label} (path "${operation.path}")`,
    );
    return;
  }
  // RFC 7644 §3.5.2.2: remove without a path is noTarget.
  if (operation.op === 'remove') throw ScimError.noTarget(`${label}: remove needs a "path"`);
  if (!isJsonObject(operation.value))
    throw ScimError.invalidValue(
      `${label}: without a "path" the value must be an object of attributes`,
    );
  // Keys are paths themselves: Entra sends "name.givenName" and URN-qualified names here.
  for (const [key, value] of Object.entries(operation.value)) {
    if (key.toLowerCase() === 'schemas') continue;
    applyAt(
      engine,
      operation.op,
      parsePatchPath(key, engine.resolver),
      value,
      `${label}.value.${key}`,
    );
  }
}

function applyAt(
  engine: Engine,
  op: PatchOpName,
  path: PatchPath,
  value: JsonValue | undefined,
  label: string,
): void {
  if (engine.intercept(op, path, value, label)) return;
  switch (path.kind) {
    case 'schema':
      applyToSchema(engine, op, path.schema.id, value, label);
      return;
    case 'attribute':
      if (!allowed(engine.resource, path.target, op, value, label)) return;
      if (op === 'remove') removeAttribute(engine.resource, path.target, value, label);
      else setAttribute(engine.resource, path.target, value ?? null, label, op);
      return;
    case 'valueFilter':
      for (const target of [path.attribute, path.subAttribute]) {
        if (target && target.definition.mutability === 'readOnly') throw readOnly(target, label);
      }
      if (op === 'remove') removeFiltered(engine.resource, path, engine.resolver);
      else setFiltered(engine.resource, path, value ?? null, label, op, engine.resolver);
      return;
    default: {
      const unhandled: never = path;
      throw new Error(`Unhandled path ${JSON.stringify(unhandled)}`);
    }
  }
}

/** A path naming a whole schema: its value is an object of that schema's attributes. */
function applyToSchema(
  engine: Engine,
  op: PatchOpName,
  schema: string,
  value: JsonValue | undefined,
  label: string,
): void {
  const isCore = engine.resolver.resolve(`${schema}:id`) !== undefined;
  // Like any attribute, an extension set to null is cleared (Entra clears with nulls).
  if (op === 'remove' || (!isCore && isClearing(value))) {
    if (isCore)
      throw ScimError.invalidPath(`${label}: the core schema ${schema} cannot be removed`);
    removeExtension(engine.resource, engine.resolver.findSchema(schema)?.id ?? schema);
    return;
  }
  if (!isJsonObject(value))
    throw ScimError.invalidValue(
      `${label}: the value for ${schema} must be an object of its attributes`,
    );
  for (const [key, sub] of Object.entries(value)) {
    // scim2-tester sends the extension object with its own `schemas` key.
    if (key.toLowerCase() === 'schemas') continue;
    const target = engine.resolver.resolve(`${schema}:${key}`);
    if (target === undefined)
      throw ScimError.invalidPath(`${label}: ${schema} has no attribute "${key}"`);
    applyAt(engine, op, { kind: 'attribute', target }, sub, `${label}.${key}`);
  }
}

/**
 * RFC 7644 §3.5.2: readOnly attributes cannot be changed and immutable ones only set when unset.
 * Sending the current value is accepted as a no-op: Okta's group rename repeats the group's `id`.
 */
function allowed(
  resource: JsonObject,
  target: ResolvedAttribute,
  op: PatchOpName,
  value: JsonValue | undefined,
  label: string,
): boolean {
  const current = readAt(resource, target);
  const unchanged =
    op !== 'remove' && value !== undefined && current !== undefined && jsonEquals(current, value);
  if (
    target.attributeDefinition.mutability === 'readOnly' ||
    target.definition.mutability === 'readOnly'
  ) {
    if (unchanged) return false;
    throw readOnly(target, label);
  }
  const immutable =
    target.attributeDefinition.mutability === 'immutable' ||
    (!target.attributeDefinition.multiValued && target.definition.mutability === 'immutable');
  if (immutable && current !== undefined && !unchanged) {
    throw ScimError.mutability(`${label}: ${pathName(target)} is immutable and already set`);
  }
  return true;
}

function readOnly(target: ResolvedAttribute, label: string): ScimError {
  return ScimError.mutability(`${label}: ${pathName(target)} is readOnly`);
}

function pathName(target: ResolvedAttribute): string {
  return target.subAttribute === undefined
    ? target.attribute
    : `${target.attribute}.${target.subAttribute}`;
}
