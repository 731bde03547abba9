import { FilterParser } from '../filter/filter-parser.js';
import type { Filter } from '../filter/filter.ast.js';
import type { SchemaDefinition } from '../schema/attribute-definition.js';
import type { AttributeResolver, ResolvedAttribute } from '../schema/schema-registry.js';

/** A PATCH target (RFC 7644 §3.5.2, Figure 1), resolved to canonical names. */
export type PatchPath =
  /** `userName`, `name.givenName`, `urn:...:enterprise:2.0:User:manager`. */
  | { readonly kind: 'attribute'; readonly target: ResolvedAttribute }
  /** `emails[type eq "work"]` or `emails[type eq "work"].value`. */
  | {
      readonly kind: 'valueFilter';
      readonly attribute: ResolvedAttribute;
      readonly filter: Filter;
      readonly subAttribute?: ResolvedAttribute;
    }
  /** A bare schema URN: the value holds attributes of that schema. */
  | { readonly kind: 'schema'; readonly schema: SchemaDefinition };

/** Parses a PATCH path; an unknown attribute or a syntax error is a 400 `invalidPath`. */
export function parsePatchPath(text: string, resolver: AttributeResolver): PatchPath {
  const parser = new FilterParser(text, resolver, 'path');
  return parser.guard((): PatchPath => {
    const word = parser.expectWord('an attribute path');
    if (parser.peek().kind === 'end') {
      const target = resolver.resolve(word.text);
      if (target !== undefined) return { kind: 'attribute', target };
      const schema = resolver.findSchema(word.text);
      if (schema !== undefined) return { kind: 'schema', schema };
    }
    const attribute = parser.resolvePath(word, undefined);
    if (parser.peek().kind !== '[') {
      parser.expect('end', 'the end of the path or "["');
      return { kind: 'attribute', target: attribute };
    }
    if (!attribute.definition.multiValued || attribute.subAttribute !== undefined) {
      throw parser.error(
        `A value filter needs a multi-valued attribute; "${attribute.attribute}" is not one`,
      );
    }
    const filter = parser.parseBracket(attribute);
    const after = parser.peek();
    if (after.kind === 'word' && after.text.startsWith('.')) {
      parser.next();
      const subAttribute = parser.resolvePath({ ...after, text: after.text.slice(1) }, attribute);
      parser.expect('end', 'the end of the path');
      return { kind: 'valueFilter', attribute, filter, subAttribute };
    }
    parser.expect('end', 'the end of the path or ".subAttribute"');
    return { kind: 'valueFilter', attribute, filter };
  });
}
