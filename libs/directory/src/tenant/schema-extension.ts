/**
 * A tenant's own extension schemas (RFC 7643 §3.3, e.g. Document360's `isTeamAccount` on User).
 * Stored fully normalised: every RFC 7643 §7 characteristic is present, so the SCIM layer can
 * publish and enforce them without knowing which were defaulted. The shapes match `#scim`'s
 * `SchemaDefinition`, which this pure library does not import.
 */
export type ExtensionResourceType = 'User' | 'Group';

/** RFC 7643 §2.3 data types. */
export type ExtensionAttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';

export type ExtensionMutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type ExtensionReturned = 'always' | 'never' | 'default' | 'request';
export type ExtensionUniqueness = 'none' | 'server' | 'global';

export interface ExtensionAttribute {
  readonly name: string;
  readonly type: ExtensionAttributeType;
  readonly multiValued: boolean;
  readonly description?: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: ExtensionMutability;
  readonly returned: ExtensionReturned;
  readonly uniqueness: ExtensionUniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  /** Only on `complex` attributes, and never complex themselves (RFC 7643 §2.3.8). */
  readonly subAttributes?: readonly ExtensionAttribute[];
}

export interface ExtensionSchema {
  /** A URN, e.g. `urn:ietf:params:scim:schemas:extension:document360:2.0:User`. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly attributes: readonly ExtensionAttribute[];
}

export interface TenantSchemaExtension {
  readonly resourceType: ExtensionResourceType;
  readonly schema: ExtensionSchema;
  /** RFC 7643 §6 `schemaExtensions[].required`. */
  readonly required: boolean;
}

/** An attribute as an admin writes it: characteristics left out take the RFC 7643 §2.2 defaults. */
export type ExtensionAttributeInput = Partial<
  Omit<ExtensionAttribute, 'name' | 'subAttributes'>
> & {
  readonly name: string;
  readonly subAttributes?: readonly ExtensionAttributeInput[];
};

export interface ExtensionSchemaInput {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly attributes: readonly ExtensionAttributeInput[];
}

/** Schema URNs are compared ignoring case, as SCIM clients spell them in either case. */
export function sameSchemaId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
