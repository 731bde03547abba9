import type { AttributePath } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';

export type FilterResource = 'User' | 'Group';

/**
 * How a text column compares: `none` as stored (caseExact), `stored` against a column that already
 * holds the lower-cased value (indexed), `sql` lower-cased by `scim_lower` at query time.
 */
export type CaseFold = 'none' | 'stored' | 'sql';

export type ColumnTarget =
  | {
      readonly kind: 'text';
      readonly expr: string;
      readonly fold: CaseFold;
      readonly required: boolean;
    }
  | { readonly kind: 'boolean'; readonly expr: string }
  | { readonly kind: 'datetime'; readonly expr: string };

/** Where an attribute path lives in the read model tables. */
export type PathTarget =
  | { readonly kind: 'column'; readonly column: ColumnTarget }
  /** An attribute inside the `attributes` JSON; `jsonPath` addresses the top-level attribute. */
  | {
      readonly kind: 'json';
      readonly jsonPath: string;
      readonly attribute: string;
      readonly subAttribute?: string;
    }
  /** Group `members` or User `groups`: rows of `group_members`. */
  | { readonly kind: 'membership'; readonly attribute: string; readonly subAttribute?: string };

const coreSchemaPrefix = 'urn:ietf:params:scim:schemas:core:2.0:';
const safeName = /^[A-Za-z0-9_$:.-]+$/;

const metaColumns: Readonly<Record<string, ColumnTarget>> = {
  created: { kind: 'datetime', expr: 'r.created' },
  lastModified: { kind: 'datetime', expr: 'r.last_modified' },
};

// RFC 7643 §3.1 and §4: id and externalId are caseExact; userName and displayName are not.
const columns: Readonly<Record<FilterResource, Readonly<Record<string, ColumnTarget>>>> = {
  User: {
    id: { kind: 'text', expr: 'r.id', fold: 'none', required: true },
    userName: { kind: 'text', expr: 'r.user_name_lc', fold: 'stored', required: true },
    externalId: { kind: 'text', expr: 'r.external_id', fold: 'none', required: false },
    active: { kind: 'boolean', expr: 'r.active' },
  },
  Group: {
    id: { kind: 'text', expr: 'r.id', fold: 'none', required: true },
    displayName: { kind: 'text', expr: 'r.display_name_lc', fold: 'stored', required: true },
    externalId: { kind: 'text', expr: 'r.external_id', fold: 'none', required: false },
  },
};

const membershipAttribute: Readonly<Record<FilterResource, string>> = {
  User: 'groups',
  Group: 'members',
};

/** Resolves a filter or sortBy path of a User or Group to its storage. */
export function resolvePath(path: AttributePath, resource: FilterResource): PathTarget {
  const schema =
    path.schema !== undefined && path.schema.startsWith(coreSchemaPrefix) ? undefined : path.schema;
  const { attribute, subAttribute } = path;
  for (const name of [schema, attribute, subAttribute]) {
    if (name !== undefined && !safeName.test(name))
      throw new InvalidFilterError(`"${name}" is not an attribute name`);
  }
  if (schema === undefined) {
    if (attribute === 'meta') {
      const column = subAttribute === undefined ? undefined : metaColumns[subAttribute];
      if (column === undefined) {
        throw new InvalidFilterError(
          `Filtering and sorting support meta.created and meta.lastModified only, not "${pathText(path)}"`,
        );
      }
      return { kind: 'column', column };
    }
    const column = columns[resource][attribute];
    if (column !== undefined) {
      if (subAttribute !== undefined)
        throw new InvalidFilterError(`"${attribute}" has no sub-attribute "${subAttribute}"`);
      return { kind: 'column', column };
    }
    if (attribute === membershipAttribute[resource])
      return { kind: 'membership', attribute, subAttribute };
  }
  const jsonPath = schema === undefined ? `$."${attribute}"` : `$."${schema}"."${attribute}"`;
  return { kind: 'json', jsonPath, attribute, subAttribute };
}

export function pathText(path: AttributePath): string {
  const name =
    path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  return path.schema === undefined ? name : `${path.schema}:${name}`;
}

export function assertSafeName(name: string): void {
  if (!safeName.test(name)) throw new InvalidFilterError(`"${name}" is not an attribute name`);
}
