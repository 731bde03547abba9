import type { SqlBuilder } from './sql-builder.js';

/**
 * The elements of a top-level JSON attribute as rows of JSON paths (`<alias>.p`): each element of
 * a multi-valued attribute, or the attribute itself when it is single-valued. Filtering a
 * multi-valued attribute matches when any value matches (RFC 7644 §3.4.2.2), and the same SQL
 * serves single-valued complex attributes (`name.familyName`) without a schema lookup.
 */
export function jsonElements(jsonPath: string, alias: string, b: SqlBuilder): string {
  const path = b.bind(jsonPath);
  return (
    `(SELECT e.fullkey AS p, e.key AS k FROM json_each(r.attributes, ${path}) AS e` +
    ` WHERE json_type(r.attributes, ${path}) = 'array'` +
    ` UNION ALL SELECT ${path}, 0 WHERE json_type(r.attributes, ${path}) <> 'array') AS ${alias}`
  );
}

/** The JSON path (an SQL expression) of an element's sub-attribute, or of the element itself. */
export function elementPath(
  alias: string,
  subAttribute: string | undefined,
  b: SqlBuilder,
): string {
  return subAttribute === undefined
    ? `${alias}.p`
    : `(${alias}.p || ${b.bind(`."${subAttribute}"`)})`;
}

export function jsonOperand(pathExpr: string): { value: string; type: string } {
  return {
    value: `json_extract(r.attributes, ${pathExpr})`,
    type: `json_type(r.attributes, ${pathExpr})`,
  };
}
