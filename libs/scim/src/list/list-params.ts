import { ScimError } from '../errors/scim-error.js';
import { toAttributePath } from '../filter/filter-parser.js';
import type { AttributePath, Filter } from '../filter/filter.ast.js';
import { parseFilter } from '../filter/parse-filter.js';
import type { AttributeResolver } from '../schema/schema-registry.js';

export type QueryValue = string | readonly string[] | undefined;
export type ListQuery = Readonly<Record<string, QueryValue>>;
export type SortOrder = 'ascending' | 'descending';

export interface ListOptions {
  /** The most resources one page may hold; larger `count`s are cut to it. Default 1000. */
  readonly maxCount?: number;
  /** The page size when the client sends no `count`. Default 100. */
  readonly defaultCount?: number;
}

/** The query parameters of a list or filter request (RFC 7644 §3.4.2), checked and resolved. */
export interface ListParams {
  /** 1-based; RFC 7644 §3.4.2.4 reads values below 1 as 1. */
  readonly startIndex: number;
  /** 0 asks only for `totalResults`. */
  readonly count: number;
  /** Set to the cap when the requested `count` was larger (the server may cap, §3.4.2.4). */
  readonly countCappedAt?: number;
  readonly sortBy?: AttributePath;
  readonly sortOrder: SortOrder;
  readonly attributes: readonly AttributePath[];
  readonly excludedAttributes: readonly AttributePath[];
  readonly filter?: Filter;
}

/**
 * Receives a name the resolver does not know, keyed so that the same name is recognised across
 * resource types; without one, unknown names are 400s.
 */
type UnknownName = (key: string, error: ScimError) => void;

/**
 * Reads `startIndex`, `count`, `sortBy`, `sortOrder`, `attributes`, `excludedAttributes` and
 * `filter` from a query. Parameter names are matched case-insensitively; bad values are 400s.
 */
export function parseListParams(
  query: ListQuery,
  resolver: AttributeResolver,
  options: ListOptions = {},
): ListParams {
  return parseWith(query, resolver, options, undefined);
}

/**
 * The parameters of a query across resource types (the root `/.search`), one per resolver, in
 * order. RFC 7644 §3.4.2.2: an attribute that one type lacks is read as having no value there;
 * in `attributes` it selects nothing. A name no type knows is still a 400 naming it.
 */
export function parseListParamsAcross<const Resolvers extends readonly AttributeResolver[]>(
  query: ListQuery,
  resolvers: Resolvers,
  options: ListOptions = {},
): { readonly [K in keyof Resolvers]: ListParams } {
  const unknownPerType = resolvers.map(() => new Map<string, ScimError>());
  const params = resolvers.map((resolver, i) =>
    parseWith(query, resolver, options, (key, error) => unknownPerType[i]?.set(key, error)),
  );
  const [first, ...others] = unknownPerType;
  for (const [key, error] of first ?? []) {
    if (others.every((unknown) => unknown.has(key))) throw error;
  }
  return params as { readonly [K in keyof Resolvers]: ListParams };
}

function parseWith(
  query: ListQuery,
  resolver: AttributeResolver,
  options: ListOptions,
  unknown: UnknownName | undefined,
): ListParams {
  const maxCount = options.maxCount ?? 1000;
  const read = (name: string): string | undefined => {
    const key = Object.keys(query).find(
      (candidate) => candidate.toLowerCase() === name.toLowerCase(),
    );
    const raw = key === undefined ? undefined : query[key];
    const value = typeof raw === 'string' ? raw : raw?.[0];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  // RFC 7644 §3.4.2.4: startIndex below 1 is 1, and a negative count is 0.
  const startIndex = Math.max(1, readInteger('startIndex', read('startIndex')) ?? 1);
  const requested = Math.max(0, readInteger('count', read('count')) ?? options.defaultCount ?? 100);
  const count = Math.min(requested, maxCount);

  const sortByText = read('sortBy');
  const sortBy =
    sortByText === undefined ? undefined : resolveSortBy(sortByText, resolver, unknown);
  const sortOrderText = read('sortOrder')?.toLowerCase() ?? 'ascending';
  if (sortOrderText !== 'ascending' && sortOrderText !== 'descending') {
    throw ScimError.invalidValue(
      `sortOrder must be "ascending" or "descending", not "${sortOrderText}"`,
    );
  }
  const filterText = read('filter');
  const filter =
    filterText === undefined
      ? undefined
      : parseFilter(filterText, resolver, {
          ...(unknown === undefined
            ? {}
            : { unknownAttribute: (error, position) => unknown(`filter@${position}`, error) }),
        });
  return {
    startIndex,
    count,
    ...(requested > maxCount ? { countCappedAt: maxCount } : {}),
    ...(sortBy === undefined ? {} : { sortBy }),
    sortOrder: sortOrderText,
    attributes: resolveList('attributes', read('attributes'), resolver, unknown),
    excludedAttributes: resolveList(
      'excludedAttributes',
      read('excludedAttributes'),
      resolver,
      unknown,
    ),
    ...(filter === undefined ? {} : { filter }),
  };
}

function readInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text))
    throw ScimError.invalidValue(`${name} must be a whole number, not "${text}"`);
  // Beyond 2^53 every value means "past the end" (startIndex) or "the cap" (count) anyway.
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number(text), Number.MAX_SAFE_INTEGER));
}

/**
 * RFC 7644 §3.4.2.3: a singular attribute, or a multi-valued one (sorted by its primary or else
 * first value). A complex attribute sorts by one of its sub-attributes.
 */
function resolveSortBy(
  text: string,
  resolver: AttributeResolver,
  unknown: UnknownName | undefined,
): AttributePath | undefined {
  const resolved = resolver.resolve(text);
  if (resolved === undefined) {
    const error = ScimError.invalidValue(`Unknown attribute "${text}" in sortBy`);
    if (unknown === undefined) throw error;
    // Absent from this resource type: every resource lacks it, so creation order stands.
    unknown('sortBy', error);
    return undefined;
  }
  const { definition } = resolved;
  if (definition.returned === 'never')
    throw ScimError.invalidValue(`sortBy cannot name ${resolved.attribute}: it is never returned`);
  if (definition.type === 'complex' && !definition.multiValued) {
    const example = definition.subAttributes?.[0]?.name ?? 'value';
    throw ScimError.invalidValue(
      `sortBy "${text}" names a complex attribute; sort by one of its sub-attributes, e.g. ${resolved.attribute}.${example}`,
    );
  }
  return toAttributePath(resolved);
}

/** A comma-separated list of attribute paths (RFC 7644 §3.4.2.5), each resolved canonically. */
function resolveList(
  name: string,
  text: string | undefined,
  resolver: AttributeResolver,
  unknown: UnknownName | undefined,
): AttributePath[] {
  if (text === undefined) return [];
  return (
    text
      .split(',')
      .map((part) => part.trim())
      // `schemas` is no attribute but is always returned (RFC 7644 §3.9), so naming it changes nothing.
      .filter((part) => part !== '' && part.toLowerCase() !== 'schemas')
      .flatMap((part): AttributePath[] => {
        const resolved = resolver.resolve(part);
        if (resolved !== undefined) return [toAttributePath(resolved)];
        const error = ScimError.invalidValue(`Unknown attribute "${part}" in ${name}`);
        if (unknown === undefined) throw error;
        unknown(`${name}:${part.toLowerCase()}`, error);
        // Kept as written so `attributes` stays non-empty: a Group asked only for `userName`
        // answers with its id and schemas, not with every attribute. It matches no attribute.
        return name === 'attributes' ? [{ attribute: part }] : [];
      })
  );
}
