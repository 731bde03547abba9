/**
 * Canonical JSON, so the same value always gives the same bytes and so the same hash: object keys
 * sorted by UTF-16 code units at every depth, no whitespace, numbers and strings as
 * `JSON.stringify` writes them. That is the JSON Canonicalization Scheme of RFC 8785 for the
 * values an event can hold, so an auditor can recompute a digest in any language.
 *
 * Object keys whose value is `undefined` are left out, as `JSON.stringify` does: an optional
 * field that is absent and one that is `undefined` must hash alike, since a round trip through
 * the store drops the latter.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      // Not Object.fromEntries + JSON.stringify: engines put integer-like keys first.
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
