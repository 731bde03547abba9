import type { AttributeDefinition } from '#scim';
import { InvalidSortError } from '../read-model.errors.js';
import type { JsonOperand, SqlDialect } from '../sql/sql-dialect.js';

/**
 * SQLite's JSON1 functions. A JSON operand is a JSON path (an SQL expression) into
 * `r.attributes`; `json_type` tells its type ('text', 'integer', 'real', 'true', …).
 */
export const sqliteDialect: SqlDialect = {
  // Unicode-aware lower-casing registered by prepareReadModelDatabase: SQLite's own lower() folds
  // ASCII only.
  lower: (expr) => `scim_lower(${expr})`,

  compareText(expr, op, value, b) {
    const p = b.bind(value);
    switch (op) {
      case 'eq':
        return `${expr} = ${p}`;
      case 'co':
        return `instr(${expr}, ${p}) > 0`;
      case 'sw':
        return `substr(${expr}, 1, length(${p})) = ${p}`;
      case 'ew':
        return `substr(${expr}, -length(${p})) = ${p}`;
      case 'gt':
        return `${expr} > ${p}`;
      case 'ge':
        return `${expr} >= ${p}`;
      case 'lt':
        return `${expr} < ${p}`;
      case 'le':
        return `${expr} <= ${p}`;
      default: {
        const never: never = op;
        throw new Error(`Unknown operator ${String(never)}`);
      }
    }
  },

  // Filtering a multi-valued attribute matches when any value matches (RFC 7644 §3.4.2.2), and the
  // same rows serve single-valued complex attributes (`name.familyName`) without a schema lookup.
  jsonElements(keys, alias, b) {
    const path = b.bind(`$${keys.map((key) => `."${key}"`).join('')}`);
    return (
      `(SELECT e.fullkey AS p, e.key AS k FROM json_each(r.attributes, ${path}) AS e` +
      ` WHERE json_type(r.attributes, ${path}) = 'array'` +
      ` UNION ALL SELECT ${path}, 0 WHERE json_type(r.attributes, ${path}) <> 'array') AS ${alias}`
    );
  },

  elementOperand: (alias, subAttribute, b) => ({
    node:
      subAttribute === undefined ? `${alias}.p` : `(${alias}.p || ${b.bind(`."${subAttribute}"`)})`,
  }),

  primaryFirst: (alias) =>
    `${jsonType({ node: `(${alias}.p || '."primary"')` })} = 'true' DESC, ${alias}.k`,

  compareJsonText(o, caseExact, op, value, b) {
    const expr = caseExact ? jsonValue(o) : `scim_lower(${jsonValue(o)})`;
    return `coalesce(${jsonType(o)} = 'text' AND ${sqliteDialect.compareText(expr, op, value, b)}, FALSE)`;
  },

  compareJsonBoolean(o, value) {
    const bool = value ? 'true' : 'false';
    // Also a string "True" stored before booleans were coerced on write.
    return `coalesce(${jsonType(o)} = '${bool}' OR (${jsonType(o)} = 'text' AND lower(${jsonValue(o)}) = '${bool}'), FALSE)`;
  },

  compareJsonNumber: (o, op, value, b) =>
    `coalesce(${jsonType(o)} IN ('integer', 'real') AND ${jsonValue(o)} ${op} ${b.bind(value)}, FALSE)`,

  compareJsonInstant: (o, op, epochMs, b) =>
    `coalesce(${jsonType(o)} = 'text' AND unixepoch(${jsonValue(o)}, 'subsec') ${op} ${b.bind(epochMs / 1000)}, FALSE)`,

  presentJson: (o) =>
    `coalesce(${jsonType(o)} IS NOT NULL AND ${jsonType(o)} <> 'null' AND NOT (${jsonType(o)} = 'text' AND ${jsonValue(o)} = '')` +
    ` AND NOT (${jsonType(o)} = 'array' AND ${jsonValue(o)} = '[]') AND NOT (${jsonType(o)} = 'object' AND ${jsonValue(o)} = '{}'), FALSE)`,

  jsonSortKey: (o, definition) => sortKey(o, definition),
};

function jsonValue(o: JsonOperand): string {
  return `json_extract(r.attributes, ${o.node})`;
}

function jsonType(o: JsonOperand): string {
  return `json_type(r.attributes, ${o.node})`;
}

function sortKey(o: JsonOperand, definition: AttributeDefinition): string {
  switch (definition.type) {
    case 'dateTime':
      return `CASE WHEN ${jsonType(o)} = 'text' THEN unixepoch(${jsonValue(o)}, 'subsec') END`;
    case 'string':
    case 'reference':
      return definition.caseExact
        ? jsonValue(o)
        : `CASE WHEN ${jsonType(o)} = 'text' THEN scim_lower(${jsonValue(o)}) ELSE ${jsonValue(o)} END`;
    case 'boolean':
    case 'integer':
    case 'decimal':
    case 'binary':
    case 'complex':
      return jsonValue(o);
    default: {
      const never: never = definition.type;
      throw new InvalidSortError(`Unknown type ${String(never)}`);
    }
  }
}
