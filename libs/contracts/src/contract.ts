/**
 * A contract is one version of one integration event: its CloudEvents `type`, the topic it goes
 * to, the JSON schema of its `data`, and an example that docs/events.md shows and tests validate.
 * A new version of an event is a new contract in its own file; an old one is never changed.
 */
export type ContractResource = 'User' | 'Group';

/** The subset of JSON Schema (2020-12) the contracts use; published as-is for other languages. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface Contract<Data> {
  /** CloudEvents `type`, e.g. `scim.user.deactivated.v1`. */
  readonly type: string;
  readonly resource: ContractResource;
  readonly summary: string;
  readonly schema: JsonSchema;
  readonly example: Data;
}

export function defineContract<Data>(contract: Contract<Data>): Contract<Data> {
  return contract;
}

/** Schema fragments shared by every contract's `data`. */
export const schemaParts = {
  tenant: { type: 'string', minLength: 1, description: 'The tenant the resource belongs to.' },
  userId: { type: 'string', minLength: 1, description: 'The SCIM `id` of the user.' },
  groupId: { type: 'string', minLength: 1, description: 'The SCIM `id` of the group.' },
  userName: { type: 'string', minLength: 1, description: 'The SCIM `userName`.' },
  displayName: {
    type: 'string',
    minLength: 1,
    description: 'The SCIM `displayName` of the group.',
  },
} as const;

/**
 * An object schema with the listed properties required. Other properties are allowed: consumers
 * read tolerantly, so a later release may add an optional field to a v1 contract; anything else
 * (a removed or retyped field, a changed meaning) is a new version.
 */
export function objectSchema(
  title: string,
  properties: { readonly [name: string]: JsonSchema },
  required: readonly string[],
): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    properties,
    required,
  };
}
