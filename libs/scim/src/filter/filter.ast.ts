/**
 * SCIM filter syntax tree (RFC 7644 §3.4.2.2). Attribute paths are resolved by the parser:
 * names are as the schema spells them (case-insensitive input, canonical output), and a
 * URN prefix is split off into `schema`.
 *
 * Conventions of `parseFilter` (libs/scim/src/filter/parse-filter.ts):
 * - `schema` is set exactly when the attribute belongs to an extension schema; core attributes
 *   (also when the filter spelled them with the core URN) have no `schema`.
 * - Inside a `valuePath`, paths are written out in full: `emails[type eq "work"]` holds a compare
 *   on `{ attribute: 'emails', subAttribute: 'type' }`, read from the one element being tested.
 * - Entra's `emails[type eq "work"].value eq "x"` becomes a `valuePath` on `emails` whose filter is
 *   `type eq "work" and value eq "x"` (both on the same element).
 * - A compare on a complex attribute with a `value` sub-attribute compares that sub-attribute:
 *   `emails eq "x"` arrives as `emails.value eq "x"`, `manager eq "id"` as `manager.value eq "id"`.
 * - Values are typed by the attribute: booleans are booleans (string "True" converted), numbers
 *   numbers, dateTimes strings that parse as dates, `null` only with eq/ne.
 */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterValue = string | number | boolean | null;

export interface AttributePath {
  /** Schema URN when the filter named one, e.g. the Enterprise User extension. */
  readonly schema?: string;
  /** Top-level attribute name, e.g. `emails` or `userName`. */
  readonly attribute: string;
  /** Sub-attribute, e.g. `value` in `emails.value` or `name.familyName`. */
  readonly subAttribute?: string;
}

export type Filter =
  | {
      readonly kind: 'compare';
      readonly path: AttributePath;
      readonly op: CompareOperator;
      readonly value: FilterValue;
    }
  | { readonly kind: 'present'; readonly path: AttributePath }
  | { readonly kind: 'and'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'not'; readonly filter: Filter }
  /** `emails[type eq "work" and value co "@x"]`: the inner filter applies to one element. */
  | { readonly kind: 'valuePath'; readonly path: AttributePath; readonly filter: Filter };

/**
 * A filter every resource matches: RFC 7643 §3.1 gives every resource an `id`. Where a query spans
 * resource types, a comparison on an attribute one type lacks becomes this or {@link NO_RESOURCE}
 * for that type, so evaluators need no extra node kind.
 */
export const EVERY_RESOURCE: Filter = { kind: 'present', path: { attribute: 'id' } };

/** A filter no resource matches. */
export const NO_RESOURCE: Filter = { kind: 'not', filter: EVERY_RESOURCE };
