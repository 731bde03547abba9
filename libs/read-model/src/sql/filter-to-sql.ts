import type { AttributePath, CompareOperator, Filter, FilterValue } from '#scim';
import { InvalidFilterError } from '../read-model.errors.js';
import { emailLookup, isEmails, requiredValue } from './email-lookup.sql.js';
import { membershipExists, membershipTest } from './membership-filter.sql.js';
import {
  assertSafeName,
  pathText,
  type PathTarget,
  type QueryContext,
  resolvePath,
} from './resource-paths.js';
import { compareJson, type LeafTest, testColumn } from './sql-compare.js';

/** Where a path inside a value filter (`emails[type eq "work"]`) is resolved. */
type Scope =
  | { readonly kind: 'resource' }
  | {
      readonly kind: 'element';
      readonly schema?: string;
      readonly attribute: string;
      readonly alias: string;
    }
  | { readonly kind: 'membership'; readonly attribute: string; readonly alias: string };

/**
 * Compiles a SCIM filter (RFC 7644 §3.4.2.2) to an SQL condition over the `users` or `groups`
 * table aliased `r`, in the SQL of `ctx.dialect`. Values are bound through `ctx.b`; unsupported
 * filters throw InvalidFilterError. The condition is always TRUE or FALSE, never NULL, so `not`
 * stays right.
 */
export function filterToSql(filter: Filter, ctx: QueryContext): string {
  return compile(filter, ctx, { kind: 'resource' });
}

function compile(filter: Filter, ctx: QueryContext, scope: Scope): string {
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
  ctx: QueryContext,
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

function leaf(path: AttributePath, test: LeafTest, ctx: QueryContext, scope: Scope): string {
  const label = pathText(path);
  switch (scope.kind) {
    case 'resource':
      return resourceLeaf(path, test, ctx, label);
    case 'element': {
      const sub = subAttributeIn(scope.attribute, path);
      const full = { ...(scope.schema === undefined ? {} : { schema: scope.schema }) };
      const target = resolvePath({ ...full, attribute: scope.attribute, subAttribute: sub }, ctx);
      if (target.kind !== 'json')
        throw new InvalidFilterError(`"${label}" cannot be filtered inside brackets`);
      const operand = ctx.dialect.elementOperand(scope.alias, sub, ctx.b);
      return test.op === 'pr'
        ? ctx.dialect.presentJson(operand)
        : compareJson(operand, target.definition, test.op, test.value, ctx, label);
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

function resourceLeaf(
  path: AttributePath,
  test: LeafTest,
  ctx: QueryContext,
  label: string,
): string {
  const target = resolvePath(path, ctx);
  switch (target.kind) {
    case 'column':
      return testColumn(target.column, test, ctx, label);
    case 'json':
      return jsonLeaf(target, test, ctx, label);
    case 'membership': {
      const alias = ctx.b.alias('m');
      const condition =
        target.subAttribute === undefined && test.op === 'pr'
          ? 'TRUE'
          : membershipTest(
              target.attribute,
              target.subAttribute ?? 'value',
              alias,
              test,
              ctx,
              label,
            );
      return membershipExists(target.attribute, alias, condition, ctx);
    }
    default: {
      const never: never = target;
      throw new InvalidFilterError(`Unknown target ${JSON.stringify(never)}`);
    }
  }
}

function jsonLeaf(
  target: PathTarget & { kind: 'json' },
  test: LeafTest,
  ctx: QueryContext,
  label: string,
): string {
  // `emails eq "x"` and `manager eq "id"` compare the element's `value` (the parser says so with a
  // sub-attribute; a hand-built filter may leave it out).
  const sub =
    target.subAttribute ??
    (test.op !== 'pr' && target.definition.type === 'complex' ? 'value' : undefined);
  const definition =
    sub === target.subAttribute
      ? target.definition
      : target.definition.subAttributes?.find((d) => d.name === sub);
  if (definition === undefined)
    throw new InvalidFilterError(`${label} is complex; compare one of its sub-attributes`);
  const alias = ctx.b.alias('el');
  const operand = ctx.dialect.elementOperand(alias, sub, ctx.b);
  const condition =
    test.op === 'pr'
      ? ctx.dialect.presentJson(operand)
      : compareJson(operand, definition, test.op, test.value, ctx, label);
  const exists = `EXISTS (SELECT 1 FROM ${ctx.dialect.jsonElements(target.jsonKeys, alias, ctx.b)} WHERE ${condition})`;
  const email =
    isEmails(target, ctx) && sub === 'value' && test.op === 'eq' ? test.value : undefined;
  return typeof email === 'string' ? `(${emailLookup(email, ctx)} AND ${exists})` : exists;
}

function compileValuePath(
  path: AttributePath,
  inner: Filter,
  ctx: QueryContext,
  scope: Scope,
): string {
  if (scope.kind !== 'resource')
    throw new InvalidFilterError(`Value filters cannot nest: "${pathText(path)}[...]"`);
  const target = resolvePath(path, ctx);
  if (
    target.kind === 'column' ||
    target.subAttribute !== undefined ||
    (target.kind === 'json' && target.definition.type !== 'complex')
  ) {
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
      ctx,
    );
  }
  const alias = ctx.b.alias('el');
  const elements = ctx.dialect.jsonElements(target.jsonKeys, alias, ctx.b);
  const elementScope: Scope = {
    kind: 'element',
    ...(target.schema === undefined ? {} : { schema: target.schema }),
    attribute: target.attribute,
    alias,
  };
  const exists = `EXISTS (SELECT 1 FROM ${elements} WHERE ${compile(inner, ctx, elementScope)})`;
  const email = isEmails(target, ctx) ? requiredValue(inner) : undefined;
  return email === undefined ? exists : `(${emailLookup(email, ctx)} AND ${exists})`;
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
