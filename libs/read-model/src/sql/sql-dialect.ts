import type { AttributeDefinition } from '#scim';
import type { LeafOperator } from './sql-compare.js';

/** Collects bound parameters while SQL text is generated: values never reach the SQL text. */
export interface SqlBuilder {
  /** Binds a value and answers its placeholder. */
  bind(value: string | number | null): string;
  /** A fresh alias for a correlated subquery. */
  alias(prefix: string): string;
}

/** A JSON value inside a row's `attributes`, as an SQL expression of the dialect. */
export interface JsonOperand {
  readonly node: string;
}

export type OrderingOperator = '=' | '>' | '>=' | '<' | '<=';

/**
 * What differs between the SQL engines the read model runs on. The filter and sort compilers
 * decide what to compare (RFC 7644 §3.4.2.2); the dialect says how its engine writes it. Every
 * condition it answers is TRUE or FALSE, never NULL, so `NOT` stays right.
 */
export interface SqlDialect {
  /** Lower-cases text as JavaScript's `toLowerCase` does the bound values. */
  lower(expr: string): string;
  /** `expr <op> value` on text; `value` is not empty. */
  compareText(expr: string, op: LeafOperator, value: string, b: SqlBuilder): string;
  /**
   * A FROM item naming one row per element of the top-level attribute at `keys` (`[attribute]`
   * or `[schema, attribute]`): each element of a multi-valued attribute, or the value itself.
   */
  jsonElements(keys: readonly string[], alias: string, b: SqlBuilder): string;
  /** The element of a `jsonElements` row, or its sub-attribute. */
  elementOperand(alias: string, subAttribute: string | undefined, b: SqlBuilder): JsonOperand;
  /** ORDER BY of `jsonElements` rows: the primary element first, then array order. */
  primaryFirst(alias: string, b: SqlBuilder): string;
  compareJsonText(
    o: JsonOperand,
    caseExact: boolean,
    op: LeafOperator,
    value: string,
    b: SqlBuilder,
  ): string;
  compareJsonBoolean(o: JsonOperand, value: boolean): string;
  compareJsonNumber(o: JsonOperand, op: OrderingOperator, value: number, b: SqlBuilder): string;
  /** As instants: `epochMs` is the bound value's time in milliseconds since the epoch. */
  compareJsonInstant(o: JsonOperand, op: OrderingOperator, epochMs: number, b: SqlBuilder): string;
  /** RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a non-empty node for complex attributes. */
  presentJson(o: JsonOperand): string;
  /** The value ORDER BY sorts the operand by, following the attribute's type. */
  jsonSortKey(o: JsonOperand, definition: AttributeDefinition): string;
}
