export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** SCIM attributes keyed by top-level attribute name (extension schemas keyed by their URN). */
export type Attributes = { readonly [name: string]: JsonValue };
