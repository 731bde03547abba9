import type { AttributeDefinition } from '#scim';
import { InvalidSortError } from '../read-model.errors.js';
import type { JsonOperand, SqlBuilder, SqlDialect } from '../sql/sql-dialect.js';

/** Positional parameters (`$1`, `$2`, …) for node-postgres: one builder serves a whole statement. */
export class PositionalSqlBuilder implements SqlBuilder {
  readonly params: (string | number | null)[] = [];
  private aliases = 0;

  bind(value: string | number | null): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  alias(prefix: string): string {
    return `${prefix}${this.aliases++}`;
  }
}

/** `LIKE` reads `%`, `_` and the escape character itself as patterns; values match literally. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Text as JSON holds it: the scalar's text (NULL for JSON null, objects' text for the rest). */
const text = (o: JsonOperand): string => `(${o.node} #>> '{}')`;
const type = (o: JsonOperand): string => `jsonb_typeof(${o.node})`;

/**
 * PostgreSQL's jsonb. A JSON operand is a jsonb expression. Text columns are declared
 * `COLLATE "C"` and orderings here say so too, so text sorts by code point as in SQLite and
 * JavaScript whatever the database's locale; lower() runs in the database's default collation,
 * which must fold Unicode (a UTF-8 locale such as C.UTF-8, as scripts/postgres-local.sh makes).
 */
export const postgresDialect: SqlDialect = {
  lower: (expr) => `lower((${expr}) COLLATE "default")`,

  compareText(expr, op, value, b) {
    switch (op) {
      case 'eq':
        return `${expr} = ${b.bind(value)}`;
      case 'co':
        return `${expr} LIKE ${b.bind(`%${likeLiteral(value)}%`)}`;
      case 'sw':
        return `${expr} LIKE ${b.bind(`${likeLiteral(value)}%`)}`;
      case 'ew':
        return `${expr} LIKE ${b.bind(`%${likeLiteral(value)}`)}`;
      case 'gt':
        return `(${expr}) COLLATE "C" > ${b.bind(value)}`;
      case 'ge':
        return `(${expr}) COLLATE "C" >= ${b.bind(value)}`;
      case 'lt':
        return `(${expr}) COLLATE "C" < ${b.bind(value)}`;
      case 'le':
        return `(${expr}) COLLATE "C" <= ${b.bind(value)}`;
      default: {
        const never: never = op;
        throw new Error(`Unknown operator ${String(never)}`);
      }
    }
  },

  // Each element of an array, or the value itself; no row when the attribute is absent.
  jsonElements(keys, alias, b) {
    const node = `r.attributes #> ${b.bind(`{${keys.map((key) => `"${key}"`).join(',')}}`)}::text[]`;
    return (
      `jsonb_array_elements(CASE WHEN ${node} IS NULL THEN '[]'::jsonb` +
      ` WHEN jsonb_typeof(${node}) = 'array' THEN ${node} ELSE jsonb_build_array(${node}) END)` +
      ` WITH ORDINALITY AS ${alias}(v, k)`
    );
  },

  elementOperand: (alias, subAttribute, b) => ({
    node:
      subAttribute === undefined ? `${alias}.v` : `(${alias}.v -> ${b.bind(subAttribute)}::text)`,
  }),

  primaryFirst: (alias) =>
    `coalesce(${alias}.v -> 'primary' = 'true'::jsonb, FALSE) DESC, ${alias}.k`,

  compareJsonText(o, caseExact, op, value, b) {
    const expr = caseExact ? text(o) : postgresDialect.lower(text(o));
    return `coalesce(${type(o)} = 'string' AND ${postgresDialect.compareText(expr, op, value, b)}, FALSE)`;
  },

  compareJsonBoolean(o, value) {
    const bool = value ? 'true' : 'false';
    // Also a string "True" stored before booleans were coerced on write.
    return `coalesce(${o.node} = '${bool}'::jsonb OR (${type(o)} = 'string' AND lower(${text(o)}) = '${bool}'), FALSE)`;
  },

  // CASE, not AND: PostgreSQL does not promise to test the type before it casts.
  compareJsonNumber: (o, op, value, b) =>
    `coalesce(CASE WHEN ${type(o)} = 'number' THEN ${text(o)}::numeric ${op} ${b.bind(value)}::numeric END, FALSE)`,

  compareJsonInstant: (o, op, epochMs, b) =>
    `coalesce(CASE WHEN ${type(o)} = 'string' THEN scim_instant(${text(o)}) ${op} ${b.bind(new Date(epochMs).toISOString())}::timestamptz END, FALSE)`,

  presentJson: (o) =>
    `coalesce(${o.node} NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), FALSE)`,

  jsonSortKey: (o, definition) => sortKey(o, definition),
};

function sortKey(o: JsonOperand, definition: AttributeDefinition): string {
  const when = (jsonType: string, expr: string): string =>
    `CASE WHEN ${type(o)} = '${jsonType}' THEN ${expr} END`;
  switch (definition.type) {
    case 'dateTime':
      return when('string', `scim_instant(${text(o)})`);
    case 'string':
    case 'reference':
      return definition.caseExact
        ? `${text(o)} COLLATE "C"`
        : `${postgresDialect.lower(text(o))} COLLATE "C"`;
    case 'boolean':
      return when('boolean', `${text(o)}::boolean`);
    case 'integer':
    case 'decimal':
      return when('number', `${text(o)}::numeric`);
    case 'binary':
    case 'complex':
      return `${text(o)} COLLATE "C"`;
    default: {
      const never: never = definition.type;
      throw new InvalidSortError(`Unknown type ${String(never)}`);
    }
  }
}
