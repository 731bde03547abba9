import {
  type GroupState,
  isExistingUser,
  jsonEquals,
  type JsonValue,
  scimActiveOf,
  type UserState,
} from '#directory';

/**
 * One attribute that changed: `before` absent when it was added, `after` absent when it was
 * removed. Extensions are attributes under their schema URN. A password change shows as
 * `{ attribute: 'password', redacted: true }`: the history never carries password hashes.
 */
export interface AttributeChange {
  readonly attribute: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
  readonly redacted?: true;
}

type View = { readonly [attribute: string]: JsonValue };

/** A user as an auditor reads it: its SCIM attributes and the account's status. */
export function userView(state: UserState): View | undefined {
  if (!isExistingUser(state)) return undefined;
  const active = scimActiveOf(state);
  return {
    ...state.attributes,
    userName: state.userName,
    ...(active === undefined ? {} : { active }),
    ...(state.role === undefined ? {} : { role: state.role }),
  };
}

/** The attributes of a user that are not personal data: they stay readable after an erasure. */
const attributesWithoutPersonalData = new Set(['active', 'role']);

/** A user's view with its personal data left out, as it reads once they were erased. */
export function withoutPersonalData(view: View | undefined): View | undefined {
  if (view === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(view).filter(([attribute]) => attributesWithoutPersonalData.has(attribute)),
  );
}

/** A group as an auditor reads it, without its members (those are listed as added and removed). */
export function groupView(state: GroupState): View | undefined {
  if (state.status !== 'present') return undefined;
  return { ...state.attributes, displayName: state.displayName, managedBy: state.managedBy };
}

/** The attributes that differ between two views, by name. */
export function attributeChanges(
  before: View | undefined,
  after: View | undefined,
): AttributeChange[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: AttributeChange[] = [];
  for (const attribute of [...names].sort()) {
    const was = before?.[attribute];
    const is = after?.[attribute];
    if (was !== undefined && is !== undefined && jsonEquals(was, is)) continue;
    changes.push({
      attribute,
      ...(was === undefined ? {} : { before: was }),
      ...(is === undefined ? {} : { after: is }),
    });
  }
  return changes;
}

/**
 * Attribute changes of a user, plus a redacted entry when its password changed. Of an erased
 * user, only the changes of attributes that are not personal data (the status and the role).
 */
export function userChanges(
  before: UserState,
  after: UserState,
  options: { readonly erased?: boolean } = {},
): AttributeChange[] {
  if (options.erased)
    return attributeChanges(
      withoutPersonalData(userView(before)),
      withoutPersonalData(userView(after)),
    );
  const changes = attributeChanges(userView(before), userView(after));
  const hashOf = (state: UserState) => (isExistingUser(state) ? state.passwordHash : undefined);
  if (hashOf(before) !== hashOf(after) && hashOf(after) !== undefined)
    changes.push({ attribute: 'password', redacted: true });
  return changes.sort((a, b) => (a.attribute < b.attribute ? -1 : 1));
}
