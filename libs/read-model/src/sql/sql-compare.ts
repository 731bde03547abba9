import { type AttributeDefinition, type CompareOperator, toInstant } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import type { ColumnTarget, QueryContext } from './resource-paths.js';
import type { JsonOperand, OrderingOperator } from './sql-dialect.js';

/** `ne` is compiled as `not eq` and null comparisons as presence, so leaves never see them. */
export type LeafOperator = Exclude<CompareOperator, 'ne'>;
export type LeafValue = string | number | boolean;

/** What a filter leaf tests: a comparison, or presence (`pr`). */
export type LeafTest =
  { readonly op: LeafOperator; readonly value: LeafValue } | { readonly op: 'pr' };

const ordering: Readonly<Record<'gt' | 'ge' | 'lt' | 'le', OrderingOperator>> = {
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

/** `=` or an ordering; the substring operators compare text only. */
function orderingOp(op: LeafOperator, label: string, kind: string): OrderingOperator {
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

function epochMs(value: LeafValue, label: string): number {
  const instant = typeof value === 'string' ? toInstant(value) : undefined;
  if (instant === undefined)
    throw new InvalidFilterError(
      `${label} is a dateTime; ${JSON.stringify(value)} is not an xsd:dateTime`,
    );
  return instant;
}

function textValue(value: LeafValue, label: string): string {
  if (typeof value !== 'string')
    throw new InvalidFilterError(`${label} is a string; compare it with a quoted value`);
  return value;
}

/** `co`, `sw` and `ew` with "" hold for every value; the others compare through the dialect. */
function compareText(
  expr: string,
  op: LeafOperator,
  value: string,
  ctx: QueryContext,
  nullable: boolean,
): string {
  if (value === '' && (op === 'co' || op === 'sw' || op === 'ew'))
    return nullable ? `${expr} IS NOT NULL` : 'TRUE';
  return ctx.dialect.compareText(expr, op, value, ctx.b);
}

export function compareColumn(
  column: ColumnTarget,
  op: LeafOperator,
  value: LeafValue,
  ctx: QueryContext,
  label: string,
): string {
  switch (column.kind) {
    case 'text': {
      const text = textValue(value, label);
      const expr = column.fold === 'sql' ? ctx.dialect.lower(column.expr) : column.expr;
      const operand = column.fold === 'none' ? text : text.toLowerCase();
      // Never NULL (so `not` stays right), and in a form the planner can answer from the
      // column's index: coalesce() around the comparison would hide it.
      const comparison = compareText(expr, op, operand, ctx, !column.required);
      return column.required ? comparison : `(${column.expr} IS NOT NULL AND ${comparison})`;
    }
    case 'boolean':
      return `${column.expr} = ${booleanValue(op, value, label) ? 1 : 0}`;
    case 'datetime': {
      const sqlOp = orderingOp(op, label, 'a dateTime');
      // Stored times are normalised with toISOString, so the text order is the time order.
      const iso = new Date(epochMs(value, label)).toISOString();
      return `${column.expr} ${sqlOp} ${ctx.b.bind(iso)}`;
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
  ctx: QueryContext,
  label: string,
): string {
  return test.op === 'pr'
    ? presentColumn(column)
    : compareColumn(column, test.op, test.value, ctx, label);
}

export function presentColumn(column: ColumnTarget): string {
  if (column.kind === 'text' && !column.required) return `coalesce(${column.expr} <> '', FALSE)`;
  if (column.kind === 'boolean' && column.absent !== undefined)
    return `${column.expr} <> ${column.absent}`;
  return 'TRUE';
}

/**
 * Compares a JSON value by its attribute's definition (RFC 7644 §3.4.2.2): strings by `caseExact`,
 * booleans and numbers by value, dateTimes as instants.
 */
export function compareJson(
  o: JsonOperand,
  definition: AttributeDefinition,
  op: LeafOperator,
  value: LeafValue,
  ctx: QueryContext,
  label: string,
): string {
  const { dialect, b } = ctx;
  switch (definition.type) {
    case 'string':
    case 'reference':
    case 'binary': {
      const text = textValue(value, label);
      // Base64 is case-sensitive whatever the schema says.
      const exact = definition.caseExact || definition.type === 'binary';
      if (text === '' && (op === 'co' || op === 'sw' || op === 'ew'))
        return dialect.compareJsonText(o, true, 'ge', '', b);
      return dialect.compareJsonText(o, exact, op, exact ? text : text.toLowerCase(), b);
    }
    case 'boolean':
      return dialect.compareJsonBoolean(o, booleanValue(op, value, label));
    case 'integer':
    case 'decimal': {
      if (typeof value !== 'number')
        throw new InvalidFilterError(`${label} is a number; compare it with an unquoted number`);
      return dialect.compareJsonNumber(o, orderingOp(op, label, 'a number'), value, b);
    }
    case 'dateTime': {
      const sqlOp = orderingOp(op, label, 'a dateTime');
      // As instants: "2026-01-01T02:00:00+02:00" equals "2026-01-01T00:00:00Z".
      return dialect.compareJsonInstant(o, sqlOp, epochMs(value, label), b);
    }
    case 'complex':
      throw new InvalidFilterError(`${label} is complex; compare one of its sub-attributes`);
    default: {
      const never: never = definition.type;
      throw new InvalidFilterError(`Unknown type ${String(never)}`);
    }
  }
}
