import { type AttributeDefinition, type CompareOperator, toInstant } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import type { ColumnTarget } from './resource-paths.js';
import type { SqlBuilder } from './sql-builder.js';

/** `ne` is compiled as `not eq` and null comparisons as presence, so leaves never see them. */
export type LeafOperator = Exclude<CompareOperator, 'ne'>;
export type LeafValue = string | number | boolean;

/** What a filter leaf tests: a comparison, or presence (`pr`). */
export type LeafTest =
  { readonly op: LeafOperator; readonly value: LeafValue } | { readonly op: 'pr' };

/** An attribute value inside the JSON: its SQL value and its `json_type`. */
export interface JsonOperand {
  readonly value: string;
  readonly type: string;
}

const ordering: Readonly<Record<'gt' | 'ge' | 'lt' | 'le', string>> = {
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

function stringOp(expr: string, op: LeafOperator, value: string, b: SqlBuilder): string {
  if (value === '' && (op === 'co' || op === 'sw' || op === 'ew')) return `${expr} IS NOT NULL`;
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
    case 'ge':
    case 'lt':
    case 'le':
      return `${expr} ${ordering[op]} ${p}`;
    default: {
      const never: never = op;
      throw new InvalidFilterError(`Unknown operator ${String(never)}`);
    }
  }
}

/** `=` or an ordering; the substring operators compare text only. */
function orderingOp(op: LeafOperator, label: string, kind: string): string {
  if (op === 'co' || op === 'sw' || op === 'ew') {
    throw new InvalidFilterError(`"${op}" compares text; ${label} is ${kind}`);
  }
  return op === 'eq' ? '=' : ordering[op];
}

function booleanValue(op: LeafOperator, value: LeafValue, label: string): boolean {
  // RFC 7644 §3.4.2.2: gt, ge, lt, le (and substring operators) on a boolean are invalidFilter.
  if (op !== 'eq') throw new InvalidFilterError(`${label} is a boolean: only eq, ne and pr apply`);
  // Entra sends booleans as strings, also in filters (`roles[primary eq "True"]`).
  const bool =
    typeof value === 'boolean'
      ? value
      : typeof value === 'string' && /^(true|false)$/i.test(value)
        ? value.toLowerCase() === 'true'
        : undefined;
  if (bool === undefined)
    throw new InvalidFilterError(`${label} is a boolean and cannot equal ${JSON.stringify(value)}`);
  return bool;
}

/** Seconds since the epoch, as SQLite's `unixepoch(..., 'subsec')` gives them. */
function epochSeconds(value: LeafValue, label: string): number {
  const instant = typeof value === 'string' ? toInstant(value) : undefined;
  if (instant === undefined)
    throw new InvalidFilterError(
      `${label} is a dateTime; ${JSON.stringify(value)} is not an xsd:dateTime`,
    );
  return instant / 1000;
}

function textValue(value: LeafValue, label: string): string {
  if (typeof value !== 'string')
    throw new InvalidFilterError(`${label} is a string; compare it with a quoted value`);
  return value;
}

export function compareColumn(
  column: ColumnTarget,
  op: LeafOperator,
  value: LeafValue,
  b: SqlBuilder,
  label: string,
): string {
  switch (column.kind) {
    case 'text': {
      const text = textValue(value, label);
      const expr = column.fold === 'sql' ? `scim_lower(${column.expr})` : column.expr;
      const operand = column.fold === 'none' ? text : text.toLowerCase();
      // Always 0 or 1 (never NULL, so `not` stays right), and in a form the planner can
      // answer from the column's index: coalesce() around the comparison would hide it.
      const comparison = stringOp(expr, op, operand, b);
      return column.required ? comparison : `(${column.expr} IS NOT NULL AND ${comparison})`;
    }
    case 'boolean':
      return `${column.expr} = ${booleanValue(op, value, label) ? 1 : 0}`;
    case 'datetime': {
      const sqlOp = orderingOp(op, label, 'a dateTime');
      // Stored times are normalised with toISOString, so the text order is the time order.
      const iso = new Date(epochSeconds(value, label) * 1000).toISOString();
      return `${column.expr} ${sqlOp} ${b.bind(iso)}`;
    }
    default: {
      const never: never = column;
      throw new InvalidFilterError(`Unknown column ${JSON.stringify(never)}`);
    }
  }
}

export function testColumn(
  column: ColumnTarget,
  test: LeafTest,
  b: SqlBuilder,
  label: string,
): string {
  return test.op === 'pr'
    ? presentColumn(column)
    : compareColumn(column, test.op, test.value, b, label);
}

export function presentColumn(column: ColumnTarget): string {
  if (column.kind === 'text' && !column.required) return `coalesce(${column.expr} <> '', 0)`;
  if (column.kind === 'boolean' && column.absent !== undefined)
    return `${column.expr} <> ${column.absent}`;
  return '1';
}

/**
 * Compares a JSON value by its attribute's definition (RFC 7644 §3.4.2.2): strings by `caseExact`,
 * booleans and numbers by value, dateTimes as instants. Always 0 or 1, never NULL.
 */
export function compareJson(
  o: JsonOperand,
  definition: AttributeDefinition,
  op: LeafOperator,
  value: LeafValue,
  b: SqlBuilder,
  label: string,
): string {
  switch (definition.type) {
    case 'string':
    case 'reference':
    case 'binary': {
      const text = textValue(value, label);
      // Base64 is case-sensitive whatever the schema says.
      const exact = definition.caseExact || definition.type === 'binary';
      const expr = exact ? o.value : `scim_lower(${o.value})`;
      const comparison = stringOp(expr, op, exact ? text : text.toLowerCase(), b);
      return `coalesce(${o.type} = 'text' AND ${comparison}, 0)`;
    }
    case 'boolean': {
      const bool = booleanValue(op, value, label) ? 'true' : 'false';
      // Also a string "True" stored before booleans were coerced on write.
      return `coalesce(${o.type} = '${bool}' OR (${o.type} = 'text' AND lower(${o.value}) = '${bool}'), 0)`;
    }
    case 'integer':
    case 'decimal': {
      if (typeof value !== 'number')
        throw new InvalidFilterError(`${label} is a number; compare it with an unquoted number`);
      const sqlOp = orderingOp(op, label, 'a number');
      return `coalesce(${o.type} IN ('integer', 'real') AND ${o.value} ${sqlOp} ${b.bind(value)}, 0)`;
    }
    case 'dateTime': {
      const sqlOp = orderingOp(op, label, 'a dateTime');
      // As instants: "2026-01-01T02:00:00+02:00" equals "2026-01-01T00:00:00Z".
      return `coalesce(${o.type} = 'text' AND unixepoch(${o.value}, 'subsec') ${sqlOp} ${b.bind(epochSeconds(value, label))}, 0)`;
    }
    case 'complex':
      throw new InvalidFilterError(`${label} is complex; compare one of its sub-attributes`);
    default: {
      const never: never = definition.type;
      throw new InvalidFilterError(`Unknown type ${String(never)}`);
    }
  }
}

/** RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a non-empty node for complex attributes. */
export function presentJson(o: JsonOperand): string {
  return (
    `coalesce(${o.type} IS NOT NULL AND ${o.type} <> 'null' AND NOT (${o.type} = 'text' AND ${o.value} = '')` +
    ` AND NOT (${o.type} = 'array' AND ${o.value} = '[]') AND NOT (${o.type} = 'object' AND ${o.value} = '{}'), 0)`
  );
}
