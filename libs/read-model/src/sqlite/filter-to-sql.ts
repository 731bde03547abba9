import type { AttributePath, CompareOperator, Filter, FilterValue } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import { elementPath, jsonElements, jsonOperand } from './json-elements.js';
import {
  assertSafeName,
  type ColumnTarget,
  type FilterResource,
  pathText,
  resolvePath,
} from './resource-paths.js';
import type { SqlBuilder } from './sql-builder.js';
import {
  compareColumn,
  compareJson,
  type LeafOperator,
  type LeafValue,
  presentColumn,
  presentJson,
} from './sql-compare.js';

/** Where a path inside a value filter (`emails[type eq "work"]`) is resolved. */
type Scope =
  | { readonly kind: 'resource' }
  | { readonly kind: 'element'; readonly attribute: string; readonly alias: string }
  | { readonly kind: 'membership'; readonly attribute: string; readonly alias: string };

/** What a leaf tests: a comparison, or presence (`pr`). */
type Test = { readonly op: LeafOperator; readonly value: LeafValue } | { readonly op: 'pr' };

interface Context {
  readonly resource: FilterResource;
  readonly b: SqlBuilder;
}

/**
 * Compiles a SCIM filter (RFC 7644 §3.4.2.2) to an SQL condition over the `users` or `groups`
 * table aliased `r`. Values are bound through `b`; unsupported filters throw InvalidFilterError.
 */
export function filterToSql(filter: Filter, resource: FilterResource, b: SqlBuilder): string {
  return compile(filter, { resource, b }, { kind: 'resource' });
}

function compile(filter: Filter, ctx: Context, scope: Scope): string {
  switch (filter.kind) {
    case 'and':
      return `(${compile(filter.left, ctx, scope)} AND ${compile(filter.right, ctx, scope)})`;
    case 'or':
      return `(${compile(filter.left, ctx, scope)} OR ${compile(filter.right, ctx, scope)})`;
    case 'not':
      return `(NOT ${compile(filter.filter, ctx, scope)})`;
    case 'present':
      return leaf(filter.path, { op: 'pr' }, ctx, scope);
    case 'compare':
      return compileCompare(filter.path, filter.op, filter.value, ctx, scope);
    case 'valuePath':
      return compileValuePath(filter.path, filter.filter, ctx, scope);
    default: {
      const never: never = filter;
      throw new InvalidFilterError(`Unknown filter ${JSON.stringify(never)}`);
    }
  }
}

function compileCompare(
  path: AttributePath,
  op: CompareOperator,
  value: FilterValue,
  ctx: Context,
  scope: Scope,
): string {
  // `ne` is the negation of `eq`, so a resource without the attribute matches `ne` (as `not eq`).
  if (op === 'ne') return `(NOT ${compileCompare(path, 'eq', value, ctx, scope)})`;
  if (value === null) {
    if (op !== 'eq') throw new InvalidFilterError(`"${op}" cannot compare with null`);
    return `(NOT ${leaf(path, { op: 'pr' }, ctx, scope)})`;
  }
  return leaf(path, { op, value }, ctx, scope);
}

function leaf(path: AttributePath, test: Test, ctx: Context, scope: Scope): string {
  const label = pathText(path);
  switch (scope.kind) {
    case 'resource': {
      const target = resolvePath(path, ctx.resource);
      switch (target.kind) {
        case 'column':
          return columnTest(target.column, test, ctx, label);
        case 'json': {
          const alias = ctx.b.alias('el');
          const operand = jsonOperand(
            elementPath(alias, target.subAttribute, ctx.b, test.op !== 'pr'),
          );
          return `EXISTS (SELECT 1 FROM ${jsonElements(target.jsonPath, alias, ctx.b)} WHERE ${jsonTest(operand, test, ctx, label)})`;
        }
        case 'membership': {
          const alias = ctx.b.alias('m');
          const condition =
            target.subAttribute === undefined && test.op === 'pr'
              ? '1'
              : membershipTest(
                  target.attribute,
                  target.subAttribute ?? 'value',
                  alias,
                  test,
                  ctx,
                  label,
                );
          return membershipExists(target.attribute, alias, condition);
        }
        default: {
          const never: never = target;
          throw new InvalidFilterError(`Unknown target ${JSON.stringify(never)}`);
        }
      }
    }
    case 'element': {
      const sub = subAttributeIn(scope.attribute, path);
      return jsonTest(jsonOperand(elementPath(scope.alias, sub, ctx.b, false)), test, ctx, label);
    }
    case 'membership':
      return membershipTest(
        scope.attribute,
        subAttributeIn(scope.attribute, path),
        scope.alias,
        test,
        ctx,
        label,
      );
    default: {
      const never: never = scope;
      throw new InvalidFilterError(`Unknown scope ${JSON.stringify(never)}`);
    }
  }
}

function compileValuePath(path: AttributePath, inner: Filter, ctx: Context, scope: Scope): string {
  if (scope.kind !== 'resource')
    throw new InvalidFilterError(`Value filters cannot nest: "${pathText(path)}[...]"`);
  const target = resolvePath(path, ctx.resource);
  if (target.kind === 'column' || target.subAttribute !== undefined) {
    throw new InvalidFilterError(
      `"${pathText(path)}[...]" needs a multi-valued or complex attribute`,
    );
  }
  if (target.kind === 'membership') {
    const alias = ctx.b.alias('m');
    return membershipExists(
      target.attribute,
      alias,
      compile(inner, ctx, { kind: 'membership', attribute: target.attribute, alias }),
    );
  }
  const alias = ctx.b.alias('el');
  const elements = jsonElements(target.jsonPath, alias, ctx.b);
  return `EXISTS (SELECT 1 FROM ${elements} WHERE ${compile(inner, ctx, { kind: 'element', attribute: target.attribute, alias })})`;
}

/** Inside `emails[...]`, `type` and `emails.type` both name the element's `type`. */
function subAttributeIn(attribute: string, path: AttributePath): string {
  if (path.subAttribute === undefined) {
    assertSafeName(path.attribute);
    return path.attribute;
  }
  if (path.attribute !== attribute) {
    throw new InvalidFilterError(`"${pathText(path)}" is not a sub-attribute of "${attribute}"`);
  }
  assertSafeName(path.subAttribute);
  return path.subAttribute;
}

function columnTest(column: ColumnTarget, test: Test, ctx: Context, label: string): string {
  return test.op === 'pr'
    ? presentColumn(column)
    : compareColumn(column, test.op, test.value, ctx.b, label);
}

function jsonTest(
  operand: { value: string; type: string },
  test: Test,
  ctx: Context,
  label: string,
): string {
  return test.op === 'pr'
    ? presentJson(operand)
    : compareJson(operand, test.op, test.value, ctx.b, label);
}

/** Group `members` rows of the group, or User `groups` rows naming the user. */
function membershipExists(attribute: string, alias: string, condition: string): string {
  const owner = attribute === 'members' ? `${alias}.group_id` : `${alias}.member_id`;
  return `EXISTS (SELECT 1 FROM group_members AS ${alias} WHERE ${alias}.tenant = r.tenant AND ${owner} = r.id AND ${condition})`;
}

function membershipTest(
  attribute: string,
  sub: string,
  alias: string,
  test: Test,
  ctx: Context,
  label: string,
): string {
  // RFC 7643 §4.1.2 and §4.2: members.value / groups.value are resource ids (caseExact).
  if (sub === 'value') {
    const expr = attribute === 'members' ? `${alias}.member_id` : `${alias}.group_id`;
    return columnTest({ kind: 'text', expr, fold: 'none', required: true }, test, ctx, label);
  }
  if (sub === 'type' && attribute === 'members') {
    return columnTest(
      { kind: 'text', expr: `${alias}.member_type`, fold: 'sql', required: true },
      test,
      ctx,
      label,
    );
  }
  throw new InvalidFilterError(
    `Filtering on ${attribute}.${sub} is not supported; use ${attribute}.value`,
  );
}
