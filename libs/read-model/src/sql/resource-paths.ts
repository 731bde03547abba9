import type { AttributeDefinition, AttributePath, AttributeResolver } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import { activeColumn } from './resource-rows.js';
import type { SqlBuilder, SqlDialect } from './sql-dialect.js';

export type FilterResource = 'User' | 'Group';

/** What a filter or sortBy is compiled against: the table aliased `r`, the schemas, the bindings. */
export interface QueryContext {
  readonly tenant: string;
  readonly resource: FilterResource;
  readonly resolver: AttributeResolver;
  readonly b: SqlBuilder;
  readonly dialect: SqlDialect;
  /** `{origin}/scim/v2/{tenant}`; without it `meta.location` cannot be compared. */
  readonly baseUrl?: string;
}

/**
 * How a text column compares: `none` as stored (caseExact), `stored` against a column that already
 * holds the lower-cased value (indexed), `sql` lower-cased by the dialect at query time.
 */
export type CaseFold = 'none' | 'stored' | 'sql';

export type ColumnTarget =
  | {
      readonly kind: 'text';
      readonly expr: string;
      readonly fold: CaseFold;
      readonly required: boolean;
    }
  /** `absent`: the stored code for "no value" (the IdP removed the attribute). */
  | { readonly kind: 'boolean'; readonly expr: string; readonly absent?: number }
  | { readonly kind: 'datetime'; readonly expr: string };

/** Where an attribute path lives in the read model tables. */
export type PathTarget =
  | { readonly kind: 'column'; readonly column: ColumnTarget }
  /** An attribute inside the `attributes` JSON; `jsonKeys` address the top-level attribute. */
  | {
      readonly kind: 'json';
      readonly jsonKeys: readonly string[];
      readonly schema?: string;
      readonly attribute: string;
      readonly subAttribute?: string;
      /** The addressed attribute: the sub-attribute's definition when there is one. */
      readonly definition: AttributeDefinition;
      readonly attributeDefinition: AttributeDefinition;
    }
  /** Group `members` or User `groups`: rows of `group_members`. */
  | { readonly kind: 'membership'; readonly attribute: string; readonly subAttribute?: string };

const coreSchemaPrefix = 'urn:ietf:params:scim:schemas:core:2.0:';
const safeName = /^[A-Za-z0-9_$:.-]+$/;

// RFC 7643 §3.1: id and externalId are caseExact; userName and displayName are not.
const columns: Readonly<Record<FilterResource, Readonly<Record<string, ColumnTarget>>>> = {
  User: {
    id: { kind: 'text', expr: 'r.id', fold: 'none', required: true },
    userName: { kind: 'text', expr: 'r.user_name_lc', fold: 'stored', required: true },
    externalId: { kind: 'text', expr: 'r.external_id', fold: 'none', required: false },
    active: { kind: 'boolean', expr: 'r.active', absent: activeColumn.removed },
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
export function resolvePath(path: AttributePath, ctx: QueryContext): PathTarget {
  const schema =
    path.schema !== undefined && path.schema.startsWith(coreSchemaPrefix) ? undefined : path.schema;
  const { attribute, subAttribute } = path;
  for (const name of [schema, attribute, subAttribute]) {
    if (name !== undefined) assertSafeName(name);
  }
  if (schema === undefined) {
    if (attribute === 'meta') return { kind: 'column', column: metaColumn(path, ctx) };
    const column = columns[ctx.resource][attribute];
    if (column !== undefined) {
      if (subAttribute !== undefined)
        throw new InvalidFilterError(`"${attribute}" has no sub-attribute "${subAttribute}"`);
      return { kind: 'column', column };
    }
    if (attribute === membershipAttribute[ctx.resource])
      return { kind: 'membership', attribute, subAttribute };
  }
  const canonical = { ...(schema === undefined ? {} : { schema }), attribute, subAttribute };
  const resolved = ctx.resolver.resolve(pathText(canonical));
  if (resolved === undefined)
    throw new InvalidFilterError(`Unknown attribute "${pathText(canonical)}"`);
  const jsonKeys = schema === undefined ? [attribute] : [schema, attribute];
  return {
    kind: 'json',
    jsonKeys,
    ...canonical,
    definition: resolved.definition,
    attributeDefinition: resolved.attributeDefinition,
  };
}

/** RFC 7643 §3.1 `meta`: times are columns, the rest is derived from the row as GET shows it. */
function metaColumn(path: AttributePath, ctx: QueryContext): ColumnTarget {
  const text = (expr: string): ColumnTarget => ({
    kind: 'text',
    expr,
    fold: 'none',
    required: true,
  });
  switch (path.subAttribute) {
    case 'created':
      return { kind: 'datetime', expr: 'r.created' };
    case 'lastModified':
      return { kind: 'datetime', expr: 'r.last_modified' };
    case 'resourceType':
      return text(`'${ctx.resource}'`);
    case 'version':
      return text(`('W/"' || r.revision || '"')`);
    case 'location':
      if (ctx.baseUrl === undefined)
        throw new InvalidFilterError('meta.location cannot be compared in this query');
      return text(`(${ctx.b.bind(`${ctx.baseUrl}/${ctx.resource}s/`)} || r.id)`);
    case undefined:
    default:
      throw new InvalidFilterError(
        `"${pathText(path)}" is not a meta attribute; use meta.created, meta.lastModified, meta.resourceType, meta.location or meta.version`,
      );
  }
}

export function pathText(path: AttributePath): string {
  const name =
    path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  return path.schema === undefined ? name : `${path.schema}:${name}`;
}

export function assertSafeName(name: string): void {
  if (!safeName.test(name)) throw new InvalidFilterError(`"${name}" is not an attribute name`);
}
