import { ScimError } from '../errors/scim-error.js';
import { findKey, isJsonObject, type JsonValue } from '../json/json.js';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOpName = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  readonly value?: JsonValue;
  /** Position in `Operations`, for error details. */
  readonly index: number;
}

/**
 * Validates a PatchOp message (RFC 7644 §3.5.2). Member names and `op` values are matched
 * case-insensitively: Entra sends `"op":"Replace"`.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isJsonObject(body))
    throw ScimError.invalidSyntax(
      'The PATCH body must be a JSON object with "schemas" and "Operations"',
    );
  const schemasKey = findKey(body, 'schemas');
  const schemas = schemasKey === undefined ? undefined : body[schemasKey];
  if (
    !Array.isArray(schemas) ||
    !schemas.some(
      (schema) =>
        typeof schema === 'string' && schema.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase(),
    )
  ) {
    throw ScimError.invalidSyntax(`The PATCH body must list "${PATCH_OP_SCHEMA}" in "schemas"`);
  }
  const operationsKey = findKey(body, 'Operations');
  const operations = operationsKey === undefined ? undefined : body[operationsKey];
  // RFC 7644 §3.5.2: "an array of one or more PATCH operations".
  if (!Array.isArray(operations) || operations.length === 0) {
    throw ScimError.invalidSyntax(
      'The PATCH body must have "Operations": an array of one or more operations',
    );
  }
  return operations.map(parseOperation);
}

function parseOperation(raw: JsonValue, index: number): PatchOperation {
  const label = `Operations[${index}]`;
  if (!isJsonObject(raw))
    throw ScimError.invalidSyntax(`${label} must be an object with "op", "path" and "value"`);
  const opKey = findKey(raw, 'op');
  const rawOp = opKey === undefined ? undefined : raw[opKey];
  const op = typeof rawOp === 'string' ? toOpName(rawOp) : undefined;
  if (op === undefined)
    throw ScimError.invalidSyntax(
      `${label}.op must be "add", "remove" or "replace", not ${JSON.stringify(rawOp ?? null)}`,
    );

  const pathKey = findKey(raw, 'path');
  const rawPath = pathKey === undefined ? undefined : raw[pathKey];
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string')
    throw ScimError.invalidPath(`${label}.path must be a string`);
  const path = typeof rawPath === 'string' && rawPath.trim() !== '' ? rawPath.trim() : undefined;

  const valueKey = findKey(raw, 'value');
  const value = valueKey === undefined ? undefined : raw[valueKey];
  if (op !== 'remove' && value === undefined)
    throw ScimError.invalidValue(`${label} (${op}) needs a "value"`);
  return {
    op,
    index,
    ...(path === undefined ? {} : { path }),
    ...(value === undefined ? {} : { value }),
  };
}

function toOpName(raw: string): PatchOpName | undefined {
  const lower = raw.toLowerCase();
  return lower === 'add' || lower === 'remove' || lower === 'replace' ? lower : undefined;
}
