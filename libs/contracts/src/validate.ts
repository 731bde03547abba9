import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Contract } from './contract.js';

const ajv = new Ajv2020.default({ allErrors: false, strict: true, allowUnionTypes: true });
const compiled = new Map<string, ValidateFunction>();

/** Why `data` does not match the contract's JSON schema, or `undefined` when it does. */
export function schemaViolation(contract: Contract<unknown>, data: unknown): string | undefined {
  let validate = compiled.get(contract.type);
  if (validate === undefined) {
    validate = ajv.compile(contract.schema);
    compiled.set(contract.type, validate);
  }
  if (validate(data)) return undefined;
  return (validate.errors ?? []).map(describe).join('; ') || 'does not match the schema';
}

function describe(error: ErrorObject): string {
  const where =
    error.instancePath === '' ? 'data' : `data${error.instancePath.replaceAll('/', '.')}`;
  return `${where} ${error.message ?? 'is invalid'}`;
}
