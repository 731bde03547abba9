/** The filter cannot be evaluated; the gateway answers 400 `invalidFilter` (RFC 7644 §3.4.2.2). */
export class InvalidFilterError extends Error {
  override readonly name = 'InvalidFilterError';
  readonly scimType = 'invalidFilter';
}

/** The sortBy attribute cannot be sorted on; the gateway answers 400 `invalidValue`. */
export class InvalidSortError extends Error {
  override readonly name = 'InvalidSortError';
  readonly scimType = 'invalidValue';
}
