import type { CompareOperator } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import type { ColumnTarget } from './resource-paths.js';
import type { SqlBuilder } from './sql-builder.js';

/** `ne` is compiled as `not eq` and null comparisons as presence, so leaves never see them. */
export type LeafOperator = Exclude<CompareOperator, 'ne'>;
export type LeafValue = string | number | boolean;

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

/** Entra sends booleans as strings, also in filters (`roles[primary eq "True"]`). */
function booleanText(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

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

function orderingOnly(
  op: LeafOperator,
  label: string,
  kind: string,
): 'eq' | 'gt' | 'ge' | 'lt' | 'le' {
  if (op === 'co' || op === 'sw' || op === 'ew') {
    throw new InvalidFilterError(`"${op}" compares strings; ${label} is ${kind}`);
  }
  return op;
}

function booleanValue(op: LeafOperator, value: LeafValue, label: string): boolean {
  // RFC 7644 §3.4.2.2: gt, ge, lt, le (and substring operators) on a boolean are invalidFilter.
  if (op !== 'eq') throw new InvalidFilterError(`${label} is a boolean: only eq, ne and pr apply`);
  const bool =
    typeof value === 'string' ? booleanText(value) : typeof value === 'boolean' ? value : undefined;
  if (bool === undefined)
    throw new InvalidFilterError(`${label} is a boolean and cannot equal ${JSON.stringify(value)}`);
  return bool;
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
      if (typeof value !== 'string')
        throw new InvalidFilterError(`${label} is a string; compare it with a quoted value`);
      const expr = column.fold === 'sql' ? `scim_lower(${column.expr})` : column.expr;
      const operand = column.fold === 'none' ? value : value.toLowerCase();
      // Always 0 or 1 (never NULL, so `not` stays right), and in a form the planner can
      // answer from the column's index: coalesce() around the comparison would hide it.
      const comparison = stringOp(expr, op, operand, b);
      return column.required ? comparison : `(${column.expr} IS NOT NULL AND ${comparison})`;
    }
    case 'boolean':
      return `${column.expr} = ${booleanValue(op, value, label) ? 1 : 0}`;
    case 'datetime': {
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(time))
        throw new InvalidFilterError(
          `${label} is a dateTime; ${JSON.stringify(value)} is not an RFC 3339 time`,
        );
      const sqlOp = orderingOnly(op, label, 'a dateTime');
      // Stored times are normalised with toISOString, so the text order is the time order.
      return `${column.expr} ${sqlOp === 'eq' ? '=' : ordering[sqlOp]} ${b.bind(new Date(time).toISOString())}`;
    }
    default: {
      const never: never = column;
      throw new InvalidFilterError(`Unknown column ${JSON.stringify(never)}`);
    }
  }
}

export function presentColumn(column: ColumnTarget): string {
  if (column.kind === 'text' && !column.required) return `coalesce(${column.expr} <> '', 0)`;
  return '1';
}

/**
 * JSON attributes compare case-insensitively: RFC 7643 gives `caseExact: false` to every string
 * attribute a client may send other than `externalId` (a column) and binary values.
 */
export function compareJson(
  o: JsonOperand,
  op: LeafOperator,
  value: LeafValue,
  b: SqlBuilder,
  label: string,
): string {
  if (typeof value === 'string') {
    const text = `(${o.type} = 'text' AND coalesce(${stringOp(`scim_lower(${o.value})`, op, value.toLowerCase(), b)}, 0))`;
    const bool = op === 'eq' ? booleanText(value) : undefined;
    return bool === undefined ? text : `(${text} OR ${o.type} = '${bool ? 'true' : 'false'}')`;
  }
  if (typeof value === 'number') {
    const sqlOp = orderingOnly(op, label, 'compared with a number');
    return `(${o.type} IN ('integer', 'real') AND ${o.value} ${sqlOp === 'eq' ? '=' : ordering[sqlOp]} ${b.bind(value)})`;
  }
  return `${o.type} = '${booleanValue(op, value, label) ? 'true' : 'false'}'`;
}

/** RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a non-empty node for complex attributes. */
export function presentJson(o: JsonOperand): string {
  return (
    `(${o.type} IS NOT NULL AND ${o.type} <> 'null' AND NOT (${o.type} = 'text' AND ${o.value} = '')` +
    ` AND NOT (${o.type} = 'array' AND ${o.value} = '[]') AND NOT (${o.type} = 'object' AND ${o.value} = '{}'))`
  );
}
