import { ScimError } from '../errors/scim-error.js';
import { findSubAttribute } from '../schema/attribute-definition.js';
import type { AttributeResolver, ResolvedAttribute } from '../schema/schema-registry.js';
import {
  type AttributePath,
  type CompareOperator,
  EVERY_RESOURCE,
  type Filter,
  type FilterValue,
  NO_RESOURCE,
} from './filter.ast.js';
import { SyntaxProblem, tokenize, type Token } from './filter-tokenizer.js';
import { typeFilterValue } from './filter-value.coerce.js';

const OPERATORS: readonly CompareOperator[] = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
];
/** Parentheses deeper than this are refused, so a hostile filter cannot exhaust the stack. */
const MAX_DEPTH = 32;

/** What a filter or PATCH path is, for error details and the scimType of its errors. */
export type Subject = 'filter' | 'path';

export interface FilterParserOptions {
  /**
   * Receives an attribute the resolver does not know instead of failing on it; the comparison then
   * reads the attribute as having no value. RFC 7644 §3.4.2.2 asks this of queries across resource
   * types. `position` is the 0-based character where the name starts.
   */
  readonly unknownAttribute?: (error: ScimError, position: number) => void;
}

/** The scope inside the brackets of an attribute the resolver does not know. */
const UNKNOWN = 'unknown';
/** Where paths resolve: top level, inside `attr[...]`, or inside the brackets of an unknown attribute. */
type Scope = ResolvedAttribute | undefined | typeof UNKNOWN;

export function toAttributePath(resolved: ResolvedAttribute): AttributePath {
  return {
    ...(resolved.schema === undefined ? {} : { schema: resolved.schema }),
    attribute: resolved.attribute,
    ...(resolved.subAttribute === undefined ? {} : { subAttribute: resolved.subAttribute }),
  };
}

/**
 * Recursive-descent parser of RFC 7644 §3.4.2.2 with the precedence not > and > or. Attribute paths
 * are resolved while parsing, so the tree names attributes canonically. Inside `attr[...]` the
 * paths are the parent's sub-attributes, and the tree spells them out in full
 * (`emails[type eq "work"]` holds a compare on `emails.type`).
 */
export class FilterParser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly resolver: AttributeResolver,
    private readonly subject: Subject,
    private readonly options: FilterParserOptions = {},
  ) {
    this.tokens = this.guard(() => tokenize(text));
  }

  /** The whole text as one filter. */
  parseFilter(): Filter {
    return this.guard(() => {
      const filter = this.parseOr(undefined);
      this.expect('end', 'and, or or the end');
      return filter;
    });
  }

  /** Runs `parse`, turning syntax problems into ScimErrors of this subject's kind. */
  guard<T>(parse: () => T): T {
    try {
      return parse();
    } catch (problem) {
      if (!(problem instanceof SyntaxProblem)) throw problem;
      const at = `at character ${problem.position + 1}`;
      const found =
        problem.found === ''
          ? `Unexpected end of the ${this.subject} ${at}`
          : `Unexpected "${problem.found}" ${at} of the ${this.subject}`;
      const expected = problem.expected === undefined ? '' : `; expected ${problem.expected}`;
      throw this.error(`${found}${expected}`);
    }
  }

  error(detail: string): ScimError {
    return this.subject === 'filter'
      ? ScimError.invalidFilter(detail)
      : ScimError.invalidPath(detail);
  }

  peek(): Token {
    // The tokenizer always ends with an 'end' token and the parser never moves past it.
    return this.tokens[this.index] ?? { kind: 'end', text: '', position: this.text.length };
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  expect(kind: Token['kind'], expected: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw new SyntaxProblem(token.text, token.position, expected);
    return token;
  }

  expectWord(expected: string): Token & { kind: 'word' } {
    const token = this.next();
    if (token.kind !== 'word') throw new SyntaxProblem(token.text, token.position, expected);
    return token;
  }

  /** A path word resolved top-level or, inside brackets, as a sub-attribute of `scope`. */
  resolvePath(
    token: Token & { kind: 'word' },
    scope: ResolvedAttribute | undefined,
  ): ResolvedAttribute {
    const resolved =
      scope === undefined
        ? this.resolver.resolve(token.text)
        : this.resolver.resolveSubAttribute(scope, token.text);
    if (resolved === undefined) {
      const where = scope === undefined ? '' : ` of ${scope.attribute}`;
      throw this.error(
        `Unknown attribute "${token.text}"${where} at character ${token.position + 1} of the ${this.subject}`,
      );
    }
    return resolved;
  }

  /**
   * Like resolvePath, but hands an unknown top-level attribute to `options.unknownAttribute` when
   * set. Sub-attributes of a known attribute stay strict, so the always-true and always-false
   * stand-ins never land inside a value filter, where `id` would mean an element's sub-attribute.
   */
  private lookup(token: Token & { kind: 'word' }, scope: Scope): ResolvedAttribute | undefined {
    if (scope === UNKNOWN) return undefined;
    const report = this.options.unknownAttribute;
    if (report === undefined || scope !== undefined) return this.resolvePath(token, scope);
    try {
      return this.resolvePath(token, scope);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      report(error, token.position);
      return undefined;
    }
  }

  /** `[valFilter]` after a multi-valued or complex attribute; the opening bracket is next. */
  parseBracket(parent: ResolvedAttribute): Filter {
    const open = this.expect('[', '"["');
    if (parent.subAttribute !== undefined || parent.definition.type !== 'complex') {
      throw this.error(
        `Unexpected "[" at character ${open.position + 1} of the ${this.subject}: ${parent.attribute} has no sub-attributes to filter on`,
      );
    }
    const filter = this.parseOr(parent);
    this.expect(']', 'and, or or "]"');
    return filter;
  }

  private parseOr(scope: Scope): Filter {
    let left = this.parseAnd(scope);
    while (this.isKeyword('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(scope) };
    }
    return left;
  }

  private parseAnd(scope: Scope): Filter {
    let left = this.parseUnary(scope);
    while (this.isKeyword('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(scope) };
    }
    return left;
  }

  private parseUnary(scope: Scope): Filter {
    if (this.isKeyword('not')) {
      this.next();
      return { kind: 'not', filter: this.parseUnary(scope) };
    }
    if (this.peek().kind === '(') {
      const open = this.next();
      if (++this.depth > MAX_DEPTH)
        throw new SyntaxProblem('(', open.position, `at most ${MAX_DEPTH} nested parentheses`);
      const filter = this.parseOr(scope);
      this.expect(')', 'and, or or ")"');
      this.depth -= 1;
      return filter;
    }
    return this.parseAttributeExpression(scope);
  }

  private parseAttributeExpression(scope: Scope): Filter {
    const word = this.expectWord('an attribute name, "not" or "("');
    const path = this.lookup(word, scope);
    if (path === undefined) return this.parseUnknownExpression(scope);
    if (scope === undefined && this.peek().kind === '[') {
      const inner = this.parseBracket(path);
      const after = this.peek();
      if (after.kind !== 'word' || !after.text.startsWith('.'))
        return { kind: 'valuePath', path: toAttributePath(path), filter: inner };
      // Entra matches on `emails[type eq "work"].value eq "x"`: both conditions on one element.
      this.next();
      const sub = this.resolvePath({ ...after, text: after.text.slice(1) }, path);
      return {
        kind: 'valuePath',
        path: toAttributePath(path),
        filter: { kind: 'and', left: inner, right: this.parseOperation(sub) },
      };
    }
    return this.parseOperation(path);
  }

  /**
   * The rest of an expression on an attribute that is not there: RFC 7644 §3.4.2.2 treats it "as if
   * there is no attribute value", so only `ne` (not equal) and `eq null` hold.
   */
  private parseUnknownExpression(scope: Scope): Filter {
    if (scope === undefined && this.peek().kind === '[') {
      this.expect('[', '"["');
      this.parseOr(UNKNOWN);
      this.expect(']', 'and, or or "]"');
      const after = this.peek();
      if (after.kind !== 'word' || !after.text.startsWith('.')) return NO_RESOURCE;
      this.next();
    }
    return this.parseUnknownOperation();
  }

  private parseUnknownOperation(): Filter {
    const token = this.expectWord('an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)');
    const op = token.text.toLowerCase();
    if (op === 'pr') return NO_RESOURCE;
    if (!OPERATORS.some((candidate) => candidate === op))
      throw new SyntaxProblem(
        token.text,
        token.position,
        'an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)',
      );
    const isNull = this.parseLiteral() === null;
    const holds = op === 'ne' ? !isNull : op === 'eq' && isNull;
    return holds ? EVERY_RESOURCE : NO_RESOURCE;
  }

  private parseOperation(resolved: ResolvedAttribute): Filter {
    if (resolved.definition.returned === 'never') {
      throw this.error(`${resolved.attribute} cannot be used in a ${this.subject}`);
    }
    const token = this.expectWord('an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)');
    const op = token.text.toLowerCase();
    if (op === 'pr') return { kind: 'present', path: toAttributePath(resolved) };
    const operator = OPERATORS.find((candidate) => candidate === op);
    if (operator === undefined)
      throw new SyntaxProblem(
        token.text,
        token.position,
        'an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)',
      );
    const target = compareTarget(resolved);
    const literalToken = this.peek();
    const typed = typeFilterValue(target.definition, operator, this.parseLiteral());
    if ('problem' in typed)
      throw this.error(
        `${typed.problem} (character ${literalToken.position + 1} of the ${this.subject})`,
      );
    return { kind: 'compare', path: toAttributePath(target), op: operator, value: typed.value };
  }

  private parseLiteral(): FilterValue {
    const token = this.next();
    switch (token.kind) {
      case 'string':
      case 'number':
        return token.value;
      case 'word': {
        const lower = token.text.toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
        if (lower === 'null') return null;
        // RFC 7644 §3.4.2.2: compValue is a JSON literal, so `externalId eq jyoung` (an old Entra
        // sample) is refused; Entra itself quotes the value.
        break;
      }
      case '(':
      case ')':
      case '[':
      case ']':
      case 'end':
        break;
      default: {
        const unhandled: never = token;
        throw new Error(`Unhandled token ${JSON.stringify(unhandled)}`);
      }
    }
    throw new SyntaxProblem(
      token.text,
      token.position,
      'a value (a "string", number, true, false or null)',
    );
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }
}

/**
 * RFC 7644 §3.4.2.2: a comparison on a multi-valued complex attribute compares its `value`
 * (`emails eq "x"` is `emails.value eq "x"`; Entra's `manager eq "<id>"` is `manager.value`).
 */
function compareTarget(resolved: ResolvedAttribute): ResolvedAttribute {
  if (resolved.definition.type !== 'complex' || resolved.subAttribute !== undefined)
    return resolved;
  const value = findSubAttribute(resolved.definition, 'value');
  return value ? { ...resolved, subAttribute: value.name, definition: value } : resolved;
}
