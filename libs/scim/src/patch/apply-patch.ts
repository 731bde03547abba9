import { ScimError } from '../errors/scim-error.js';
import { deleteMember, type JsonObject, type JsonValue } from '../json/json.js';
import type { ResourceTypeName, SchemaRegistry } from '../schema/schema-registry.js';
import {
  MemberChangeCollector,
  memberIdsOf,
  toMembers,
  type MemberChanges,
} from './group-member-changes.js';
import { runPatch, type PatchInterceptor } from './patch-engine.js';
import type { PatchPath } from './patch-path.parse.js';
import { parsePatchRequest, type PatchOpName } from './patch-request.parse.js';
import { isClearing } from './patch-value.coerce.js';

export interface PatchContext {
  readonly registry: SchemaRegistry;
}

export interface GroupPatchResult {
  /** The group without `members`. */
  readonly resource: JsonObject;
  readonly memberChanges: MemberChanges;
}

/**
 * Applies a PatchOp message (RFC 7644 §3.5.2) to a plain resource and returns the new resource;
 * the input is not modified. Every attribute, `members` included, is patched in the document.
 */
export function applyPatch(
  resource: JsonObject,
  body: unknown,
  context: PatchContext & { readonly resourceType: ResourceTypeName },
): JsonObject {
  return runPatch(
    resource,
    parsePatchRequest(body),
    context.registry.forResource(context.resourceType),
  );
}

/** Applies a PatchOp message to a User. */
export function applyUserPatch(
  resource: JsonObject,
  body: unknown,
  context: PatchContext,
): JsonObject {
  return applyPatch(resource, body, { ...context, resourceType: 'User' });
}

/**
 * Applies a PatchOp message to a Group given without its members: membership operations become
 * `memberChanges` (adds, removals by id, or a full replacement), so a group of 100,000 members
 * never has to be loaded to add one.
 */
export function applyGroupPatch(
  group: JsonObject,
  body: unknown,
  context: PatchContext,
): GroupPatchResult {
  const operations = parsePatchRequest(body);
  const withoutMembers = { ...group };
  deleteMember(withoutMembers, 'members');
  const collector = new MemberChangeCollector();
  const resource = runPatch(
    withoutMembers,
    operations,
    context.registry.forResource('Group'),
    membersInterceptor(collector),
  );
  return { resource, memberChanges: collector.changes() };
}

function membersInterceptor(collector: MemberChangeCollector): PatchInterceptor {
  return (
    op: PatchOpName,
    path: PatchPath,
    value: JsonValue | undefined,
    label: string,
  ): boolean => {
    switch (path.kind) {
      case 'schema':
        return false;
      case 'attribute': {
        if (path.target.schema !== undefined || path.target.attribute !== 'members') return false;
        if (path.target.subAttribute !== undefined) {
          throw ScimError.invalidPath(
            `${label}: members.${path.target.subAttribute} cannot be patched; add or remove members instead`,
          );
        }
        applyMembers(collector, op, value, label);
        return true;
      }
      case 'valueFilter': {
        if (path.attribute.schema !== undefined || path.attribute.attribute !== 'members')
          return false;
        if (op !== 'remove' || path.subAttribute !== undefined) {
          throw ScimError.invalidPath(
            `${label}: a member is added with path "members" and a value, not through a filter`,
          );
        }
        const ids = memberIdsOf(path.filter);
        if (ids === undefined)
          throw ScimError.invalidFilter(
            `${label}: members can be selected only by value eq "<id>"`,
          );
        collector.remove(ids);
        return true;
      }
      default: {
        const unhandled: never = path;
        throw new Error(`Unhandled path ${JSON.stringify(unhandled)}`);
      }
    }
  };
}

function applyMembers(
  collector: MemberChangeCollector,
  op: PatchOpName,
  value: JsonValue | undefined,
  label: string,
): void {
  switch (op) {
    case 'add':
      collector.add(toMembers(value, label));
      return;
    case 'replace':
      collector.replaceAll(toMembers(value, label));
      return;
    case 'remove':
      // Entra's default removal names the members in the value; without one, all members go.
      if (isClearing(value)) collector.replaceAll([]);
      else collector.remove(toMembers(value, label).map((member) => member.value));
      return;
    default: {
      const unhandled: never = op;
      throw new Error(`Unhandled op ${String(unhandled)}`);
    }
  }
}
