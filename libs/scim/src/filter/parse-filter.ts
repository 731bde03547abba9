import type { AttributeResolver } from '../schema/schema-registry.js';
import type { Filter } from './filter.ast.js';
import { FilterParser, type FilterParserOptions } from './filter-parser.js';

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into a tree whose attribute paths are canonical.
 * Throws a 400 `invalidFilter` ScimError naming the unknown attribute or the position of the
 * syntax error.
 */
export function parseFilter(
  text: string,
  resolver: AttributeResolver,
  options: FilterParserOptions = {},
): Filter {
  return new FilterParser(text, resolver, 'filter', options).parseFilter();
}
