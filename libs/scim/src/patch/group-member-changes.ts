import { ScimError } from '../errors/scim-error.js';
import type { Filter } from '../filter/filter.ast.js';
import { getMember, isJsonObject, type JsonValue } from '../json/json.js';

export type MemberType = 'User' | 'Group';

export interface Member {
  readonly value: string;
  readonly type?: MemberType;
  readonly display?: string;
  readonly $ref?: string;
}

/**
 * Net membership changes of one group PATCH, in order. An id is never in both `add` and `remove`:
 * a later operation on an id overrides an earlier one. With `replaceAll` the membership becomes
 * exactly that list.
 */
export interface MemberChanges {
  readonly add: readonly Member[];
  readonly remove: readonly string[];
  readonly replaceAll?: readonly Member[];
}

/** Collects membership operations without ever needing the group's current members. */
export class MemberChangeCollector {
  private readonly added = new Map<string, Member>();
  private readonly removed = new Set<string>();
  private replacement: Map<string, Member> | undefined;

  add(members: readonly Member[]): void {
    for (const member of members) {
      if (this.replacement) this.replacement.set(member.value, member);
      else {
        this.removed.delete(member.value);
        this.added.set(member.value, member);
      }
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.replacement) this.replacement.delete(id);
      else {
        this.added.delete(id);
        this.removed.add(id);
      }
    }
  }

  replaceAll(members: readonly Member[]): void {
    this.added.clear();
    this.removed.clear();
    this.replacement = new Map(members.map((member) => [member.value, member]));
  }

  changes(): MemberChanges {
    if (this.replacement)
      return { add: [], remove: [], replaceAll: [...this.replacement.values()] };
    return { add: [...this.added.values()], remove: [...this.removed] };
  }
}

/** `[{"value":"<id>","display":"..","$ref":null}]` (or one such object) as members. */
export function toMembers(value: JsonValue | undefined, label: string): Member[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, index) => toMember(item, `${label}[${index}]`));
}

function toMember(item: JsonValue, label: string): Member {
  if (!isJsonObject(item))
    throw ScimError.invalidValue(`${label} must be an object like {"value":"<id>"}`);
  for (const key of Object.keys(item)) {
    if (!['value', 'type', 'display', '$ref'].includes(key.toLowerCase())) {
      throw ScimError.invalidValue(`${label} has an unknown sub-attribute "${key}" of members`);
    }
  }
  const value = getMember(item, 'value');
  if (typeof value !== 'string' || value.trim() === '')
    throw ScimError.invalidValue(`${label}.value must be the id of a user or group`);
  const type = getMember(item, 'type');
  const display = getMember(item, 'display');
  const ref = getMember(item, '$ref');
  const memberType = type === undefined || type === null ? undefined : toMemberType(type, label);
  if (display !== undefined && display !== null && typeof display !== 'string')
    throw ScimError.invalidValue(`${label}.display must be a string`);
  if (ref !== undefined && ref !== null && typeof ref !== 'string')
    throw ScimError.invalidValue(`${label}.$ref must be a URI or null`);
  return {
    value,
    ...(memberType === undefined ? {} : { type: memberType }),
    ...(typeof display === 'string' ? { display } : {}),
    ...(typeof ref === 'string' ? { $ref: ref } : {}),
  };
}

function toMemberType(type: JsonValue, label: string): MemberType {
  if (typeof type === 'string') {
    const lower = type.toLowerCase();
    if (lower === 'user') return 'User';
    if (lower === 'group') return 'Group';
  }
  throw ScimError.invalidValue(
    `${label}.type must be "User" or "Group", not ${JSON.stringify(type)}`,
  );
}

/**
 * The ids a member filter selects. Only `value eq "<id>"` (joined by `or`) can be answered without
 * the member list, which is what Okta and Entra send.
 */
export function memberIdsOf(filter: Filter): string[] | undefined {
  switch (filter.kind) {
    case 'compare':
      return filter.op === 'eq' &&
        filter.path.subAttribute === 'value' &&
        typeof filter.value === 'string'
        ? [filter.value]
        : undefined;
    case 'or': {
      const left = memberIdsOf(filter.left);
      const right = memberIdsOf(filter.right);
      return left && right ? [...left, ...right] : undefined;
    }
    case 'and':
    case 'not':
    case 'present':
    case 'valuePath':
      return undefined;
    default: {
      const unhandled: never = filter;
      throw new Error(`Unhandled filter ${JSON.stringify(unhandled)}`);
    }
  }
}
