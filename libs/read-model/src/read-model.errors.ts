/** The filter or sortBy cannot be evaluated; the gateway answers 400 `invalidFilter` (RFC 7644 §3.4.2.2). */
export class InvalidFilterError extends Error {
  override readonly name = 'InvalidFilterError';
  readonly scimType = 'invalidFilter';
}
