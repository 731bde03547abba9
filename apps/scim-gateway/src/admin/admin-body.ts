import { ScimError } from '#scim';

export type JsonBody = { readonly [key: string]: unknown };

/** The request body as a JSON object; `example` shows the admin what to send. */
export function objectBody(body: unknown, example: string): JsonBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimError(400, `Send a JSON object as the body, e.g. ${example}`, 'invalidSyntax');
  }
  return body as JsonBody;
}

export function requiredString(body: JsonBody, name: string, example: string): string {
  const value = body[name];
  if (typeof value !== 'string') {
    throw new ScimError(
      400,
      `"${name}" is required and must be a string, e.g. ${example}`,
      'invalidValue',
    );
  }
  return value;
}

export function optionalString(body: JsonBody, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ScimError(400, `"${name}" must be a string when given`, 'invalidValue');
  }
  return value;
}

export function requiredBoolean(body: JsonBody, name: string, example: string): boolean {
  const value = body[name];
  if (typeof value !== 'boolean') {
    throw new ScimError(
      400,
      `"${name}" is required and must be true or false, e.g. ${example}`,
      'invalidValue',
    );
  }
  return value;
}
