import { ScimError } from '../errors/scim-error.js';

/**
 * What is being checked: a POST body, a PUT body, or the resource a PATCH would leave behind
 * (so a PATCH cannot store what a POST would reject).
 */
export type ResourceInput = 'create' | 'replace' | 'patchResult';

/**
 * The errors of one check. A request body that does not fit the schemas is `invalidSyntax`
 * (RFC 7644 §3.12: "the request body structure was invalid or did not conform to the request
 * schema"); a PATCH result is `invalidValue`, since the PATCH message itself was well formed.
 */
export class ResourceProblems {
  constructor(private readonly input: ResourceInput) {}

  /** The body's shape: not an object, no `schemas`, a name given twice. */
  syntax(detail: string): ScimError {
    return this.input === 'patchResult'
      ? ScimError.invalidValue(this.told(detail))
      : ScimError.invalidSyntax(detail);
  }

  /** An attribute no schema of the tenant defines. */
  unknown(detail: string): ScimError {
    return this.syntax(detail);
  }

  /** A value of the wrong type, a missing required value, two primaries. */
  value(detail: string): ScimError {
    return ScimError.invalidValue(this.told(detail));
  }

  /** A changed immutable attribute (RFC 7644 §3.5.1). */
  mutability(detail: string): ScimError {
    return ScimError.mutability(this.told(detail));
  }

  private told(detail: string): string {
    return this.input === 'patchResult' ? `After this PATCH, ${lowerFirst(detail)}` : detail;
  }
}

function lowerFirst(text: string): string {
  // Attribute names and quoted names keep their case.
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
