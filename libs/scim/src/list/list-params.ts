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
 * Reads `startIndex`, `count`, `sortBy`, `sortOrder`, `attributes`, `excludedAttributes` and
 * `filter` from a query. Parameter names are matched case-insensitively; bad values are 400s.
 */
export function parseListParams(
  query: ListQuery,
  resolver: AttributeResolver,
  options: ListOptions = {},
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

  const startIndex = Math.max(1, readInteger('startIndex', read('startIndex')) ?? 1);
  const requested = Math.max(0, readInteger('count', read('count')) ?? options.defaultCount ?? 100);
  const count = Math.min(requested, maxCount);

  const sortByText = read('sortBy');
  const sortBy =
    sortByText === undefined ? undefined : resolveList('sortBy', sortByText, resolver)[0];
  const sortOrderText = read('sortOrder')?.toLowerCase() ?? 'ascending';
  if (sortOrderText !== 'ascending' && sortOrderText !== 'descending') {
    throw ScimError.invalidValue(
      `sortOrder must be "ascending" or "descending", not "${sortOrderText}"`,
    );
  }
  const filterText = read('filter');
  return {
    startIndex,
    count,
    ...(requested > maxCount ? { countCappedAt: maxCount } : {}),
    ...(sortBy === undefined ? {} : { sortBy }),
    sortOrder: sortOrderText,
    attributes: resolveList('attributes', read('attributes'), resolver),
    excludedAttributes: resolveList('excludedAttributes', read('excludedAttributes'), resolver),
    ...(filterText === undefined ? {} : { filter: parseFilter(filterText, resolver) }),
  };
}

function readInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[+-]?\d{1,15}$/.test(text))
    throw ScimError.invalidValue(`${name} must be an integer, not "${text}"`);
  return Number(text);
}

/** A comma-separated list of attribute paths (RFC 7644 §3.4.2.5), each resolved canonically. */
function resolveList(
  name: string,
  text: string | undefined,
  resolver: AttributeResolver,
): AttributePath[] {
  if (text === undefined) return [];
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const resolved = resolver.resolve(part);
      if (resolved === undefined)
        throw ScimError.invalidValue(`Unknown attribute "${part}" in ${name}`);
      return toAttributePath(resolved);
    });
}
